package dev.zck.engine.socket.internal;

import dev.zck.engine.ZmtpMessage;
import dev.zck.spi.ErrorKind;
import dev.zck.spi.Message;
import dev.zck.spi.SocketType;
import dev.zck.spi.ZmqException;
import io.netty.channel.EventLoop;
import java.util.HashMap;
import java.util.Map;

/**
 * SERVER (RFC 41) and PEER (RFC 51): single-part messages addressed by a non-zero 32-bit routing id that the socket
 * gives each peer. A received message carries its sender's id; a sent one must name a known peer, else EHOSTUNREACH;
 * a full peer makes the send wait. A PEER learns the id of a peer it connects to from {@code connectPeer}.
 */
final class ServerSocket extends SocketCore {
    private final Map<Integer, Pipe> byId = new HashMap<>();
    private final FairQueue fq = new FairQueue();
    private int nextId = 1;
    private Pipe lastAttached;

    ServerSocket(SocketType type, EngineRuntime runtime, EventLoop loop) {
        super(type, runtime, loop);
    }

    @Override
    protected void attached(Pipe pipe) {
        int id = nextId++;
        if (nextId == 0) {
            nextId = 1;
        }
        pipe.intRoutingId(id);
        byId.put(id, pipe);
        lastAttached = pipe;
    }

    @Override
    protected void terminated(Pipe pipe) {
        byId.remove(pipe.intRoutingId(), pipe);
    }

    /** Connects and returns the routing id of the new peer (PEER's connectPeer). */
    @Override
    public int connectPeer(String endpoint) throws ZmqException {
        if (type != SocketType.PEER) {
            return super.connectPeer(endpoint);
        }
        if (options.immediate) {
            throw new ZmqException(ErrorKind.OTHER, "EFAULT: connectPeer needs IMMEDIATE off");
        }
        lastAttached = null;
        connect(endpoint);
        if (lastAttached == null) {
            throw new ZmqException(ErrorKind.OTHER, "no pipe was created for " + endpoint);
        }
        return lastAttached.intRoutingId();
    }

    @Override
    protected boolean xsend(Message message) throws ZmqException {
        Messages.requireSinglePart(type, message);
        if (message.routingId().isEmpty()) {
            throw new ZmqException(ErrorKind.HOST_UNREACHABLE, "EHOSTUNREACH: the message names no routing id");
        }
        Pipe pipe = byId.get(message.routingId().getAsInt());
        if (pipe == null) {
            throw new ZmqException(
                    ErrorKind.HOST_UNREACHABLE, "EHOSTUNREACH: no peer with routing id " + message.routingId());
        }
        if (!pipe.write(ZmtpMessage.wrap(message.frames()))) {
            return false;
        }
        pipe.flush();
        return true;
    }

    @Override
    protected Message xrecv() {
        while (true) {
            ZmtpMessage message = fq.receive(pipes);
            if (message == null) {
                return null;
            }
            if (message.size() == 1) {
                return Message.of(message.framesView())
                        .withRoutingId(fq.lastPipe().intRoutingId());
            }
        }
    }
}
