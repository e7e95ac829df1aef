package dev.zck.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.engine.transport.Endpoint;
import dev.zck.engine.transport.TcpTransport;
import dev.zck.engine.transport.Transport;
import dev.zck.spec.Timeouts;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The engine over real TCP loopback, for the few end-to-end checks against a {@link dev.zck.engine.rawpeer.RawPeer}:
 * one NIO event loop, engines that bind or connect, and the recorders of their connections.
 */
final class TcpEngine implements AutoCloseable {
    /** Generous for what must happen (paid only on failure), short for silence. */
    static final Timeouts TIMEOUTS = new Timeouts(Duration.ofSeconds(5), Duration.ofMillis(100));

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final TcpTransport transport = new TcpTransport(group);

    /** A bound engine: its endpoint, and a recorder for each connection it accepts. */
    record Bound(Transport.Listener listener, BlockingQueue<SessionRecorder> accepted) {
        String endpoint() {
            return listener.endpoint().toString();
        }

        /** The recorder of the next accepted connection, within the expect timeout. */
        SessionRecorder next() throws InterruptedException {
            SessionRecorder recorder = accepted.poll(TIMEOUTS.expect().toMillis(), TimeUnit.MILLISECONDS);
            assertThat(recorder).as("a connection accepted by the engine").isNotNull();
            return recorder;
        }
    }

    /** Binds an engine with {@code config} on 127.0.0.1 and an ephemeral port. */
    Bound bind(ZmtpSessionConfig config) throws InterruptedException {
        BlockingQueue<SessionRecorder> accepted = new LinkedBlockingQueue<>();
        Transport.Listener listener = transport
                .bind(Endpoint.parse("tcp://127.0.0.1:0"), ZmtpChannels.initializer(config, () -> {
                    SessionRecorder recorder = new SessionRecorder();
                    accepted.add(recorder);
                    return recorder;
                }))
                .sync()
                .getNow();
        return new Bound(listener, accepted);
    }

    /** Connects an engine with {@code config} to {@code endpoint}; returns its recorder once connected. */
    SessionRecorder connect(ZmtpSessionConfig config, String endpoint) throws InterruptedException {
        SessionRecorder recorder = new SessionRecorder();
        transport
                .connect(Endpoint.parse(endpoint), ZmtpChannels.initializer(config, () -> recorder))
                .sync();
        return recorder;
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
