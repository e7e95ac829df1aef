package dev.zck.engine.interop;

import static dev.zck.engine.interop.PeerEvent.Kind.ACCEPTED;
import static dev.zck.engine.interop.PeerEvent.Kind.DISCONNECTED;
import static dev.zck.engine.interop.PeerEvent.Kind.HANDSHAKE_FAILED;
import static dev.zck.engine.interop.PeerEvent.Kind.HANDSHAKE_SUCCEEDED;
import static dev.zck.engine.interop.PeerEvent.Kind.LISTENING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zck.spec.Timeouts;
import dev.zck.spi.SocketType;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The interop harness itself, against libzmq and JeroMQ only (no engine). */
class HandshakePeersTest {
    private static final Duration EXPECT = Timeouts.fromSystemProperties().expect();
    private static final String ANY_PORT = "tcp://127.0.0.1:0";
    private static final Pattern BOUND = Pattern.compile("tcp://127\\.0\\.0\\.1:(\\d+)");

    @Test
    void pyzmqRepAndJeromqReqCompleteTheHandshakeAndARoundTrip() {
        try (HandshakePeer rep = HandshakePeers.pyzmq().start(SocketType.REP, Role.BIND, ANY_PORT);
                HandshakePeer req = HandshakePeers.jeromq().start(SocketType.REQ, Role.CONNECT, rep.endpoint())) {
            assertThat(rep.awaitEvent(HANDSHAKE_SUCCEEDED, EXPECT)).isPresent();
            assertThat(req.awaitEvent(HANDSHAKE_SUCCEEDED, EXPECT))
                    .hasValueSatisfying(event -> assertThat(event.detail()).contains("Socket-Type=REP"));

            req.send(bytes("ping"));
            assertThat(rep.receive(EXPECT).map(HandshakePeersTest::strings)).contains(List.of("ping"));
            rep.send(bytes("pong"));
            assertThat(req.receive(EXPECT).map(HandshakePeersTest::strings)).contains(List.of("pong"));
        }
    }

    /**
     * Pins what each library reports when it refuses a peer's socket type (see {@link HandshakePeer}): libzmq
     * DISCONNECTED, possibly after HANDSHAKE_FAILED_NO_DETAIL when the other side hung up first; JeroMQ DISCONNECTED
     * only. Neither ever reports success, and neither reconnects.
     */
    @ParameterizedTest(name = "libzmq {0}s")
    @EnumSource(Role.class)
    void anIncompatiblePushPairIsRefusedOnBothSides(Role libzmqRole) {
        try (Pair pair = Pair.start(SocketType.PUSH, libzmqRole, SocketType.PUSH)) {
            assertThat(pair.libzmq().awaitEvent(DISCONNECTED, EXPECT)).isPresent();
            assertThat(pair.jeromq().awaitEvent(DISCONNECTED, EXPECT)).isPresent();

            assertThat(pair.libzmq().events())
                    .noneMatch(PeerEvent.is(HANDSHAKE_SUCCEEDED))
                    .filteredOn(PeerEvent.is(HANDSHAKE_FAILED))
                    .allSatisfy(event -> assertThat(event.detail()).contains("HANDSHAKE_FAILED_NO_DETAIL"));
            assertThat(pair.jeromq().events())
                    .noneMatch(PeerEvent.is(HANDSHAKE_SUCCEEDED))
                    .noneMatch(PeerEvent.is(HANDSHAKE_FAILED));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.zck.engine.interop.HandshakePeers#all")
    void bindingPortZeroReportsTheRealPort(HandshakePeerFactory factory) throws IOException {
        try (HandshakePeer peer = factory.start(SocketType.PULL, Role.BIND, ANY_PORT)) {
            Matcher bound = BOUND.matcher(peer.endpoint());
            assertThat(bound.matches()).as(peer.endpoint()).isTrue();
            int port = Integer.parseInt(bound.group(1));
            assertThat(port).isPositive();
            assertThat(peer.awaitEvent(LISTENING, EXPECT)).isPresent();

            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
                assertThat(client.isConnected()).isTrue();
                assertThat(peer.awaitEvent(ACCEPTED, EXPECT)).isPresent();
            }
        }
    }

    @Test
    void closeKillsAStuckPeerProcessAndItsChildren() {
        PyzmqHandshakePeer peer =
                (PyzmqHandshakePeer) HandshakePeers.pyzmq().start(SocketType.PAIR, Role.BIND, ANY_PORT);
        ProcessHandle process = peer.process();
        ProcessHandle child = ProcessHandle.of(peer.stall()).orElseThrow();
        assertThat(process.descendants()).contains(child);

        long start = System.nanoTime();
        peer.close();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(EXPECT);
        assertThat(process.isAlive()).isFalse();
        assertThat(child.isAlive()).isFalse();
    }

    @Test
    void aDeadPeerProcessFailsTheWaitWithItsExitCode() {
        try (PyzmqHandshakePeer peer =
                (PyzmqHandshakePeer) HandshakePeers.pyzmq().start(SocketType.PAIR, Role.BIND, ANY_PORT)) {
            peer.process().destroyForcibly();

            assertThatThrownBy(() -> peer.awaitEvent(HANDSHAKE_SUCCEEDED, EXPECT))
                    .isInstanceOf(PeerException.class)
                    .hasMessageContaining("exited with code");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dev.zck.engine.interop.HandshakePeers#all")
    void aFailedBindIsReportedWithTheLibrarysReason(HandshakePeerFactory factory) {
        try (HandshakePeer first = factory.start(SocketType.PULL, Role.BIND, ANY_PORT)) {
            assertThatThrownBy(() -> factory.start(SocketType.PULL, Role.BIND, first.endpoint()))
                    .isInstanceOf(PeerException.class)
                    .hasMessageContaining(first.endpoint());
        }
    }

    @Test
    void peersRefuseAnythingButLoopback() {
        assertThatThrownBy(() -> HandshakePeers.jeromq().start(SocketType.PAIR, Role.BIND, "tcp://0.0.0.0:0"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Debian's libzmq has no draft API; a draft type it lacks is refused up front, not with a Python traceback. */
    @Test
    void pyzmqSupportsTheClassicTypesAndSaysWhichDraftTypesItLacks() {
        HandshakePeerFactory pyzmq = HandshakePeers.pyzmq();
        pyzmq.requireAvailable();
        for (SocketType type : SocketType.values()) {
            if (!type.isDraft()) {
                assertThat(pyzmq.supports(type)).as(type.name()).isTrue();
            } else if (!pyzmq.supports(type)) {
                assertThatThrownBy(() -> pyzmq.start(type, Role.BIND, ANY_PORT))
                        .isInstanceOf(UnsupportedOperationException.class)
                        .hasMessageContaining(type.name());
            }
        }
        assertThat(HandshakePeers.jeromq().supports(SocketType.SERVER)).isTrue();
    }

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    static List<String> strings(List<byte[]> frames) {
        return frames.stream()
                .map(frame -> new String(frame, StandardCharsets.UTF_8))
                .toList();
    }
}
