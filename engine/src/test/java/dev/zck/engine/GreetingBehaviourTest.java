package dev.zck.engine;

import static dev.zck.engine.EmbeddedSession.NULL_REST;
import static dev.zck.engine.EmbeddedSession.OPENING;
import static dev.zck.engine.rawpeer.ZmtpBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.engine.rawpeer.RawFrame;
import dev.zck.engine.rawpeer.RawPeer;
import dev.zck.engine.rawpeer.RawPeerListener;
import dev.zck.engine.rawpeer.ZmtpBytes;
import dev.zck.spi.SocketType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The engine's greeting on the wire: what it sends when, and what it accepts from the peer (RFC 23, RFC 37). */
class GreetingBehaviourTest {
    private static final ZmtpSessionConfig PULL = ZmtpSessionConfig.of(SocketType.PULL);
    private static final byte[] HI = "hi".getBytes(StandardCharsets.US_ASCII);
    private static TcpEngine tcp;

    @BeforeAll
    static void startTcp() {
        tcp = new TcpEngine();
    }

    @AfterAll
    static void stopTcp() {
        tcp.close();
    }

    @Test
    @DisplayName("ZMTP3-GREET-OPENING: 11 octets first, the other 53 only once the peer's octet 10 is in")
    void zmtp3GreetOpening() {
        try (EmbeddedSession s = EmbeddedSession.start(PULL)) {
            assertThat(Hex.of(s.takeAll())).isEqualTo(Hex.of(OPENING));
            s.advance(10_000);
            s.expectNothingWritten();

            s.send(ZmtpBytes.signature());
            s.expectNothingWritten();

            s.send(hex("03"));
            assertThat(Hex.of(s.takeAll())).isEqualTo(Hex.of(NULL_REST));

            s.send(Arrays.copyOfRange(ZmtpBytes.greeting(3, 1, "NULL", false), 11, 64));
            s.takeCommand("READY");
            s.expectNothingWritten();
        }
    }

    @Test
    @DisplayName("ZMTP3-GREET-LIBZMQ-STAGED: a peer that releases 10, then 1, then 53 octets gets the engine's stages")
    void zmtp3GreetLibzmqStagedEmbedded() {
        byte[] greeting = ZmtpBytes.greetingWithPadding(hex("00 00 00 00 00 00 00 01"), 3, 1, "NULL", false);
        try (EmbeddedSession s = EmbeddedSession.start(PULL.withAsServer(true))) {
            s.send(Arrays.copyOfRange(greeting, 0, 10));
            assertThat(Hex.of(s.take(10))).isEqualTo(Hex.of(Arrays.copyOf(OPENING, 10)));
            s.send(Arrays.copyOfRange(greeting, 10, 11));
            assertThat(Hex.of(s.take(1))).isEqualTo("03");
            // The peer's octet 10 releases the engine's 53: a libzmq peer waits for them before sending its own.
            assertThat(Hex.of(s.take(53))).isEqualTo(Hex.of(NULL_REST));
            s.send(Arrays.copyOfRange(greeting, 11, 64));
            s.expectNothingWritten();
            s.send(ZmtpBytes.ready("PUSH"), ZmtpBytes.message(HI));
            s.takeCommand("READY");
            assertThat(s.succeeded().version()).isEqualTo(ZmtpVersion.ZMTP_3_1);
            assertThat(s.messages()).containsExactly(ZmtpMessage.of(HI));
        }
    }

