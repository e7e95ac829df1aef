package dev.zck.simulator.internal;

import dev.zck.simulator.SimEventLoop;
import io.netty.buffer.ByteBuf;
import io.netty.channel.AbstractChannel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelMetadata;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.ConnectTimeoutException;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.AlreadyConnectedException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ConnectionPendingException;
import java.util.concurrent.TimeUnit;

/**
 * One end of a simulated TCP connection, a Netty channel on the {@link SimEventLoop} that behaves as NIO's does:
 * writes go into the connection's send buffer as far as it has room and the rest waits in Netty's outbound buffer
 * (whose water marks make the channel unwritable); bytes are read only while the channel reads (auto-read, or a
 * {@code read()}), each segment as one buffer; the end of the stream closes the channel; a reset fires an
 * {@link IOException} "Connection reset" and closes it.
 */
final class SimChannel extends AbstractChannel {
    private static final ChannelMetadata METADATA = new ChannelMetadata(false, 16);
    /** Segments handed to the pipeline per read, as NIO's default of 16 messages per read. */
    private static final int SEGMENTS_PER_READ = 16;

    private enum State {
        OPEN,
        CONNECTING,
        ACTIVE,
        CLOSED
    }

    private final Network network;
    private final String host;
    private final ChannelConfig config = new Config();
    private SimAddress local;
    private SimAddress remote;
    private State state = State.OPEN;
    private Connection connection;
    private ChannelPromise connectPromise;
    private ScheduledFuture<?> connectTimeout;
    private boolean readPending;
    private boolean readScheduled;
    private boolean waitingForRoom;
    private boolean flushScheduled;

    /** A connecting end on {@code host}. */
    SimChannel(Network network, String host) {
        super(null, network.newChannelId());
        this.network = network;
        this.host = host;
    }

    /** An accepted end. */
    SimChannel(Network network, SimServerChannel parent, SimAddress local, SimAddress remote) {
        super(parent, network.newChannelId());
        this.network = network;
        this.host = local.host();
        this.local = local;
        this.remote = remote;
    }

    String host() {
        return host;
    }

    SimAddress local() {
        return local;
    }

    /** An accepted end joins its connection before it is registered (and so before it is active). */
    void accepted(Connection joined) {
        connection = joined;
        state = State.ACTIVE;
    }

    boolean isConnecting() {
        return state == State.CONNECTING;
    }

    // ------------------------------------------------------------------ connection events from the network

    /** The SYN-ACK arrived. */
    void established(Connection joined) {
        ChannelPromise promise = connectPromise;
        connectPromise = null;
        cancelConnectTimeout();
        if (promise == null || state != State.CONNECTING) {
            joined.reset();
            return;
        }
        connection = joined;
        state = State.ACTIVE;
        network.connected(this);
        boolean promiseSet = promise.trySuccess();
        pipeline().fireChannelActive();
        if (!promiseSet) {
            close(voidPromise());
        }
    }

    /** The connection attempt failed (refused, or timed out); the channel closes, as Netty's bootstrap closes it. */
    void connectFailed(Throwable cause) {
        ChannelPromise promise = connectPromise;
        connectPromise = null;
        cancelConnectTimeout();
        if (promise != null && state == State.CONNECTING) {
            promise.tryFailure(cause);
            unsafe().close(unsafe().voidPromise());
        }
    }

    /** ECONNRESET, as NIO reports it: an IOException, then the channel closes. */
    void reset() {
        if (isOpen()) {
            pipeline().fireExceptionCaught(new IOException("Connection reset"));
            unsafe().close(unsafe().voidPromise());
        }
    }

    /** Bytes arrived in the receive buffer. */
    void inboundArrived() {
        if (readPending) {
            scheduleRead();
        }
    }

    /** The send buffer has room again (NIO's OP_WRITE): flush what waits in the outbound buffer. */
    void sendRoomFreed() {
        if (waitingForRoom && !flushScheduled && isActive()) {
            flushScheduled = true;
            eventLoop().execute(() -> {
                flushScheduled = false;
                ((SimUnsafe) unsafe()).flushNow();
            });
        }
    }

    private void cancelConnectTimeout() {
        if (connectTimeout != null) {
            connectTimeout.cancel(false);
            connectTimeout = null;
        }
    }

    // ------------------------------------------------------------------ reading

    private void scheduleRead() {
        if (!readScheduled && isActive()) {
            readScheduled = true;
            eventLoop().execute(this::readSegments);
        }
    }

