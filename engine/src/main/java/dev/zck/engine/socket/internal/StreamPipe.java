package dev.zck.engine.socket.internal;

import dev.zck.engine.PeerInfo;
import dev.zck.engine.ZmtpCommand;
import dev.zck.engine.ZmtpMessage;
import dev.zck.engine.ZmtpSubscription;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A pipe over ZMTP connections of any {@link dev.zck.engine.transport.Transport}. Outgoing messages wait in a queue
 * bounded by SNDHWM and move to the channel while it is writable (Netty's write buffer plays the part of the kernel
 * buffer); incoming messages wait in a queue bounded by RCVHWM, and reading from the connection stops while it is
 * full, so TCP backpressure reaches the sender; SUB, XSUB and DISH instead keep reading and discard what does not fit
 * (RFC 29, RFC 48).
 *
 * <p>A connecting pipe outlives its connections: messages queued while disconnected wait for the next one, as in
 * libzmq. A binding pipe lives and dies with its one connection.
 */
public final class StreamPipe extends Pipe {
    /** A burst is encoded into one buffer of at most about this many octets... */
    private static final long MAX_BATCH_BYTES = 64 * 1024;
    /** ...or this many messages. */
    private static final int MAX_BATCH_MESSAGES = 1024;

    private final ArrayDeque<ZmtpMessage> out = new ArrayDeque<>();
    private final ArrayDeque<ZmtpMessage> in = new ArrayDeque<>();
    private final int sndhwm;
    private final int rcvhwm;
    /** CONFLATE: each queue holds only the newest message and high-water marks do not apply. */
    private final boolean conflate;

    private Channel channel;
    private boolean terminated;

    private boolean flushScheduled;
    private boolean drainWatched;

    StreamPipe(SocketCore socket, int sndhwm, int rcvhwm) {
        super(socket);
        this.sndhwm = sndhwm;
        this.rcvhwm = rcvhwm;
        this.conflate = socket.options().conflates(socket.type());
    }

    /**
     * A connection finished its handshake and now carries this pipe. Queued messages wait for {@link #pump()}, so that
     * what the socket must say first on a new connection (subscriptions, JOINs) goes ahead of them.
     */
    void attach(Channel channel, PeerInfo peer) {
        this.channel = channel;
        peer(peer);
        channel.config().setAutoRead(!inFull() || socket.discardsWhenFull());
    }

    /** The connection is gone; queued messages stay for the next one (connecting side). */
    void detach(Channel gone) {
        if (channel == gone) {
            channel = null;
        }
    }

    Channel channel() {
        return channel;
    }

    boolean isTerminated() {
        return terminated;
    }

    /** A whole message arrived from the connection. */
    void deliver(ZmtpMessage message) {
        if (terminated) {
            return;
        }
        if (conflate) {
            in.clear();
        }
        boolean discards = socket.discardsWhenFull();
        if (discards && inFull()) {
            return;
        }
        in.add(message);
        if (!discards && inFull() && channel != null) {
            channel.config().setAutoRead(false);
        }
        socket.wake();
    }

    private boolean inFull() {
        return !conflate && rcvhwm > 0 && in.size() >= rcvhwm;
    }

    @Override
    public boolean canWrite() {
        return !terminated && (conflate || sndhwm == 0 || out.size() < sndhwm);
    }

    @Override
    public boolean write(ZmtpMessage message) {
        if (!canWrite()) {
            return false;
        }
        if (conflate) {
            out.clear();
        }
        out.add(message);
        return true;
    }

    @Override
    public void flush() {
        pump();
    }

    /** Moves queued messages to the channel while it takes them. */
    void pump() {
        if (channel == null || !channel.isActive()) {
            return;
        }
        boolean wasFull = !canWrite();
        boolean wrote = false;
        while (!out.isEmpty() && channel.isWritable()) {
            ZmtpMessage first = out.poll();
            if (out.isEmpty()) {
                channel.write(first, channel.voidPromise());
            } else {
                List<ZmtpMessage> batch = new ArrayList<>();
                batch.add(first);
                long bytes = first.byteSize();
                while (!out.isEmpty() && batch.size() < MAX_BATCH_MESSAGES && bytes < MAX_BATCH_BYTES) {
                    ZmtpMessage next = out.poll();
                    batch.add(next);
                    bytes += next.byteSize();
                }
                channel.write(new ZmtpMessage.Batch(batch), channel.voidPromise());
            }
            wrote = true;
        }
        if (wrote) {
            scheduleFlush();
        }
        if (wasFull && canWrite()) {
            socket.wake();
        }
        if (out.isEmpty()) {
            socket.pipeDrained(this);
        }
    }

    /**
     * Flushes once per turn of the event loop rather than once per message, so that a burst of sends becomes a few
     * large writes; the loop runs the flush as soon as the current task (a burst of sends) ends.
     */
    private void scheduleFlush() {
        if (!flushScheduled) {
            flushScheduled = true;
            Channel target = channel;
            target.eventLoop().execute(() -> {
                flushScheduled = false;
                target.flush();
                if (out.isEmpty()) {
                    socket.pipeDrained(this);
                }
            });
        }
    }

    /** While closing: tells the socket once everything handed to the channel so far is written. */
    void watchDrain() {
        if (channel != null && channel.isActive() && out.isEmpty() && !drainWatched) {
            drainWatched = true;
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(f -> {
                drainWatched = false;
                socket.pipeDrained(this);
            });
        }
    }

    /** Messages not yet handed to a connection. */
    int queuedOut() {
        return out.size();
    }

    /** True when nothing waits to be written here or in the channel's buffer. */
    boolean drained() {
        return out.isEmpty()
                && !flushScheduled
                && (channel == null
                        || !channel.isActive()
                        || channel.unsafe().outboundBuffer() == null
                        || channel.unsafe().outboundBuffer().totalPendingWriteBytes() == 0);
    }

    @Override
    public ZmtpMessage read() {
        ZmtpMessage message = in.poll();
        if (message != null && channel != null && !channel.config().isAutoRead() && !inFull()) {
            channel.config().setAutoRead(true);
        }
        return message;
    }

    @Override
    public boolean hasMessage() {
        return !in.isEmpty();
    }

    @Override
    public void subscribe(ZmtpSubscription subscription) {
        if (channel != null && channel.isActive()) {
            channel.writeAndFlush(subscription, channel.voidPromise());
        }
    }

    @Override
    public void command(ZmtpCommand command) {
        if (channel != null && channel.isActive()) {
            channel.writeAndFlush(command, channel.voidPromise());
        }
    }

    @Override
    public void terminate() {
        if (terminated) {
            return;
        }
        terminated = true;
        out.clear();
        in.clear();
        if (channel != null) {
            channel.close();
            channel = null;
        }
    }

    @Override
    public boolean connected() {
        return channel != null && channel.isActive();
    }

    @Override
    public String toString() {
        return "StreamPipe[" + (channel == null ? "unconnected" : channel.remoteAddress()) + " out=" + out.size()
                + " in=" + in.size() + "]";
    }
}