    @ParameterizedTest(name = "engine as {0}")
    @ValueSource(strings = {"binder", "connector"})
    @DisplayName("ZMTP3-GREET-LIBZMQ-STAGED over TCP: staged libzmq-style peer completes handshake and messages")
    void zmtp3GreetLibzmqStagedOverTcp(String role) throws Exception {
        ZmtpSessionConfig config = ZmtpSessionConfig.of(SocketType.PAIR);
        try (RawPeerListener listener = RawPeerListener.listen(TcpEngine.TIMEOUTS)) {
            SessionRecorder engine;
            RawPeer peer;
            TcpEngine.Bound bound = null;
            if (role.equals("binder")) {
                bound = tcp.bind(config.withAsServer(true));
                peer = RawPeer.connect(bound.endpoint(), TcpEngine.TIMEOUTS);
                engine = bound.next();
            } else {
                engine = tcp.connect(config, listener.endpoint());
                peer = listener.accept();
            }
            try (peer) {
                long start = System.nanoTime();
                byte[] greeting = ZmtpBytes.greetingWithPadding(hex("00 00 00 00 00 00 00 01"), 3, 1, "NULL", false);
                peer.send(Arrays.copyOfRange(greeting, 0, 10));
                peer.expectBytes(Arrays.copyOf(OPENING, 10));
                peer.send(Arrays.copyOfRange(greeting, 10, 11));
                peer.expectBytes(hex("03"));
                peer.send(Arrays.copyOfRange(greeting, 11, 64));
                peer.expectBytes(NULL_REST);
                peer.send(ZmtpBytes.ready("PAIR"));
                peer.expectCommand("READY");

                assertThat(engine.await(ZmtpSessionEvent.HandshakeSucceeded.class, TcpEngine.TIMEOUTS.expect()))
                        .hasValueSatisfying(
                                e -> assertThat(e.peer().socketType()).isEqualTo(SocketType.PAIR));
                peer.send(ZmtpBytes.message(HI));
                assertThat(engine.await(ZmtpMessage.class, TcpEngine.TIMEOUTS.expect()))
                        .hasValue(ZmtpMessage.of(HI));
                engine.channel().writeAndFlush(ZmtpMessage.of("yo".getBytes(StandardCharsets.US_ASCII)));
                assertThat(peer.readMessage())
                        .containsExactly(new RawFrame(0, "yo".getBytes(StandardCharsets.US_ASCII)));
                assertThat(System.nanoTime() - start)
                        .as("nanoseconds to finish")
                        .isLessThan(2_000_000_000L);
                assertThat(engine.exceptions()).isEmpty();
            } finally {
                if (bound != null) {
                    bound.listener().channel().close().sync();
                }
            }
        }
    }

