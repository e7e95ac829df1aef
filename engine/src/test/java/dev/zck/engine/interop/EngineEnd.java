package dev.zck.engine.interop;

import dev.zck.engine.SessionRecorder;
import dev.zck.engine.ZmtpChannels;
import dev.zck.engine.ZmtpSessionConfig;
import dev.zck.engine.transport.Endpoint;
import dev.zck.engine.transport.Transport;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The engine's end of one interop connection over TCP on 127.0.0.1: it binds an ephemeral port and takes the
 * connection the native peer makes, or it connects to the native peer. Each connection's session is recorded by a
 * {@link SessionRecorder}. {@link #close()} closes every connection and the listener, waiting for each.
 */
final class EngineEnd implements AutoCloseable {
    private static final String ANY_PORT = "tcp://127.0.0.1:0";

    private final Duration timeout;
    private final BlockingQueue<SessionRecorder> fresh = new LinkedBlockingQueue<>();
    private final List<SessionRecorder> sessions = new CopyOnWriteArrayList<>();
    private volatile Channel listener;
    private volatile String endpoint;

    private EngineEnd(Duration timeout) {
        this.timeout = timeout;
    }

    /** Binds {@code tcp://127.0.0.1:0}; {@link #endpoint()} is then the real port. */
    static EngineEnd bind(Transport transport, ZmtpSessionConfig config, Duration timeout) {
        EngineEnd end = new EngineEnd(timeout);
        Future<Transport.Listener> bound = transport.bind(Endpoint.parse(ANY_PORT), end.initializer(config));
        if (!bound.awaitUninterruptibly(timeout.toMillis()) || !bound.isSuccess()) {
            throw new IllegalStateException("the engine could not bind " + ANY_PORT, bound.cause());
        }
        end.listener = bound.getNow().channel();
        end.endpoint = bound.getNow().endpoint().toString();
        return end;
    }

    /** Opens one connection to {@code endpoint}. */
    static EngineEnd connect(Transport transport, ZmtpSessionConfig config, String endpoint, Duration timeout) {
        EngineEnd end = new EngineEnd(timeout);
        end.endpoint = endpoint;
        ChannelFuture connected = transport.connect(Endpoint.parse(endpoint), end.initializer(config));
        if (!connected.awaitUninterruptibly(timeout.toMillis()) || !connected.isSuccess()) {
            end.close();
            throw new IllegalStateException("the engine could not connect to " + endpoint, connected.cause());
        }
        return end;
    }

    private io.netty.channel.ChannelInitializer<Channel> initializer(ZmtpSessionConfig config) {
        return ZmtpChannels.initializer(config, () -> {
            SessionRecorder recorder = new SessionRecorder();
            sessions.add(recorder);
            fresh.add(recorder);
            return recorder;
        });
    }

    /** The endpoint bound (with its real port) or connected to. */
    String endpoint() {
        return endpoint;
    }

    /** The first connection's session: the first accepted when binding, the one made when connecting. */
    SessionRecorder firstSession() {
        try {
            SessionRecorder first = fresh.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (first == null) {
                throw new AssertionError("no connection reached the engine at " + endpoint + " within " + timeout);
            }
            return first;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for a connection at " + endpoint, e);
        }
    }

    /** Every session so far, oldest first. */
    List<SessionRecorder> sessions() {
        return List.copyOf(sessions);
    }

    @Override
    public void close() {
        Channel bound = listener;
        if (bound != null) {
            bound.close().awaitUninterruptibly(timeout.toMillis());
        }
        for (SessionRecorder session : sessions) {
            session.channel().close().awaitUninterruptibly(timeout.toMillis());
        }
    }
}
