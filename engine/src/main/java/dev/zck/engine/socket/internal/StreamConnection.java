package dev.zck.engine.socket.internal;

import dev.zck.engine.PeerInfo;
import dev.zck.engine.ProtocolViolation;
import dev.zck.engine.transport.Endpoint;
import dev.zck.engine.transport.Transport;
import dev.zck.spi.SocketEvent;
import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A connecting endpoint over a stream transport: connects, and after a failed attempt or a lost connection tries
 * again after RECONNECT_IVL, doubling up to RECONNECT_IVL_MAX when that is larger (libzmq's backoff, without its
 * random jitter so that runs repeat exactly). RECONNECT_IVL -1 means one attempt only. A handshake refused for a
 * reason libzmq does not retry (incompatible socket type, mechanism mismatch, a peer's ERROR) stops reconnecting.
 */
final class StreamConnection implements Endpoints.Connection {
    private static final Set<String> FINAL_REFUSALS =
            Set.of("ZMTP3-STYPE-COMPAT", "ZMTP31-STYPE-COMPAT", "ZMTP3-GREET-MECHANISM-MISMATCH", "ZMTP3-ERROR-FATAL");

    private final SocketCore socket;
    private final Endpoint endpoint;
    private final Transport transport;
    private StreamPipe pipe;
    private Channel channel;
    private long currentIvl;
    private ScheduledFuture<?> retry;
    private boolean stopped;

    StreamConnection(SocketCore socket, Endpoint endpoint, Transport transport) {
        this.socket = socket;
        this.endpoint = endpoint;
        this.transport = transport;
        this.currentIvl = socket.options().reconnectIvl;
    }

    void start() {
        if (!socket.options().immediate) {
            pipe = new StreamPipe(socket, socket.options().sndhwm, socket.options().rcvhwm);
            socket.attachPipe(pipe);
        }
        attempt();
    }

    private void attempt() {
        retry = null;
        if (stopped) {
            return;
        }
        transport
                .connect(endpoint, ConnectionHandler.forConnection(socket, this))
                .addListener(f -> {
                    if (!f.isSuccess()) {
                        socket.event(SocketEvent.Kind.CONNECT_RETRIED, endpoint.toString(), String.valueOf(f.cause()));
                        scheduleRetry();
                    }
                });
    }

    private void scheduleRetry() {
        int ivl = socket.options().reconnectIvl;
        if (stopped || ivl < 0 || retry != null) {
            return;
        }
        long delay = Math.max(currentIvl, 0);
        int max = socket.options().reconnectIvlMax;
        if (max > ivl) {
            currentIvl = Math.min(Math.max(currentIvl, 1) * 2, max);
        }
        retry = socket.loop().schedule(this::attempt, delay, TimeUnit.MILLISECONDS);
    }

    // Called by ConnectionHandler, on the loop.

    void connected(Channel channel) {
        this.channel = channel;
        socket.event(SocketEvent.Kind.CONNECTED, endpoint.toString(), "");
    }

    void handshakeSucceeded(Channel channel, PeerInfo peer) {
        currentIvl = socket.options().reconnectIvl;
        socket.event(
                SocketEvent.Kind.HANDSHAKE_SUCCEEDED,
                endpoint.toString(),
                peer.socketType().toString());
        if (stopped && socket.isClosing() && pipe == null) {
            channel.close();
            return;
        }
        if (pipe == null) {
            pipe = new StreamPipe(socket, socket.options().sndhwm, socket.options().rcvhwm);
            pipe.attach(channel, peer);
            socket.attachPipe(pipe);
        } else {
            pipe.attach(channel, peer);
            socket.reconnected(pipe);
        }
        pipe.pump();
    }

    /** The pipe a connection of this endpoint carries, if that connection is the current one. */
    StreamPipe pipeFor(Channel channel) {
        return pipe != null && pipe.channel() == channel ? pipe : null;
    }

    void handshakeFailed(Optional<ProtocolViolation> reason) {
        socket.event(
                SocketEvent.Kind.HANDSHAKE_FAILED,
                endpoint.toString(),
                reason.map(ProtocolViolation::toString).orElse("peer closed the connection"));
        if (reason.isPresent() && FINAL_REFUSALS.contains(reason.get().ruleId())) {
            stopped = true;
        }
    }

    void closed(Channel gone, boolean wasEstablished) {
        if (channel == gone) {
            channel = null;
        }
        if (wasEstablished) {
            socket.event(SocketEvent.Kind.DISCONNECTED, endpoint.toString(), "");
        }
        if (pipe != null) {
            pipe.detach(gone);
            if (socket.options().immediate && wasEstablished) {
                pipe.terminate();
                socket.detachPipe(pipe);
                pipe = null;
            }
        }
        scheduleRetry();
    }

    @Override
    public void stopReconnecting() {
        stopped = true;
        if (retry != null) {
            retry.cancel(false);
            retry = null;
        }
    }

    @Override
    public void close() {
        stopReconnecting();
        if (channel != null) {
            channel.close();
        }
        StreamPipe gone = pipe;
        pipe = null;
        if (gone != null) {
            gone.terminate();
            socket.detachPipe(gone);
        }
    }
}