    private void readSegments() {
        readScheduled = false;
        Flow in = connection == null ? null : connection.inbound(this);
        if (!isActive() || !readPending || in == null || !in.readable()) {
            return;
        }
        readPending = false;
        ChannelPipeline pipeline = pipeline();
        int bytes = 0;
        int segments = 0;
        boolean eof = false;
        do {
            byte[] segment = in.poll();
            if (segment == null) {
                break;
            }
            if (segment == Flow.FIN) {
                eof = true;
                break;
            }
            ByteBuf buf = alloc().heapBuffer(segment.length);
            buf.writeBytes(segment);
            bytes += segment.length;
            segments++;
            pipeline.fireChannelRead(buf);
        } while (isActive() && config.isAutoRead() && segments < SEGMENTS_PER_READ);
        in.consumed(bytes);
        pipeline.fireChannelReadComplete();
        if (eof) {
            unsafe().close(unsafe().voidPromise());
        }
    }

    // ------------------------------------------------------------------ Netty

    @Override
    public ChannelConfig config() {
        return config;
    }

    @Override
    public ChannelMetadata metadata() {
        return METADATA;
    }

    @Override
    public boolean isOpen() {
        return state != State.CLOSED;
    }

    @Override
    public boolean isActive() {
        return state == State.ACTIVE;
    }

    @Override
    protected AbstractUnsafe newUnsafe() {
        return new SimUnsafe();
    }

    @Override
    protected boolean isCompatible(EventLoop loop) {
        return loop instanceof SimEventLoop;
    }

    @Override
    protected SocketAddress localAddress0() {
        return local;
    }

    @Override
    protected SocketAddress remoteAddress0() {
        return remote;
    }

    @Override
    protected void doBind(SocketAddress localAddress) {
        throw new UnsupportedOperationException("a simulated connection takes its local port when it connects");
    }

    @Override
    protected void doDisconnect() {
        doClose();
    }

    @Override
    protected void doClose() {
        if (state == State.CLOSED) {
            return;
        }
        state = State.CLOSED;
        ChannelPromise promise = connectPromise;
        connectPromise = null;
        cancelConnectTimeout();
        if (promise != null) {
            promise.tryFailure(new ClosedChannelException());
        }
        if (connection != null) {
            connection.closed(this);
        }
        network.closed(this);
    }

    @Override
    protected void doBeginRead() {
        readPending = true;
        Flow in = connection == null ? null : connection.inbound(this);
        if (in != null && in.readable()) {
            scheduleRead();
        }
    }

    /** Like NIO's partial writes: as many bytes as the send buffer takes; the rest waits for room. */
    @Override
    protected void doWrite(ChannelOutboundBuffer in) {
        Flow out = connection.outbound(this);
        waitingForRoom = false;
        for (Object msg = in.current(); msg != null; msg = in.current()) {
            ByteBuf buf = (ByteBuf) msg;
            int readable = buf.readableBytes();
            if (readable == 0) {
                in.remove();
                continue;
            }
            int taken = out.offer(buf, readable);
            if (taken == 0) {
                waitingForRoom = true;
                return;
            }
            in.removeBytes(taken);
        }
    }

    @Override
    protected Object filterOutboundMessage(Object msg) {
        if (msg instanceof ByteBuf) {
            return msg;
        }
        throw new UnsupportedOperationException("a simulated connection carries bytes, not " + msg.getClass());
    }

    private final class SimUnsafe extends AbstractUnsafe {
        @Override
        public void connect(SocketAddress remoteAddress, SocketAddress localAddress, ChannelPromise promise) {
            if (!promise.setUncancellable() || !ensureOpen(promise)) {
                return;
            }
            if (state == State.ACTIVE) {
                promise.tryFailure(new AlreadyConnectedException());
                return;
            }
            if (state == State.CONNECTING) {
                promise.tryFailure(new ConnectionPendingException());
                return;
            }
            SimAddress target = (SimAddress) remoteAddress;
            connectPromise = promise;
            state = State.CONNECTING;
            remote = target;
            try {
                local = network.connecting(SimChannel.this);
            } catch (IOException e) {
                connectFailed(e);
                return;
            }
            int timeoutMillis = config.getConnectTimeoutMillis();
            if (timeoutMillis > 0) {
                connectTimeout = eventLoop()
                        .schedule(
                                () -> connectFailed(new ConnectTimeoutException(
                                        "connection timed out after " + timeoutMillis + " ms: " + target)),
                                timeoutMillis,
                                TimeUnit.MILLISECONDS);
            }
            network.connect(SimChannel.this, target);
        }

        void flushNow() {
            flush0();
        }
    }

    /** NIO's config: clearing auto-read also cancels a read that was asked for. */
    private final class Config extends DefaultChannelConfig {
        Config() {
            super(SimChannel.this);
        }

        @Override
        protected void autoReadCleared() {
            readPending = false;
        }
    }
}