    @ParameterizedTest(name = "asServer={0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("ZMTP3-GREET-ASSERVER-NULL: octet 32 is 00 under NULL whether the engine is server or client")
    void zmtp3GreetAsServerNull(boolean asServer) {
        try (EmbeddedSession s = EmbeddedSession.start(PULL.withAsServer(asServer))) {
            s.take(11);
            s.send(ZmtpBytes.greeting(3, 1, "NULL", false));
            byte[] rest = s.take(53);
            assertThat(rest[32 - 11]).isZero();
        }
    }

    @Test
    @DisplayName("ZMTP3-GREET-ASSERVER-NULL: the peer's as-server octet is recorded but never picks the role")
    void zmtp3GreetAsServerNullPeerOctetIgnored() {
        try (EmbeddedSession s = EmbeddedSession.start(PULL)) {
            // The engine is a client by configuration: it sends READY at once even though the peer says "server",
            // and it would too if the peer said "client".
            s.greet(ZmtpBytes.greeting(3, 1, "NULL", true));
            s.takeCommand("READY");
            s.send(ZmtpBytes.ready("PUSH"));
            assertThat(s.succeeded().asServerOctet()).isTrue();
        }
    }

    @ParameterizedTest(name = "peer minor {0}")
    @ValueSource(ints = {0, 1})
    @DisplayName("ZMTP31-GREET-VERSION-MINOR, ZMTP3-GREET-MECHANISM-FIELD, ZMTP3-GREET-FILLER: the engine's 64 octets")
    void zmtp31GreetVersionMinorAndFiller(int minor) {
        try (EmbeddedSession s = EmbeddedSession.start(PULL)) {
            s.send(ZmtpBytes.greeting(3, minor, "NULL", false));
            byte[] greeting = s.take(64);
            assertThat(Hex.of(greeting))
                    .isEqualTo(Hex.of(Hex.concat(
                            hex("ff 00 00 00 00 00 00 00 01 7f 03 01"),
                            "NULL".getBytes(StandardCharsets.US_ASCII),
                            new byte[16 + 1 + 31])));
            // ZMTP3-GREET-FILLER: the first frame starts at offset 64 and is READY's command flags.
            assertThat(s.take(1)[0]).isEqualTo((byte) 0x04);
        }
    }

    @ParameterizedTest(name = "padding {0}")
    @ValueSource(
            strings = {
                "00 00 00 00 00 00 00 00",
                "00 00 00 00 00 00 00 01",
                "00 00 00 00 00 00 01 00",
                "ff ff ff ff ff ff ff ff",
                "3a 91 07 c4 5e 22 e8 6b"
            })
    @DisplayName("ZMTP3-GREET-PADDING-IGNORED: padding (and filler) of any value; the message flows both ways")
    void zmtp3GreetPaddingIgnored(String padding) {
        byte[] greeting = ZmtpBytes.greetingWithPadding(hex(padding), 3, 1, "NULL", false);
        for (int i = 33; i < 64; i++) {
            greeting[i] = (byte) (0x5a ^ i); // filler is not validated either
        }
        try (EmbeddedSession s = EmbeddedSession.start(PULL.withAsServer(true).withHandshakeIvl(0))) {
            s.greet(greeting);
            s.send(ZmtpBytes.ready("PUSH"), ZmtpBytes.message(HI));
            s.takeCommand("READY");
            s.succeeded();
            assertThat(s.messages()).containsExactly(ZmtpMessage.of(HI));
        }
        try (EmbeddedSession s = EmbeddedSession.start(ZmtpSessionConfig.of(SocketType.PUSH))) {
            s.greet(greeting);
            s.takeCommand("READY");
            s.send(ZmtpBytes.ready("PULL"));
            s.succeeded();
            s.write(ZmtpMessage.of(HI));
            assertThat(Hex.of(s.takeAll())).isEqualTo("00 02 68 69");
        }
    }

    @ParameterizedTest(name = "peer {0}.{1}")
    @CsvSource({"3, 2", "3, 7", "4, 0", "255, 255"})
    @DisplayName("ZMTP3-GREET-HIGHER-VERSION: higher versions are accepted and the engine keeps speaking 3.1")
    void zmtp3GreetHigherVersion(int major, int minor) {
        try (EmbeddedSession s = EmbeddedSession.start(ZmtpSessionConfig.of(SocketType.SUB))) {
            assertThat(Hex.of(s.take(11))).isEqualTo(Hex.of(OPENING));
            s.send(ZmtpBytes.greeting(major, minor, "NULL", false));
            assertThat(Hex.of(s.take(53))).isEqualTo(Hex.of(NULL_REST)); // still announces 03 01
            s.takeCommand("READY");
            s.send(ZmtpBytes.ready("PUB"), ZmtpBytes.message(HI));
            assertThat(s.succeeded().version()).isEqualTo(ZmtpVersion.ZMTP_3_1);
            assertThat(s.messages()).containsExactly(ZmtpMessage.of(HI));
            // 3.1 framing and 3.1 subscriptions: the SUBSCRIBE command, not the 3.0 message.
            s.write(new ZmtpSubscription(true, "A".getBytes(StandardCharsets.US_ASCII)));
            assertThat(Hex.of(s.takeAll())).isEqualTo("04 0b 09 53 55 42 53 43 52 49 42 45 41");
            s.expectOpen();
        }
    }

    @Test
    @DisplayName("ZMTP31-GREET-VERSION-MINOR: a peer announcing 3.0 is told apart by minor 00")
    void zmtp30PeerToldApartByMinor() {
        try (EmbeddedSession s = EmbeddedSession.start(PULL)) {
            assertThat(s.handshake(0, "PUSH").version()).isEqualTo(ZmtpVersion.ZMTP_3_0);
        }
        try (EmbeddedSession s = EmbeddedSession.start(PULL)) {
            assertThat(s.handshake(1, "PUSH").version()).isEqualTo(ZmtpVersion.ZMTP_3_1);
        }
    }

    @ParameterizedTest(name = "peer mechanism {0}, engine asServer={1}")
    @CsvSource({"PLAIN, false", "PLAIN, true", "NULLX, false", "CURVE, true", "null, false"})
    @DisplayName("ZMTP3-GREET-MECHANISM-MISMATCH: another mechanism closes without READY and without ERROR")
    void zmtp3GreetMechanismMismatch(String mechanism, boolean asServer) {
        assertMechanismMismatch(ZmtpBytes.greeting(3, 1, mechanism, false), asServer);
    }

    @Test
    @DisplayName("ZMTP3-GREET-MECHANISM-MISMATCH: all 20 octets are compared ('NULL' with a non-zero last octet)")
    void zmtp3GreetMechanismMismatchInThePadding() {
        byte[] greeting = ZmtpBytes.greeting(3, 1, "NULL", false);
        greeting[31] = 'X';
        assertMechanismMismatch(greeting, false);
    }

    private static void assertMechanismMismatch(byte[] greeting, boolean asServer) {
        try (EmbeddedSession s = EmbeddedSession.start(PULL.withAsServer(asServer))) {
            s.take(11);
            // The peer even sends READY and a message right behind its greeting: none of it may get through.
            s.send(greeting, ZmtpBytes.ready("PUSH"), ZmtpBytes.message(HI));
            // The 53 octets went out on the peer's octet 10, before its mechanism was read; nothing after them.
            assertThat(Hex.of(s.take(53))).isEqualTo(Hex.of(NULL_REST));
            s.expectNothingWritten();
            s.expectHandshakeFailedFor("ZMTP3-GREET-MECHANISM-MISMATCH");
        }
    }

    @Test
    @DisplayName("ZMTP3-GREET-MECHANISM-MISMATCH over TCP: EOF right after the greeting, nothing else")
    void zmtp3GreetMechanismMismatchOverTcp() throws Exception {
        TcpEngine.Bound bound = tcp.bind(PULL.withAsServer(true));
        try (RawPeer peer = RawPeer.connect(bound.endpoint(), TcpEngine.TIMEOUTS)) {
            peer.send(ZmtpBytes.greeting(3, 1, "PLAIN", false));
            assertThat(peer.readGreeting().mechanism()).isEqualTo("NULL");
            assertThat(peer.expectClose()).as("octets after the greeting").isEmpty();
            SessionRecorder engine = bound.next();
            assertThat(engine.await(ZmtpSessionEvent.Closed.class, TcpEngine.TIMEOUTS.expect()))
                    .hasValueSatisfying(c -> {
                        assertThat(c.reason())
                                .hasValueSatisfying(
                                        v -> assertThat(v.ruleId()).isEqualTo("ZMTP3-GREET-MECHANISM-MISMATCH"));
                        RuleIds.assertReasonsInCatalog(c);
                    });
        } finally {
            bound.listener().channel().close().sync();
        }
    }

    @Test
    @DisplayName("ZMTP3-GREET-OPENING: a peer that closes mid-greeting ends the handshake without a reason")
    void peerClosesMidGreeting() {
        try (EmbeddedSession s = EmbeddedSession.start(PULL)) {
            s.take(11);
            s.send(Arrays.copyOf(ZmtpBytes.greeting(3, 1, "NULL", false), 30));
            s.take(53);
            s.peerCloses();
            assertThat(s.arrivals())
                    .containsExactly(
                            new ZmtpSessionEvent.HandshakeFailed(Optional.empty()),
                            new ZmtpSessionEvent.Closed(Optional.empty()));
        }
    }

    @Test
    @DisplayName(
            "ZMTP3-GREET-FULL-IF-READ-FULL: after the peer's 64 octets (in one write or 64) the engine's 64 are out")
    void zmtp3GreetFullIfReadFull() {
        byte[] greeting = ZmtpBytes.greeting(3, 1, "NULL", false);
        try (EmbeddedSession s = EmbeddedSession.start(PULL.withAsServer(true))) {
            s.send(greeting);
            assertThat(Hex.of(s.takeAll())).isEqualTo(Hex.of(Hex.concat(OPENING, NULL_REST)));
        }
        try (EmbeddedSession s = EmbeddedSession.start(PULL.withAsServer(true))) {
            s.sendOctetByOctet(greeting);
            assertThat(Hex.of(s.takeAll())).isEqualTo(Hex.of(Hex.concat(OPENING, NULL_REST)));
        }
    }

    @Test
    @DisplayName("ZMTP3-GREET-OPENING: greeting, READY and a message cut at every point still make one handshake")
    void greetingReadyAndMessageInAnyFragmentation() {
        byte[] input =
                Hex.concat(ZmtpBytes.greeting(3, 1, "NULL", false), ZmtpBytes.ready("PUSH"), ZmtpBytes.message(HI, HI));
        for (int cut = 0; cut <= input.length; cut++) {
            List<byte[]> pieces = List.of(Arrays.copyOf(input, cut), Arrays.copyOfRange(input, cut, input.length));
            try (EmbeddedSession s = EmbeddedSession.start(PULL.withAsServer(true))) {
                for (byte[] piece : pieces) {
                    if (piece.length > 0) {
                        s.send(piece);
                    }
                }
                assertThat(Hex.of(s.take(64))).as("cut at %d", cut).isEqualTo(Hex.of(Hex.concat(OPENING, NULL_REST)));
                s.takeCommand("READY");
                s.succeeded();
                assertThat(s.messages()).as("cut at %d", cut).containsExactly(ZmtpMessage.of(HI, HI));
            }
        }
        try (EmbeddedSession s = EmbeddedSession.start(PULL.withAsServer(true))) {
            s.sendOctetByOctet(input);
            s.take(64);
            s.takeCommand("READY");
            assertThat(s.messages()).containsExactly(ZmtpMessage.of(HI, HI));
        }
    }
}
