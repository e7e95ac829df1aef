package dev.zck.engine;

import static dev.zck.engine.rawpeer.ZmtpBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.engine.rawpeer.RawFrame;
import dev.zck.engine.rawpeer.ZmtpBytes;
import dev.zck.spi.SocketType;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The NULL handshake (RFC 23, RFC 37): READY order, metadata, the socket-type check and ERROR. */
class NullHandshakeTest {
    private static final ZmtpSessionConfig PULL = ZmtpSessionConfig.of(SocketType.PULL);
    private static final byte[] HI_MESSAGE = hex("00 02 68 69");
    private static final ZmtpMessage HI = ZmtpMessage.of("hi".getBytes(StandardCharsets.US_ASCII));

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** A READY with exactly these properties, in this order. */
    private static byte[] readyWith(String... namesAndValues) {
        byte[] metadata = new byte[0];
        for (int i = 0; i < namesAndValues.length; i += 2) {
            metadata =
                    Hex.concat(metadata, ZmtpBytes.metadataProperty(namesAndValues[i], ascii(namesAndValues[i + 1])));
        }
        return ZmtpBytes.command("READY", metadata);
    }

    // ---------------------------------------------------------------- READY order

    @ParameterizedTest(name = "peer 3.{0}")
    @ValueSource(ints = {0, 1})
    @DisplayName("ZMTP3-NULL-READY-BOTH, ZMTP3-NULL-READY-NO-WAIT: a client sends one READY at once, then messages")
    void zmtp3NullReadyBothAsClient(int minor) {
        try (EmbeddedSession s = EmbeddedSession.start(ZmtpSessionConfig.of(SocketType.PUSH))) {
            s.greet(minor);
            // READY is out before the peer has sent its own.
            s.takeCommand("READY");
            s.advance(5_000);
            s.expectNothingWritten();
            assertThat(s.arrivals(ZmtpSessionEvent.class)).isEmpty();

            s.send(ZmtpBytes.ready("PULL"));
            s.succeeded();
            s.expectNothingWritten(); // no second READY
            s.write(HI);
            assertThat(Hex.of(s.takeAll())).isEqualTo(Hex.of(HI_MESSAGE));
        }
    }

    @Test
    @DisplayName("ZMTP31-NULL-SERVER-REPLY: a server facing 3.1 waits for the client's READY, then answers once")
    void zmtp31NullServerReply() {
        try (EmbeddedSession s = EmbeddedSession.start(PULL.withAsServer(true))) {
            s.greet(1);
            s.advance(5_000);
            s.expectNothingWritten();
            s.send(ZmtpBytes.ready("PUSH"));
            s.takeCommand("READY");
            s.expectNothingWritten();
            assertThat(s.succeeded().version()).isEqualTo(ZmtpVersion.ZMTP_3_1);
        }
    }

    @Test
    @DisplayName("ZMTP3-NULL-READY-NO-WAIT: a server facing a 3.0 peer sends READY at once")
    void zmtp3NullReadyNoWaitServerFacing30() {
        try (EmbeddedSession s = EmbeddedSession.start(PULL.withAsServer(true))) {
            s.greet(0);
            s.takeCommand("READY");
            s.send(ZmtpBytes.ready("PUSH"));
            s.expectNothingWritten();
            assertThat(s.succeeded().version()).isEqualTo(ZmtpVersion.ZMTP_3_0);
        }
    }

