package dev.zck.engine.socket.internal;

import dev.zck.engine.Metadata;
import dev.zck.engine.PeerInfo;
import dev.zck.engine.ZmtpCommand;
import dev.zck.engine.ZmtpMessage;
import dev.zck.engine.ZmtpSubscription;
import dev.zck.engine.ZmtpVersion;
import java.util.ArrayDeque;

/**
 * One end of an inproc connection: two sockets share a pair of message queues directly, with no ZMTP in between,
 * as in libzmq. Each direction holds up to the sender's SNDHWM plus the receiver's RCVHWM messages (0 on either side
 * means no limit), which is why a blocking type accepts 2h messages over inproc with HWM h on both sides. The two
 * ends may live on different event loops; the shared queues are guarded by one lock and each side is woken on its
 * own loop.
 */
final class InprocPipe extends Pipe {
    /** The state both ends share. */
    static final class Link {
        private final ArrayDeque<ZmtpMessage> toB = new ArrayDeque<>();
        private final ArrayDeque<ZmtpMessage> toA = new ArrayDeque<>();
        private int capacityToB;
        private int capacityToA;
        /** CONFLATE of the connecting socket, as in libzmq: both directions keep only the newest message. */
        private boolean conflate;

        private boolean closed;
        private InprocPipe a;
        private InprocPipe b;
    }

    private final Link link;
    private final boolean sideA;

    private InprocPipe(SocketCore socket, Link link, boolean sideA) {
        super(socket);
        this.link = link;
        this.sideA = sideA;
    }

    /** The connecting end, created before the bound side may exist; its queue towards the peer is bounded by its own HWMs. */
    static InprocPipe connecting(SocketCore socket) {
        Link link = new Link();
        InprocPipe a = new InprocPipe(socket, link, true);
        link.a = a;
        link.capacityToB = sum(socket.options().sndhwm, socket.options().rcvhwm);
        link.capacityToA = sum(socket.options().rcvhwm, socket.options().sndhwm);
        link.conflate = socket.options().conflates(socket.type());
        return a;
    }

    /** Completes the link with the bound socket; returns the bound end. */
    InprocPipe join(SocketCore boundSocket) {
        InprocPipe b = new InprocPipe(boundSocket, link, false);
        synchronized (link) {
            link.b = b;
            link.capacityToB = sum(socket.options().sndhwm, boundSocket.options().rcvhwm);
            link.capacityToA = sum(boundSocket.options().sndhwm, socket.options().rcvhwm);
        }
        peer(infoOf(boundSocket));
        b.peer(infoOf(socket));
        return b;
    }

    private static PeerInfo infoOf(SocketCore socket) {
        Metadata metadata =
                Metadata.empty().with(Metadata.SOCKET_TYPE, socket.type().zmtpName());
        metadata = metadata.with(Metadata.IDENTITY, socket.options().routingId);
        return new PeerInfo(ZmtpVersion.ZMTP_3_1, socket.type(), metadata, false);
    }

    private static int sum(int sndhwm, int rcvhwm) {
        return sndhwm == 0 || rcvhwm == 0 ? 0 : sndhwm + rcvhwm;
    }

    private ArrayDeque<ZmtpMessage> outQueue() {
        return sideA ? link.toB : link.toA;
    }

    private ArrayDeque<ZmtpMessage> inQueue() {
        return sideA ? link.toA : link.toB;
    }

    private int outCapacity() {
        return sideA ? link.capacityToB : link.capacityToA;
    }

    private InprocPipe other() {
        return sideA ? link.b : link.a;
    }

    @Override
    public boolean canWrite() {
        synchronized (link) {
            return !link.closed
                    && (link.conflate || outCapacity() == 0 || outQueue().size() < outCapacity());
        }
    }

    @Override
    public boolean write(ZmtpMessage message) {
        InprocPipe other;
        synchronized (link) {
            if (link.closed
                    || (!link.conflate && outCapacity() != 0 && outQueue().size() >= outCapacity())) {
                return false;
            }
            if (link.conflate) {
                outQueue().clear();
            }
            outQueue().add(message);
            other = other();
        }
        if (other != null) {
            other.socket.wake();
        }
        return true;
    }

    @Override
    public void flush() {}

    @Override
    public ZmtpMessage read() {
        ZmtpMessage message;
        InprocPipe other;
        synchronized (link) {
            message = inQueue().poll();
            other = other();
        }
        if (message != null && other != null) {
            other.socket.wake();
        }
        return message;
    }

    @Override
    public boolean hasMessage() {
        synchronized (link) {
            return !inQueue().isEmpty();
        }
    }

    @Override
    public void subscribe(ZmtpSubscription subscription) {
        InprocPipe other = otherIfOpen();
        if (other != null) {
            other.socket.loop().execute(() -> other.socket.onSubscription(other, subscription));
        }
    }

    @Override
    public void command(ZmtpCommand command) {
        InprocPipe other = otherIfOpen();
        if (other != null) {
            other.socket.loop().execute(() -> other.socket.onGroupCommand(other, command));
        }
    }

    private InprocPipe otherIfOpen() {
        synchronized (link) {
            return link.closed ? null : other();
        }
    }

    @Override
    public void terminate() {
        InprocPipe other;
        synchronized (link) {
            if (link.closed) {
                return;
            }
            link.closed = true;
            link.toA.clear();
            link.toB.clear();
            other = other();
        }
        if (other != null) {
            other.socket.loop().execute(() -> other.socket.detachPipe(other));
        }
    }

    /** Nothing of ours waits in the queue towards the peer. */
    boolean drained() {
        synchronized (link) {
            return link.closed || outQueue().isEmpty();
        }
    }

    @Override
    public boolean connected() {
        synchronized (link) {
            return !link.closed && other() != null;
        }
    }

    @Override
    public String toString() {
        return "InprocPipe[" + (sideA ? "connecting" : "bound") + "]";
    }
}
