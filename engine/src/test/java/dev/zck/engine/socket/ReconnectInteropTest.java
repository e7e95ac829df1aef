package dev.zck.engine.socket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.engine.interop.HandshakePeer;
import dev.zck.engine.interop.HandshakePeerFactory;
import dev.zck.engine.interop.HandshakePeers;
import dev.zck.engine.interop.Role;
import dev.zck.spec.Timeouts;
import dev.zck.spi.ErrorKind;
import dev.zck.spi.Message;
import dev.zck.spi.SocketEvent;
import dev.zck.spi.SocketOption;
import dev.zck.spi.SocketType;
import dev.zck.spi.ZmqException;
import dev.zck.spi.ZmqSocket;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The bound peer dies and comes back on the same port: the connecting engine socket reconnects within its backoff
 * and resumes, and a SUB's subscriptions are sent again on the new connection (libzmq 4.3.4 and JeroMQ 0.6.0 as the
 * peer that restarts).
 */
class ReconnectInteropTest {
    private static final Duration EXPECT = Timeouts.fromSystemProperties().expect();
    private static final Duration POLL = Duration.ofMillis(50);
    /** RECONNECT_IVL used here; the reconnection must come well within {@link #EXPECT} of the restart. */
    private static final int IVL = 100;

    private static ReferenceImplementation engine;

    @BeforeAll
    static void start() {
        engine = new ReferenceImplementation();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    static Stream<HandshakePeerFactory> libraries() {
        return HandshakePeers.all().stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("libraries")
    @DisplayName("SOCK-RECONNECT, ZMTP3-SUB-RESEND-ON-CONNECT: an engine SUB resubscribes to a restarted PUB")
    void subResubscribesAfterThePublisherRestarts(HandshakePeerFactory library) throws Exception {
        String endpoint = "tcp://127.0.0.1:" + freePort();
        try (ZmqSocket sub = engine.socket(SocketType.SUB)) {
            sub.set(SocketOption.LINGER, 0);
            sub.set(SocketOption.RECONNECT_IVL, IVL);
            sub.set(SocketOption.SUBSCRIBE, bytes("A"));
            sub.connect(endpoint);
            try (HandshakePeer pub = library.start(SocketType.PUB, Role.BIND, endpoint)) {
                assertThat(publishUntilReceived(pub, sub, "A1")).isTrue();
            }
            awaitEvent(sub, SocketEvent.Kind.DISCONNECTED);
            try (HandshakePeer pub = library.start(SocketType.PUB, Role.BIND, endpoint)) {
                awaitEvent(sub, SocketEvent.Kind.HANDSHAKE_SUCCEEDED);
                assertThat(publishUntilReceived(pub, sub, "A2"))
                        .as("the subscription reached the restarted publisher")
                        .isTrue();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("libraries")
    @DisplayName("SOCK-RECONNECT, PUSH-QUEUE-ON-CONNECT: an engine PUSH queues while its PULL is down and delivers"
            + " in order after the restart")
    void pushResumesAfterThePullRestarts(HandshakePeerFactory library) throws Exception {
        String endpoint = "tcp://127.0.0.1:" + freePort();
        try (ZmqSocket push = engine.socket(SocketType.PUSH)) {
            push.set(SocketOption.LINGER, 0);
            push.set(SocketOption.RECONNECT_IVL, IVL);
            push.connect(endpoint);
            try (HandshakePeer pull = library.start(SocketType.PULL, Role.BIND, endpoint)) {
                push.send(Message.ofStrings("before"), EXPECT);
                assertThat(pull.receive(EXPECT).map(ReconnectInteropTest::first))
                        .hasValue("before");
            }
            awaitEvent(push, SocketEvent.Kind.DISCONNECTED);
            for (int i = 0; i < 10; i++) {
                push.send(Message.ofStrings("queued " + i), EXPECT);
            }
            try (HandshakePeer pull = library.start(SocketType.PULL, Role.BIND, endpoint)) {
                long restarted = System.nanoTime();
                awaitEvent(push, SocketEvent.Kind.HANDSHAKE_SUCCEEDED);
                Duration reconnect = Duration.ofNanos(System.nanoTime() - restarted);
                assertThat(reconnect)
                        .as("reconnected within the backoff (tolerant)")
                        .isLessThan(EXPECT);
                for (int i = 0; i < 10; i++) {
                    assertThat(pull.receive(EXPECT).map(ReconnectInteropTest::first))
                            .as("message queued while the peer was down, in order")
                            .hasValue("queued " + i);
                }
            }
        }
    }

    private static boolean publishUntilReceived(HandshakePeer pub, ZmqSocket sub, String text) throws ZmqException {
        long deadline = System.nanoTime() + EXPECT.toNanos();
        while (System.nanoTime() < deadline) {
            pub.send(bytes("B-not-subscribed"));
            pub.send(bytes(text));
            Optional<Message> got = tryReceive(sub);
            if (got.isPresent()) {
                assertThat(got.get().frameAsString(0)).isEqualTo(text);
                return true;
            }
        }
        return false;
    }

    private static Optional<Message> tryReceive(ZmqSocket socket) throws ZmqException {
        try {
            return Optional.of(socket.receive(POLL));
        } catch (ZmqException e) {
            if (e.kind() == ErrorKind.WOULD_BLOCK) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private static void awaitEvent(ZmqSocket socket, SocketEvent.Kind kind) throws ZmqException {
        long deadline = System.nanoTime() + EXPECT.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            assertThat(left).as("waiting for %s", kind).isPositive();
            Optional<SocketEvent> event = socket.nextEvent(Duration.ofNanos(left));
            if (event.isPresent() && event.get().kind() == kind) {
                return;
            }
        }
    }

    private static String first(List<byte[]> frames) {
        return new String(frames.get(0), StandardCharsets.UTF_8);
    }

    private static int freePort() throws IOException {
        try (ServerSocket probe = new ServerSocket(0)) {
            probe.setReuseAddress(true);
            return probe.getLocalPort();
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