    @ParameterizedTest(name = "engine asServer={0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("ZMTP3-NULL-MSG-AFTER-OWN-READY: a message in the same write as the peer's greeting and READY")
    void zmtp3NullMsgAfterOwnReady(boolean asServer) {
        try (EmbeddedSession s = EmbeddedSession.start(PULL.withAsServer(asServer))) {
            s.take(11);
            s.send(ZmtpBytes.greeting(3, 1, "NULL", false), ZmtpBytes.ready("PUSH"), HI_MESSAGE);
            s.take(53);
            s.takeCommand("READY");
            s.succeeded();
            assertThat(s.messages()).containsExactly(HI);
        }
        try (EmbeddedSession s = EmbeddedSession.start(PULL.withAsServer(asServer))) {
            s.greet(1);
            s.send(ZmtpBytes.ready("PUSH"), HI_MESSAGE, HI_MESSAGE);
            assertThat(s.messages()).containsExactly(HI, HI);
        }
    }

    @ParameterizedTest(name = "engine asServer={0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("ZMTP31-NULL-SEND-AFTER-HANDSHAKE: a message frame before the peer's READY is refused with ERROR")
    void zmtp31NullSendAfterHandshake(boolean asServer) {
        try (EmbeddedSession s = EmbeddedSession.start(PULL.withAsServer(asServer))) {
            s.greet(1);
            if (!asServer) {
                s.takeCommand("READY");
            }
            s.send(HI_MESSAGE, ZmtpBytes.ready("PUSH"));
            RawFrame error = s.takeCommand("ERROR");
            assertThat(new String(error.commandData(), StandardCharsets.US_ASCII))
                    .contains("ZMTP31-NULL-SEND-AFTER-HANDSHAKE");
            s.expectNothingWritten();
            s.expectHandshakeFailedFor("ZMTP31-NULL-SEND-AFTER-HANDSHAKE");
        }
    }

    @Test
    @DisplayName("ZMTP3-NULL-READY-BOTH: a second READY after the handshake closes the connection")
    void zmtp3NullReadyBothSecondReady() {
        try (EmbeddedSession s = EmbeddedSession.start(PULL)) {
            s.handshake(1, "PUSH");
            s.send(ZmtpBytes.ready("PUSH"), HI_MESSAGE);
            s.expectClosedFor("ZMTP3-NULL-READY-BOTH");
            assertThat(s.messages()).isEmpty();
        }
    }

    @Test
    @DisplayName("ZMTP3-CMD-UNKNOWN: an unknown command in place of READY closes the connection")
    void zmtp3CmdUnknownDuringHandshake() {
        try (EmbeddedSession s = EmbeddedSession.start(PULL)) {
            s.greet(1);
            s.takeCommand("READY");
            s.send(hex("04 05 04 41 42 43 44"), ZmtpBytes.ready("PUSH"), HI_MESSAGE);
            ProtocolViolation reason = s.closedWithReason();
            assertThat(reason.ruleId()).isIn("ZMTP3-CMD-UNKNOWN", "ZMTP3-NULL-READY-BOTH");
            assertThat(s.arrivals(ZmtpSessionEvent.HandshakeSucceeded.class)).isEmpty();
            assertThat(s.messages()).isEmpty();
        }
    }

    // ---------------------------------------------------------------- metadata

    @Test
    @DisplayName("ZMTP3-META-NAME-CASE: 'socket-type' in lower case is the Socket-Type property")
    void zmtp3MetaNameCaseSocketType() {
        try (EmbeddedSession s = EmbeddedSession.start(PULL)) {
            s.greet(1);
            s.takeCommand("READY");
            s.send(readyWith("socket-type", "PUSH"));
            assertThat(s.succeeded().socketType()).isEqualTo(SocketType.PUSH);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Socket-Type", "socket-type", "SOCKET-TYPE", "sOcKeT-tYpE"})
    @DisplayName("ZMTP3-META-NAME-CASE: every spelling of Socket-Type gets the same type check")
    void zmtp3MetaNameCaseTypeCheck(String name) {
        try (EmbeddedSession s = EmbeddedSession.start(PULL)) {
            s.greet(1);
            s.takeCommand("READY");
            s.send(readyWith(name, "PUB"));
            s.takeCommand("ERROR");
            s.expectHandshakeFailedFor("ZMTP3-STYPE-COMPAT");
        }
    }

    @Test
    @DisplayName("ZMTP3-META-NAME-CASE, ZMTP3-ID-PROPERTY: a DEALER's 'IDENTITY' is its routing id at a ROUTER")
    void zmtp3MetaNameCaseIdentity() {
        try (EmbeddedSession s =
                EmbeddedSession.start(ZmtpSessionConfig.of(SocketType.ROUTER).withAsServer(true))) {
            s.greet(1);
            s.send(readyWith("Socket-Type", "DEALER", "IDENTITY", "A"));
            s.takeCommand("READY");
            assertThat(s.succeeded().identity())
                    .hasValueSatisfying(id -> assertThat(id).isEqualTo(ascii("A")));
        }
    }

    @Test
    @DisplayName("ZMTP3-META-X-PREFIX: a peer's X- property does not disturb the handshake and is kept")
    void zmtp3MetaXPrefix() {
        try (EmbeddedSession s = EmbeddedSession.start(PULL)) {
            s.greet(1);
            RawFrame ready = s.takeCommand("READY");
            assertThat(new String(ready.commandData(), StandardCharsets.US_ASCII).toLowerCase())
                    .as("a default READY")
                    .doesNotContain("x-");
            Map<String, byte[]> extra = new LinkedHashMap<>();
            extra.put("X-Foo", ascii("bar"));
            s.send(ZmtpBytes.ready("PUSH", extra));
            assertThat(s.succeeded().metadata().getString("x-foo")).hasValue("bar");
        }
    }

    // ---------------------------------------------------------------- the engine's READY

    @Test
    @DisplayName("ZMTP3-STYPE-SEND, ZMTP3-ID-PROPERTY: the READY of a DEALER with identity and an X- property")
    void zmtp3StypeSendDealerReadyBytes() {
        ZmtpSessionConfig dealer = ZmtpSessionConfig.of(SocketType.DEALER)
                .withIdentity(ascii("me"))
                .withProperty("X-Test", "yes");
        try (EmbeddedSession s = EmbeddedSession.start(dealer)) {
            s.greet(1);
            assertThat(Hex.of(s.takeAll()))
                    .isEqualTo(Hex.of(Hex.bytes("04 39 05 'READY'"
                            + " 0b 'Socket-Type' 00 00 00 06 'DEALER'"
                            + " 08 'Identity' 00 00 00 02 'me'"
                            + " 06 'X-Test' 00 00 00 03 'yes'")));
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "DEALER, 04 29 05 'READY' 0b 'Socket-Type' 00 00 00 06 'DEALER' 08 'Identity' 00 00 00 00",
        "PUSH, 04 1a 05 'READY' 0b 'Socket-Type' 00 00 00 04 'PUSH'",
        "SUB, 04 19 05 'READY' 0b 'Socket-Type' 00 00 00 03 'SUB'"
    })
    @DisplayName("ZMTP3-STYPE-SEND: the READY of default sockets is libzmq's, byte for byte")
    void zmtp3StypeSendDefaultReadyBytes(SocketType type, String ready) {
        try (EmbeddedSession s = EmbeddedSession.start(ZmtpSessionConfig.of(type))) {
            s.greet(1);
            assertThat(Hex.of(s.takeAll())).isEqualTo(Hex.of(Hex.bytes(ready)));
        }
    }

    // ---------------------------------------------------------------- the peer's type

    @Test
    @DisplayName("ZMTP3-STYPE-SEND: a READY without Socket-Type is refused with ERROR")
    void zmtp3StypeSendMissing() {
        try (EmbeddedSession s = EmbeddedSession.start(PULL)) {
            s.greet(1);
            s.takeCommand("READY");
            s.send(readyWith("Identity", ""));
            s.takeCommand("ERROR");
            s.expectNothingWritten();
            s.expectHandshakeFailedFor("ZMTP3-STYPE-SEND");
        }
    }

    @ParameterizedTest(name = "engine asServer={0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("ZMTP3-STYPE-MISMATCH-CLOSE: an incompatible type gets ERROR, then the close (ZMTP3-STYPE-COMPAT)")
    void zmtp3StypeMismatchClose(boolean asServer) {
        try (EmbeddedSession s = EmbeddedSession.start(PULL.withAsServer(asServer))) {
            s.greet(1);
            if (!asServer) {
                s.takeCommand("READY");
            }
            s.send(ZmtpBytes.ready("PUB"), HI_MESSAGE);
            // A server that refuses the client's READY answers with ERROR instead of READY (RFC 37).
            RawFrame error = s.takeCommand("ERROR");
            byte[] data = error.commandData();
            assertThat(data[0] & 0xff).as("reason length").isEqualTo(data.length - 1);
            assertThat(new String(data, 1, data.length - 1, StandardCharsets.US_ASCII))
                    .contains("ZMTP3-STYPE-COMPAT");
            s.expectNothingWritten();
            s.expectHandshakeFailedFor("ZMTP3-STYPE-COMPAT");
        }
    }

    @ParameterizedTest(name = "peer {0}")
    @ValueSource(strings = {"FOO", "push", ""})
    @DisplayName("ZMTP3-STYPE-COMPAT: a Socket-Type that names no socket type is refused")
    void zmtp3StypeCompatUnknownName(String name) {
        try (EmbeddedSession s = EmbeddedSession.start(PULL)) {
            s.greet(1);
            s.takeCommand("READY");
            s.send(readyWith("Socket-Type", name));
            s.takeCommand("ERROR");
            s.expectHandshakeFailedFor("ZMTP3-STYPE-COMPAT");
        }
    }

    @ParameterizedTest(name = "engine {0}, peer {1} on 3.{2}")
    @CsvSource({"CLIENT, DEALER, 1", "DEALER, CLIENT, 1", "RADIO, SUB, 1", "SERVER, SERVER, 1", "CLIENT, DEALER, 0"})
    @DisplayName("ZMTP31-STYPE-COMPAT: draft types pair only with their partner")
    void zmtp31StypeCompatRefused(SocketType engine, String peer, int minor) {
        try (EmbeddedSession s = EmbeddedSession.start(ZmtpSessionConfig.of(engine))) {
            s.greet(minor);
            s.takeCommand("READY");
            s.send(ZmtpBytes.ready(peer));
            s.takeCommand("ERROR");
            s.expectHandshakeFailedFor("ZMTP31-STYPE-COMPAT");
        }
    }

    @ParameterizedTest(name = "engine {0}, peer {1}")
    @CsvSource({"CLIENT, SERVER", "SERVER, CLIENT", "RADIO, DISH", "SCATTER, GATHER", "PEER, PEER", "CHANNEL, CHANNEL"})
    @DisplayName("ZMTP31-STYPE-COMPAT: partner draft types complete the handshake over 3.1")
    void zmtp31StypeCompatPartners(SocketType engine, String peer) {
        try (EmbeddedSession s = EmbeddedSession.start(ZmtpSessionConfig.of(engine))) {
            assertThat(s.handshake(1, peer).socketType()).isEqualTo(SocketType.valueOf(peer));
        }
    }

    @ParameterizedTest(name = "engine {0}, peer {1}")
    @CsvSource({"CLIENT, SERVER", "RADIO, DISH", "PEER, PEER"})
    @DisplayName("ZMTP31-STYPE-COMPAT: partner draft types are accepted from a peer announcing 3.0, as libzmq and"
            + " JeroMQ do (JeroMQ 0.6.0 announces 3.0 and has the draft types)")
    void zmtp31StypeCompatPartnersOver30(SocketType engine, String peer) {
        try (EmbeddedSession s = EmbeddedSession.start(ZmtpSessionConfig.of(engine))) {
            assertThat(s.handshake(0, peer).socketType()).isEqualTo(SocketType.valueOf(peer));
        }
    }

    // ---------------------------------------------------------------- ERROR

    @ParameterizedTest(name = "engine asServer={0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("ZMTP3-ERROR-FATAL: the peer's ERROR during the handshake closes, without an ERROR back")
    void zmtp3ErrorFatal(boolean asServer) {
        try (EmbeddedSession s = EmbeddedSession.start(PULL.withAsServer(asServer))) {
            s.greet(1);
            if (!asServer) {
                s.takeCommand("READY");
            }
            s.send(Hex.bytes("04 0a 05 'ERROR' 03 '400'"), HI_MESSAGE);
            s.expectNothingWritten();
            ProtocolViolation reason = s.expectHandshakeFailedFor("ZMTP3-ERROR-FATAL");
            assertThat(reason.getMessage()).contains("400");
        }
    }
}
