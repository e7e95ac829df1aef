package dev.zck.engine;

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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Version detection (RFC 23, Backwards Interoperability): the engine speaks ZMTP 2.0 (RFC 15) to a 2.0 peer under
 * NULL, and refuses ZMTP 1.0 peers, revision 00, and 2.0 peers when the mechanism is not NULL or 2.0 is switched off.
 */
class Zmtp20PeerTest {
    /** The 2.0 signature as libzmq 3.x sends it: padding holds the identity length plus one. */
    private static final byte[] SIGNATURE_20 = hex("ff 00 00 00 00 00 00 00 01 7f");

    private static final byte[] A = ascii("A");
    private static final byte[] BIG = big();
    private static TcpEngine tcp;

    @BeforeAll
    static void startTcp() {
        tcp = new TcpEngine();
    }

    @AfterAll
    static void stopTcp() {
        tcp.close();
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] big() {
        byte[] body = new byte[300];
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) i;
        }
        return body;
    }

    /** A 2.0 greeting: signature, revision, socket type, identity frame. */
    private static byte[] greeting20(int revision, SocketType type, String identity) {
        byte[] id = ascii(identity);
        return Hex.concat(SIGNATURE_20, new byte[] {(byte) revision, (byte) type.code(), 0, (byte) id.length}, id);
    }

    @ParameterizedTest(name = "revision {0}")
    @ValueSource(ints = {1, 2})
    @DisplayName("VER-DETECT-2.0: engine PUB and a 2.0 SUB: type octet, identity frame, 01 subscription, 2.0 message")
    void verDetect20Pub(int revision) {
        try (EmbeddedSession s = EmbeddedSession.start(ZmtpSessionConfig.of(SocketType.PUB))) {
            s.send(greeting20(revision, SocketType.SUB, ""), hex("00 02 01 41"));
            assertThat(Hex.of(s.takeAll())).isEqualTo("ff 00 00 00 00 00 00 00 01 7f 03 01 00 00");
            PeerInfo peer = s.succeeded();
            assertThat(peer.version()).isEqualTo(ZmtpVersion.ZMTP_2_0);
            assertThat(peer.socketType()).isEqualTo(SocketType.SUB);
            assertThat(peer.identity()).hasValueSatisfying(id -> assertThat(id).isEmpty());
            assertThat(s.arrivals(ZmtpSubscription.class)).containsExactly(new ZmtpSubscription(true, A));

            s.write(ZmtpMessage.of(ascii("A1")));
            assertThat(Hex.of(s.takeAll())).isEqualTo("00 02 41 31");
            s.send(hex("00 02 00 41"));
            assertThat(s.arrivals(ZmtpSubscription.class))
                    .containsExactly(new ZmtpSubscription(true, A), new ZmtpSubscription(false, A));
            s.expectOpen();
        }
    }

    @Test
    @DisplayName("VER-DETECT-2.0: the engine answers the 2.0 peer's octet 10 at once, before its socket type arrives")
    void verDetect20Staged() {
        try (EmbeddedSession s = EmbeddedSession.start(ZmtpSessionConfig.of(SocketType.PULL))) {
            assertThat(Hex.of(s.takeAll())).isEqualTo(Hex.of(OPENING));
            s.send(SIGNATURE_20);
            s.expectNothingWritten();
            s.send(hex("01"));
            assertThat(Hex.of(s.takeAll())).isEqualTo("07 00 00");
            s.send(hex("08"));
            s.send(hex("00 03"));
            assertThat(s.arrivals(ZmtpSessionEvent.HandshakeSucceeded.class)).isEmpty();
            s.send(ascii("abc"));
            assertThat(s.succeeded().identity())
                    .hasValueSatisfying(id -> assertThat(id).isEqualTo(ascii("abc")));
            s.expectNothingWritten();
        }
    }

    @Test
    @DisplayName("ZMTP2-FRAMING: multipart with a 300-octet frame both ways, in 2.0 framing")
    void zmtp2Framing() {
        byte[] wire = Hex.concat(hex("01 01 41 02 00 00 00 00 00 00 01 2c"), BIG);
        try (EmbeddedSession s = EmbeddedSession.start(ZmtpSessionConfig.of(SocketType.PAIR))) {
            s.send(greeting20(1, SocketType.PAIR, ""));
            assertThat(Hex.of(s.takeAll())).isEqualTo(Hex.of(Hex.concat(OPENING, hex("00 00 00"))));
            s.write(ZmtpMessage.of(A, BIG));
            assertThat(Hex.of(s.takeAll())).isEqualTo(Hex.of(wire));
            s.send(wire);
            assertThat(s.messages()).containsExactly(ZmtpMessage.of(A, BIG));
            s.send(Hex.bytes("01 00 01 00 00 03 'end'"));
            assertThat(s.messages())
                    .containsExactly(ZmtpMessage.of(A, BIG), ZmtpMessage.of(new byte[0], new byte[0], ascii("end")));
        }
    }

    @ParameterizedTest(name = "flags {0}")
    @ValueSource(strings = {"04", "05", "06", "08", "80"})
    @DisplayName("ZMTP2-FRAMING: a 2.0 frame with bit 2 (COMMAND in 3.x) or a higher bit set is a violation")
    void zmtp2FramingBit2IsAViolation(String flags) {
        try (EmbeddedSession s = EmbeddedSession.start(ZmtpSessionConfig.of(SocketType.PULL))) {
            s.send(greeting20(1, SocketType.PUSH, ""));
            s.takeAll();
            s.succeeded();
            byte[] frame = flags.equals("06")
                    ? Hex.concat(hex("06 00 00 00 00 00 00 00 01 41"))
                    : Hex.concat(hex(flags), hex("01 41"));
            s.send(frame, hex("00 01 42"));
            s.expectClosedFor("ZMTP2-FRAMING");
            assertThat(s.messages()).isEmpty();
            s.expectNothingWritten(); // 2.0 has no ERROR command
        }
    }

    @Test
    @DisplayName("VER-DETECT-2.0: engine SUB facing a 2.0 PUB sends its subscriptions as 01/00 messages")
    void verDetect20Sub() {
        try (EmbeddedSession s = EmbeddedSession.start(ZmtpSessionConfig.of(SocketType.SUB))) {
            s.send(greeting20(1, SocketType.PUB, ""));
            assertThat(Hex.of(s.takeAll())).isEqualTo(Hex.of(Hex.concat(OPENING, hex("02 00 00"))));
            s.write(new ZmtpSubscription(true, A));
            assertThat(Hex.of(s.takeAll())).isEqualTo("00 02 01 41");
            s.write(new ZmtpSubscription(false, A));
            assertThat(Hex.of(s.takeAll())).isEqualTo("00 02 00 41");
            // A message starting with 01 from the PUB is data for a SUB, not a subscription.
            s.send(hex("00 02 01 41"), hex("00 02 41 31"));
            assertThat(s.messages()).containsExactly(ZmtpMessage.of(hex("01 41")), ZmtpMessage.of(ascii("A1")));
            assertThat(s.arrivals(ZmtpSubscription.class)).isEmpty();
        }
    }

    @Test
    @DisplayName("ZMTP2-GREETING: engine DEALER sends its identity frame; a 2.0 peer's identity reaches PeerInfo")
    void zmtp2GreetingIdentities() {
        ZmtpSessionConfig dealer = ZmtpSessionConfig.of(SocketType.DEALER).withIdentity(ascii("me"));
        try (EmbeddedSession s = EmbeddedSession.start(dealer)) {
            s.send(greeting20(1, SocketType.ROUTER, "peer"));
            assertThat(Hex.of(s.takeAll())).isEqualTo(Hex.of(Hex.concat(OPENING, hex("05 00 02 6d 65"))));
            PeerInfo peer = s.succeeded();
            assertThat(peer.socketType()).isEqualTo(SocketType.ROUTER);
            assertThat(peer.identity()).hasValueSatisfying(id -> assertThat(id).isEqualTo(ascii("peer")));
        }
    }

    @ParameterizedTest(name = "engine {0} announces {1}")
    @CsvSource({"XPUB, 01, SUB", "XSUB, 02, PUB", "PUB, 01, XSUB", "ROUTER, 06, DEALER", "PAIR, 00, PAIR"})
    @DisplayName("ZMTP2-GREETING: the socket-type octet is RFC 15's code; XPUB and XSUB present as PUB and SUB")
    void zmtp2GreetingSocketTypeOctet(SocketType engine, String octet, SocketType peer) {
        try (EmbeddedSession s = EmbeddedSession.start(ZmtpSessionConfig.of(engine))) {
            s.send(greeting20(1, peer, ""));
            assertThat(Hex.of(s.takeAll())).isEqualTo(Hex.of(Hex.concat(OPENING, hex(octet + " 00 00"))));
            assertThat(s.succeeded().socketType()).isEqualTo(peer);
        }
    }

    @Test
    @DisplayName("ZMTP2-STYPE-CHECK: an incompatible 2.0 peer is dropped without an ERROR command")
    void zmtp2StypeCheck() {
        try (EmbeddedSession s = EmbeddedSession.start(ZmtpSessionConfig.of(SocketType.PUSH))) {
            s.send(greeting20(1, SocketType.PUB, ""), hex("00 02 68 69"));
            assertThat(Hex.of(s.takeAll())).isEqualTo(Hex.of(Hex.concat(OPENING, hex("08 00 00"))));
            s.expectHandshakeFailedFor("ZMTP2-STYPE-CHECK");
        }
        try (EmbeddedSession s = EmbeddedSession.start(ZmtpSessionConfig.of(SocketType.PUSH))) {
            s.send(greeting20(1, SocketType.PULL, ""));
            s.takeAll();
            s.succeeded();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"0b", "0c", "13", "ff"})
    @DisplayName("VER-DETECT-2.0: a socket-type octet that is not one of RFC 15's is refused")
    void verDetect20UnknownSocketType(String code) {
        try (EmbeddedSession s = EmbeddedSession.start(ZmtpSessionConfig.of(SocketType.PAIR))) {
            s.send(SIGNATURE_20, hex("01"), hex(code), hex("00 00"));
            assertThat(Hex.of(s.takeAll())).isEqualTo(Hex.of(Hex.concat(OPENING, hex("00 00 00"))));
            s.expectHandshakeFailedFor("VER-DETECT-2.0");
        }
    }

    @Test
    @DisplayName("VER-DETECT-2.0: a 2.0 identity frame must be a final short frame (flags 00)")
    void verDetect20IdentityFrameFlags() {
        try (EmbeddedSession s = EmbeddedSession.start(ZmtpSessionConfig.of(SocketType.PAIR))) {
            s.send(SIGNATURE_20, hex("01 00 01 00"));
            s.takeAll();
            s.expectHandshakeFailedFor("VER-DETECT-2.0");
        }
    }

    // ---------------------------------------------------------------- refusals

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "01 00", // anonymous 1.0 peer: length 1, flags 00
                "05 00 41 42 43 44", // 1.0 identity 'ABCD'
                "00", // first octet 00
                "ff 00 00 00 00 00 00 01 00 00", // 1.0 long identity of 255 octets: octet 9 has its low bit clear
                "ff 00 00 00 00 00 00 00 02 7e" // octet 9 even: a 1.0 long length, whatever the rest
            })
    @DisplayName("VER-DOWNGRADE-OR-CLOSE: a ZMTP 1.0 peer is refused, the engine sends nothing after its opening")
    void verDowngradeOrCloseZmtp10(String octets) {
        try (EmbeddedSession s = EmbeddedSession.start(ZmtpSessionConfig.of(SocketType.PULL))) {
            s.send(hex(octets));
            assertThat(Hex.of(s.takeAll())).isEqualTo(Hex.of(OPENING));
            ProtocolViolation reason = s.expectHandshakeFailedFor("VER-DOWNGRADE-OR-CLOSE");
            assertThat(reason.toString()).contains("VER-DOWNGRADE-OR-CLOSE").contains("1.0");
        }
    }

    @Test
    @DisplayName("VER-DOWNGRADE-OR-CLOSE: the first octet alone tells a 1.0 peer; the engine does not wait for more")
    void verDowngradeOrCloseOnTheFirstOctet() {
        try (EmbeddedSession s = EmbeddedSession.start(ZmtpSessionConfig.of(SocketType.PULL))) {
            s.send(hex("01"));
            s.expectHandshakeFailedFor("VER-DOWNGRADE-OR-CLOSE");
        }
    }

    @Test
    @DisplayName("VER-DOWNGRADE-OR-CLOSE: revision 00 after a versioned signature is refused")
    void verDowngradeOrCloseRevision00() {
        try (EmbeddedSession s = EmbeddedSession.start(ZmtpSessionConfig.of(SocketType.PULL))) {
            s.send(SIGNATURE_20, hex("00 08 00 00"));
            assertThat(Hex.of(s.takeAll())).isEqualTo(Hex.of(OPENING));
            s.expectHandshakeFailedFor("VER-DOWNGRADE-OR-CLOSE");
        }
    }

    @ParameterizedTest(name = "revision {0}")
    @ValueSource(ints = {1, 2})
    @DisplayName("VER-SEC-NO-DOWNGRADE: with a non-NULL mechanism a 2.0 peer is refused")
    void verSecNoDowngrade(int revision) {
        ZmtpSessionConfig plain = ZmtpSessionConfig.of(SocketType.PULL)
                .withMechanism(TestPlainMechanism.INSTANCE)
                .withAsServer(true);
        try (EmbeddedSession s = EmbeddedSession.start(plain)) {
            s.send(greeting20(revision, SocketType.PUSH, ""), hex("00 02 68 69"));
            assertThat(Hex.of(s.takeAll())).isEqualTo(Hex.of(OPENING));
            s.expectHandshakeFailedFor("VER-SEC-NO-DOWNGRADE");
        }
    }

    @Test
    @DisplayName("VER-SEC-NO-DOWNGRADE: with a non-NULL mechanism a 1.0 peer is refused too")
    void verSecNoDowngradeZmtp10() {
        ZmtpSessionConfig plain = ZmtpSessionConfig.of(SocketType.PULL).withMechanism(TestPlainMechanism.INSTANCE);
        try (EmbeddedSession s = EmbeddedSession.start(plain)) {
            s.send(hex("01 00 03 00 68 69"));
            assertThat(Hex.of(s.takeAll())).isEqualTo(Hex.of(OPENING));
            ProtocolViolation reason = s.closedWithReason();
            assertThat(reason.ruleId()).isIn("VER-DOWNGRADE-OR-CLOSE", "VER-SEC-NO-DOWNGRADE");
            assertThat(s.messages()).isEmpty();
        }
    }

    @Test
    @DisplayName("ZMTP3-GREET-MECHANISM-MISMATCH: a PLAIN engine and a NULL peer")
    void plainEngineAndNullPeer() {
        ZmtpSessionConfig plain = ZmtpSessionConfig.of(SocketType.PULL)
                .withMechanism(TestPlainMechanism.INSTANCE)
                .withAsServer(true);
        try (EmbeddedSession s = EmbeddedSession.start(plain)) {
            s.send(ZmtpBytes.greeting(3, 1, "NULL", false));
            byte[] greeting = s.takeAll();
            assertThat(greeting).hasSize(64);
            assertThat(Hex.of(Arrays.copyOfRange(greeting, 12, 17))).isEqualTo("50 4c 41 49 4e");
            assertThat(greeting[32]).as("PLAIN announces the server role").isEqualTo((byte) 1);
            s.expectHandshakeFailedFor("ZMTP3-GREET-MECHANISM-MISMATCH");
        }
    }

    @Test
    @DisplayName("VER-DOWNGRADE-OR-CLOSE: with acceptZmtp20 off a 2.0 peer is refused, no 3.x rest is sent")
    void verDowngradeOrCloseWhenZmtp20IsOff() {
        try (EmbeddedSession s =
                EmbeddedSession.start(ZmtpSessionConfig.of(SocketType.PULL).withAcceptZmtp20(false))) {
            s.send(greeting20(1, SocketType.PUSH, ""));
            assertThat(Hex.of(s.takeAll())).isEqualTo(Hex.of(OPENING));
            s.expectHandshakeFailedFor("VER-DOWNGRADE-OR-CLOSE");
        }
    }

    @Test
    @DisplayName("VER-DOWNGRADE-OR-CLOSE: a draft socket type (CLIENT) cannot be spoken in 2.0 and refuses")
    void verDowngradeOrCloseForDraftTypes() {
        try (EmbeddedSession s = EmbeddedSession.start(ZmtpSessionConfig.of(SocketType.CLIENT))) {
            s.send(greeting20(1, SocketType.DEALER, ""));
            assertThat(Hex.of(s.takeAll())).isEqualTo(Hex.of(OPENING));
            s.expectHandshakeFailedFor("VER-DOWNGRADE-OR-CLOSE");
        }
    }

    // ---------------------------------------------------------------- over TCP

    @Test
    @DisplayName("VER-DETECT-2.0 over TCP: engine PUB binds, a 2.0 SUB connects, subscribes and gets 'A1'")
    void verDetect20OverTcpEngineBinds() throws Exception {
        TcpEngine.Bound bound = tcp.bind(ZmtpSessionConfig.of(SocketType.PUB).withAsServer(true));
        try (RawPeer peer = RawPeer.connect(bound.endpoint(), TcpEngine.TIMEOUTS)) {
            peer.send(Hex.concat(greeting20(1, SocketType.SUB, ""), hex("00 02 01 41")));
            peer.expectBytes(hex("ff 00 00 00 00 00 00 00 01 7f 03 01 00 00"));
            SessionRecorder engine = bound.next();
            assertThat(engine.await(ZmtpSessionEvent.HandshakeSucceeded.class, TcpEngine.TIMEOUTS.expect()))
                    .hasValueSatisfying(e -> assertThat(e.peer().version()).isEqualTo(ZmtpVersion.ZMTP_2_0));
            assertThat(engine.await(ZmtpSubscription.class, TcpEngine.TIMEOUTS.expect()))
                    .hasValue(new ZmtpSubscription(true, A));
            engine.channel().writeAndFlush(ZmtpMessage.of(ascii("A1")));
            peer.expectBytes(hex("00 02 41 31"));
            peer.expectSilence();
            assertThat(engine.exceptions()).isEmpty();
        } finally {
            bound.listener().channel().close().sync();
        }
    }

    @Test
    @DisplayName("ZMTP2-FRAMING over TCP: engine PUSH connects to a 2.0 PULL and sends a multipart message")
    void zmtp2FramingOverTcpEngineConnects() throws Exception {
        try (RawPeerListener listener = RawPeerListener.listen(TcpEngine.TIMEOUTS)) {
            SessionRecorder engine = tcp.connect(ZmtpSessionConfig.of(SocketType.PUSH), listener.endpoint());
            RawPeer peer = listener.accept();
            peer.send(greeting20(1, SocketType.PULL, "x"));
            peer.expectBytes(Hex.concat(OPENING, hex("08 00 00")));
            assertThat(engine.await(ZmtpSessionEvent.HandshakeSucceeded.class, TcpEngine.TIMEOUTS.expect()))
                    .hasValueSatisfying(e -> {
                        assertThat(e.peer().version()).isEqualTo(ZmtpVersion.ZMTP_2_0);
                        assertThat(e.peer().identity())
                                .hasValueSatisfying(id -> assertThat(id).isEqualTo(ascii("x")));
                    });
            engine.channel().writeAndFlush(ZmtpMessage.of(A, BIG));
            assertThat(peer.readMessage()).containsExactly(new RawFrame(0x01, A), new RawFrame(0x02, BIG));
            peer.close();
            assertThat(engine.await(ZmtpSessionEvent.Closed.class, TcpEngine.TIMEOUTS.expect()))
                    .hasValueSatisfying(c -> assertThat(c.reason()).isEmpty());
            assertThat(engine.exceptions()).isEmpty();
        }
    }
}
