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
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The interop harness itself, against libzmq (through pyzmq and zeromq.js) and JeroMQ only (no engine). */
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
     * Pins what each library reports when it refuses a peer's socket type (see {@link HandshakePeer}): libzmq (4.3.4
     * and 4.3.5) DISCONNECTED, possibly after HANDSHAKE_FAILED_NO_DETAIL when the other side hung up first; JeroMQ
     * DISCONNECTED only. Neither ever reports success, and neither reconnects.
     */
    @ParameterizedTest(name = "libzmq through {0} {1}s")
    @MethodSource("libzmqDriversAndRoles")
    void anIncompatiblePushPairIsRefusedOnBothSides(HandshakePeerFactory libzmq, Role libzmqRole) {
        try (Pair pair = Pair.start(libzmq, SocketType.PUSH, libzmqRole, SocketType.PUSH)) {
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
        ScriptHandshakePeer peer =
                (ScriptHandshakePeer) HandshakePeers.pyzmq().start(SocketType.PAIR, Role.BIND, ANY_PORT);
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
        try (ScriptHandshakePeer peer =
                (ScriptHandshakePeer) HandshakePeers.pyzmq().start(SocketType.PAIR, Role.BIND, ANY_PORT)) {
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

    static Stream<Arguments> libzmqDriversAndRoles() {
        return Stream.of(HandshakePeers.pyzmq(), HandshakePeers.zeromqjs())
                .flatMap(driver -> Stream.of(Role.values()).map(role -> Arguments.of(driver, role)));
    }

    // ------------------------------------------------------------------------------------------------ zeromq.js

    /** One Node process serves every zeromq.js peer, so that a case costs no Node start-up; each socket is its own. */
    @Test
    void zeromqjsPeersShareOneNodeProcessButNotTheirSockets() {
        try (ScriptHandshakePeer pull =
                        (ScriptHandshakePeer) HandshakePeers.zeromqjs().start(SocketType.PULL, Role.BIND, ANY_PORT);
                ScriptHandshakePeer push = (ScriptHandshakePeer)
                        HandshakePeers.zeromqjs().start(SocketType.PUSH, Role.CONNECT, pull.endpoint())) {
            assertThat(push.process()).isEqualTo(pull.process());
            push.send(bytes("one"));
            assertThat(pull.receive(EXPECT).map(HandshakePeersTest::strings)).contains(List.of("one"));

            ScriptHandshakePeer other = (ScriptHandshakePeer)
                    HandshakePeers.zeromqjs().start(SocketType.PUSH, Role.CONNECT, pull.endpoint());
            other.close();
            push.send(bytes("two"));
            assertThat(pull.receive(EXPECT).map(HandshakePeersTest::strings)).contains(List.of("two"));
            assertThatThrownBy(() -> other.send(bytes("three")))
                    .isInstanceOf(PeerException.class)
                    .hasMessageContaining("no open socket");
        }
    }

    @Test
    void aDeadNodeProcessFailsItsPeersAndTheNextPeerGetsANewOne() {
        ProcessHandle dead;
        try (ScriptHandshakePeer peer =
                (ScriptHandshakePeer) HandshakePeers.zeromqjs().start(SocketType.PAIR, Role.BIND, ANY_PORT)) {
            dead = peer.process();
            dead.destroyForcibly();

            assertThatThrownBy(() -> peer.awaitEvent(HANDSHAKE_SUCCEEDED, EXPECT))
                    .isInstanceOf(PeerException.class)
                    .hasMessageContaining("exited with code");
        }
        try (ScriptHandshakePeer next =
                (ScriptHandshakePeer) HandshakePeers.zeromqjs().start(SocketType.PAIR, Role.BIND, ANY_PORT)) {
            assertThat(next.process()).isNotEqualTo(dead);
            assertThat(next.awaitEvent(LISTENING, EXPECT)).isPresent();
        }
    }

    /** Where zeromq.js is not installed its cases must fail, saying how to install it, not pass or vanish. */
    @Test
    void withoutZeromqjsThePeersFailWithTheInstallCommand(@TempDir Path empty) {
        String install = "npm install --prefix conformance-tests/drivers/zeromqjs zeromq@6.8.0";
        HandshakePeerFactory noPackage = new ZeromqjsPeerFactory("node", empty.resolve("node_modules"));
        HandshakePeerFactory noNode =
                new ZeromqjsPeerFactory(empty.resolve("node").toString(), empty.resolve("node_modules"));
        for (HandshakePeerFactory missing : List.of(noPackage, noNode)) {
            assertThat(missing.available()).isFalse();
            assertThat(missing.unavailableReason())
                    .hasValueSatisfying(reason -> assertThat(reason).contains(install));
            assertThatThrownBy(missing::requireAvailable)
                    .isInstanceOf(PeerException.class)
                    .hasMessageContaining(install);
            assertThatThrownBy(() -> missing.start(SocketType.PAIR, Role.BIND, ANY_PORT))
                    .isInstanceOf(PeerException.class)
                    .hasMessageContaining(install);
        }
        assertThat(noPackage.unavailableReason().orElseThrow()).contains("zeromq.js is not installed in");
        assertThat(noNode.unavailableReason().orElseThrow()).contains("cannot run " + empty.resolve("node"));
    }

    /** zeromq.js 6 exposes every classic type and six draft ones; the rest are refused before Node is asked. */
    @Test
    void zeromqjsSupportsTheClassicTypesAndTheDraftsItExposes() {
        HandshakePeerFactory zeromqjs = HandshakePeers.zeromqjs();
        zeromqjs.requireAvailable();
        assertThat(zeromqjs.description()).startsWith("libzmq 4.3.5 (zeromq.js 6.8.0");
        for (SocketType type : SocketType.values()) {
            assertThat(zeromqjs.supports(type))
                    .as(type.name())
                    .isEqualTo(type != SocketType.PEER && type != SocketType.CHANNEL);
        }
        assertThatThrownBy(() -> zeromqjs.start(SocketType.PEER, Role.BIND, ANY_PORT))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("PEER");
    }

    /** zeromq.js has no {@code zmq_msg_gets}: asking for properties is refused rather than answered with none. */
    @Test
    void zeromqjsPeersRefuseToReadMessageProperties() {
        assertThat(HandshakePeers.zeromqjs().readsMessageProperties()).isFalse();
        try (HandshakePeer pull = HandshakePeers.zeromqjs().start(SocketType.PULL, Role.BIND, ANY_PORT)) {
            assertThatThrownBy(() -> pull.receiveMessage(EXPECT, List.of("Socket-Type")))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("properties");
            assertThat(pull.receiveMessage(Duration.ZERO, List.of())).isEmpty();
        }
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
