package dev.zck.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.engine.transport.Endpoint;
import dev.zck.engine.transport.InprocTransport;
import dev.zck.engine.transport.TcpTransport;
import dev.zck.engine.transport.Transport;
import dev.zck.spec.Timeouts;
import dev.zck.spi.SocketType;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.nio.NioIoHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Engine to engine over every transport: tcp IPv4 and IPv6 with port 0, and inproc. */
class TransportHandshakeTest {
    private static final Duration EXPECT = Timeouts.fromSystemProperties().expect();
    private static EventLoopGroup nio;
    private static EventLoopGroup local;

    @BeforeAll
    static void start() {
        nio = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        local = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
    }

    @AfterAll
    static void stop() {
        nio.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
        local.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp://127.0.0.1:0", "tcp://[::1]:0", "tcp://127.0.0.1:*", "inproc://transport-test"})
    @DisplayName(
            "ZMTP3-NULL-READY-BOTH, ZMTP3-ID-PROPERTY, ZMTP3-META-X-PREFIX: handshake and a multipart message over each transport")
    void dealerAndRouterHandshakeAndExchangeAMessage(String endpoint) throws Exception {
        Endpoint requested = Endpoint.parse(endpoint);
        Transport transport = requested.scheme().equals("tcp") ? new TcpTransport(nio) : new InprocTransport(local);
        List<SessionRecorder> accepted = new CopyOnWriteArrayList<>();
        ZmtpSessionConfig routerConfig = ZmtpSessionConfig.of(SocketType.ROUTER).withAsServer(true);
        Transport.Listener listener = transport
                .bind(requested, ZmtpChannels.initializer(routerConfig, () -> {
                    SessionRecorder r = new SessionRecorder();
                    accepted.add(r);
                    return r;
                }))
                .sync()
                .getNow();
        try {
            if (requested.scheme().equals("tcp")) {
                assertThat(listener.endpoint().address()).doesNotEndWith(":0").doesNotEndWith(":*");
            }
            SessionRecorder client = new SessionRecorder();
            ZmtpSessionConfig dealerConfig = ZmtpSessionConfig.of(SocketType.DEALER)
                    .withIdentity("me".getBytes(StandardCharsets.US_ASCII))
                    .withProperty("X-Test", "yes");
            transport
                    .connect(listener.endpoint(), ZmtpChannels.initializer(dealerConfig, () -> client))
                    .sync();

            ZmtpSessionEvent.HandshakeSucceeded dealerSaw = client.await(
                            ZmtpSessionEvent.HandshakeSucceeded.class, EXPECT)
                    .orElseThrow();
            assertThat(dealerSaw.peer().socketType()).isEqualTo(SocketType.ROUTER);
            assertThat(dealerSaw.peer().version()).isEqualTo(ZmtpVersion.ZMTP_3_1);

            SessionRecorder server = awaitAccepted(accepted);
            ZmtpSessionEvent.HandshakeSucceeded routerSaw = server.await(
                            ZmtpSessionEvent.HandshakeSucceeded.class, EXPECT)
                    .orElseThrow();
            assertThat(routerSaw.peer().socketType()).isEqualTo(SocketType.DEALER);
            assertThat(routerSaw.peer().identity()).hasValue("me".getBytes(StandardCharsets.US_ASCII));
            assertThat(routerSaw.peer().metadata().getString("x-test")).hasValue("yes");

            client.channel()
                    .writeAndFlush(ZmtpMessage.of(new byte[0], new byte[300], "end".getBytes()))
                    .sync();
            ZmtpMessage got = server.await(ZmtpMessage.class, EXPECT).orElseThrow();
            assertThat(got).isEqualTo(ZmtpMessage.of(new byte[0], new byte[300], "end".getBytes()));

            client.channel().close().sync();
            assertThat(server.await(ZmtpSessionEvent.Closed.class, EXPECT))
                    .hasValueSatisfying(c -> assertThat(c.reason()).isEmpty());
            assertThat(client.exceptions()).isEmpty();
            assertThat(server.exceptions()).isEmpty();
        } finally {
            listener.channel().close().sync();
        }
    }

    private static SessionRecorder awaitAccepted(List<SessionRecorder> accepted) throws InterruptedException {
        long deadline = System.nanoTime() + EXPECT.toNanos();
        while (accepted.isEmpty() && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(accepted).hasSize(1);
        return accepted.get(0);
    }
}
