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
 * again as libzmq's get_new_reconnect_ivl does: with RECONNECT_IVL_MAX set, RECONNECT_IVL doubling up to the maximum
 * (the first wait clamped to it too), with no jitter, the doubling restarting after each established connection;
 * without it, RECONNECT_IVL plus a random jitter below RECONNECT_IVL, drawn from the runtime's seeded random source so
 * that simulated runs repeat. RECONNECT_IVL -1 means no retry (so does 0: libzmq only schedules a retry for a positive
 * interval, and an engine must not spin), and a lost connection then ends the endpoint: its pipe
 * and queued messages go, as libzmq's session terminates the endpoint. A handshake refused for a reason libzmq does not
 * retry (incompatible socket type, mechanism mismatch, a peer's ERROR) stops reconnecting.
 */
final class StreamConnection implements Endpoints.Connection {
    private static final Set<String> FINAL_REFUSALS =
            Set.of("ZMTP3-STYPE-COMPAT", "ZMTP31-STYPE-COMPAT", "ZMTP3-GREET-MECHANISM-MISMATCH", "ZMTP3-ERROR-FATAL");

    private final SocketCore socket;
    private final Endpoint endpoint;
    private final Transport transport;
    private StreamPipe pipe;
    private Channel channel;
    /** libzmq's current backoff interval: -1 until the first wait after a connection (or the start). */
    private long currentIvl = -1;

    private ScheduledFuture<?> retry;
    private boolean stopped;

    StreamConnection(SocketCore socket, Endpoint endpoint, Transport transport) {
        this.socket = socket;
        this.endpoint = endpoint;
        this.transport = transport;
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
        if (stopped || ivl <= 0 || retry != null) {
            return;
        }
        retry = socket.loop().schedule(this::attempt, nextWait(ivl), TimeUnit.MILLISECONDS);
    }

    /** The wait before the next attempt (RECONNECT-IVL-BACKOFF, RECONNECT-IVL-JITTER). */
    private long nextWait(int ivl) {
        int max = socket.options().reconnectIvlMax;
        if (max > 0) {
            currentIvl = currentIvl < 0 ? ivl : currentIvl * 2;
            currentIvl = Math.min(currentIvl, max);
            return currentIvl;
        }
        return ivl == 0 ? 0 : ivl + socket.runtime().random().nextInt(ivl);
    }

    // Called by ConnectionHandler, on the loop.

    void connected(Channel channel) {
        this.channel = channel;
        currentIvl = -1;
        socket.event(SocketEvent.Kind.CONNECTED, endpoint.toString(), "");
    }

    void handshakeSucceeded(Channel channel, PeerInfo peer) {
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
        boolean noRetry = socket.options().reconnectIvl <= 0;
        if (noRetry) {
            stopped = true;
        }
        if (pipe != null) {
            pipe.detach(gone);
            if ((socket.options().immediate && wasEstablished) || noRetry) {
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
