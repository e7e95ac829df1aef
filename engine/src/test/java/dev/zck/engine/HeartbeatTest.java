package dev.zck.engine;

import static dev.zck.engine.rawpeer.ZmtpBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.engine.rawpeer.RawFrame;
import dev.zck.engine.rawpeer.ZmtpBytes;
import dev.zck.spi.SocketType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * After the handshake: commands the engine ignores or answers (unknown commands, PING), the peer's PING TTL, and
 * the engine's own heartbeats (RFC 37, Connection Heartbeating), all on the channel's virtual clock.
 */
class HeartbeatTest {
    private static final ZmtpSessionConfig PULL = ZmtpSessionConfig.of(SocketType.PULL);
    private static final byte[] HI_MESSAGE = hex("00 02 68 69");
    private static final ZmtpMessage HI = ZmtpMessage.of("hi".getBytes(StandardCharsets.US_ASCII));
    /** The engine's PING with TTL 0 and no context. */
    private static final String PING_TTL_0 = "04 07 04 50 49 4e 47 00 00";

    private static EmbeddedSession established(ZmtpSessionConfig config, int minor) {
        EmbeddedSession s = EmbeddedSession.start(config);
        s.handshake(minor, "PUSH");
        return s;
    }

    // ---------------------------------------------------------------- commands after the handshake

    @Test
    @DisplayName("ZMTP3-CMD-UNKNOWN: an unknown command after READY is ignored and the next message delivered")
    void zmtp3CmdUnknownIgnored() {
        byte[] longUnknown = ZmtpBytes.command("X-LONG-COMMAND", new byte[300]);
        try (EmbeddedSession s = established(PULL, 1)) {
            s.send(hex("04 05 04 41 42 43 44"), HI_MESSAGE);
            s.send(longUnknown, hex("04 02 01 51"));
            s.send(HI_MESSAGE);
            assertThat(s.messages()).containsExactly(HI, HI);
            s.expectNothingWritten();
            s.expectOpen();
        }
    }

    @Test
    @DisplayName("ZMTP31-PONG-ECHO: PING is answered by a PONG that echoes its context")
    void zmtp31PongEcho() {
        try (EmbeddedSession s = established(PULL, 1)) {
            s.send(hex("04 0a 04 50 49 4e 47 00 00 4c 4f 4c"));
            assertThat(Hex.of(s.takeAll())).isEqualTo("04 08 04 50 4f 4e 47 4c 4f 4c");
            s.send(ZmtpBytes.ping(0, new byte[0]));
            assertThat(Hex.of(s.takeAll())).isEqualTo("04 05 04 50 4f 4e 47");
            byte[] sixteen = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
            s.send(ZmtpBytes.ping(0, sixteen));
            assertThat(s.takeCommand("PONG").commandData()).isEqualTo(sixteen);
            s.expectOpen();
        }
    }

    @Test
    @DisplayName("ZMTP31-PONG-ECHO: a context above 16 octets is echoed cut to its first 16")
    void zmtp31PongEchoTruncated() {
        byte[] context = new byte[58];
        Arrays.fill(context, (byte) 'z');
        System.arraycopy("LOL".getBytes(StandardCharsets.US_ASCII), 0, context, 0, 3);
        try (EmbeddedSession s = established(PULL, 1)) {
            s.send(ZmtpBytes.ping(0, context));
            RawFrame pong = s.takeCommand("PONG");
            assertThat(pong.commandData()).isEqualTo(Arrays.copyOf(context, 16));
            assertThat(Hex.of(pong.body())).isEqualTo(Hex.of(Hex.bytes("04 'PONG' 'LOLzzzzzzzzzzzzz'")));
            s.expectOpen();
        }
    }

    // ---------------------------------------------------------------- the peer's TTL

    @Test
    @DisplayName("ZMTP31-PING-TTL: after a PING with TTL 1 s and silence, the engine closes at 1 s, not before")
    void zmtp31PingTtl() {
        try (EmbeddedSession s = established(PULL, 1)) {
            s.advance(5_000);
            s.send(ZmtpBytes.ping(10, new byte[0]));
            s.takeCommand("PONG");
            s.advance(999);
            s.expectOpen();
            s.advance(1);
            s.expectNothingWritten();
            s.expectClosedFor("ZMTP31-PING-TTL");
        }
    }

    @Test
    @DisplayName("ZMTP31-PING-TTL: TTL 0 never closes")
    void zmtp31PingTtlZero() {
        try (EmbeddedSession s = established(PULL, 1)) {
            s.send(ZmtpBytes.ping(0, new byte[0]));
            s.takeCommand("PONG");
            s.advance(24 * 3_600_000L);
            s.expectOpen();
        }
    }

    @Test
    @DisplayName("ZMTP31-PING-TTL: traffic after the PING keeps the connection; a later PING starts a new TTL")
    void zmtp31PingTtlTrafficAndRenewal() {
        try (EmbeddedSession s = established(PULL, 1)) {
            s.send(ZmtpBytes.ping(10, new byte[0]));
            s.advance(900);
            s.send(HI_MESSAGE);
            s.advance(10_000);
            s.expectOpen();
            assertThat(s.messages()).containsExactly(HI);

            s.send(ZmtpBytes.ping(10, new byte[0]));
            s.advance(500);
            s.send(ZmtpBytes.ping(10, new byte[0])); // the TTL now counts from here
            s.advance(999);
            s.expectOpen();
            s.advance(1);
            s.expectClosedFor("ZMTP31-PING-TTL");
        }
    }

    // ---------------------------------------------------------------- the engine's heartbeats

    @Test
    @DisplayName("ZMTP31-HB-TIMEOUT: PING every interval to a silent 3.1 peer, close at timeout after the first")
    void zmtp31HbTimeout() {
        try (EmbeddedSession s = established(PULL.withHeartbeat(100, 0, 300), 1)) {
            s.advanceStepwise(99);
            s.expectNothingWritten();
            s.advance(1);
            assertThat(Hex.of(s.takeAll())).as("PING at 100 ms").isEqualTo(PING_TTL_0);
            s.advanceStepwise(100);
            assertThat(Hex.of(s.takeAll())).as("PING at 200 ms").isEqualTo(PING_TTL_0);
            s.advanceStepwise(100);
            assertThat(Hex.of(s.takeAll())).as("PING at 300 ms").isEqualTo(PING_TTL_0);
            s.advanceStepwise(99);
            s.expectOpen();
            s.advance(1);
            s.expectClosedFor("ZMTP31-HB-TIMEOUT");
        }
    }

    @Test
    @DisplayName("ZMTP31-HB-TIMEOUT, HEARTBEAT-TIMEOUT-CLOSES: without a timeout set, it is the interval")
    void zmtp31HbTimeoutDefaultsToInterval() {
        try (EmbeddedSession s = established(PULL.withHeartbeat(100, 0, 0), 1)) {
            s.advanceStepwise(100);
            assertThat(Hex.of(s.takeAll())).isEqualTo(PING_TTL_0);
            s.advanceStepwise(99);
            s.expectOpen();
            s.advance(1);
            s.expectClosedFor("ZMTP31-HB-TIMEOUT");
        }
    }

    @Test
    @DisplayName("ZMTP31-HB-TIMEOUT: a peer that answers every PING with PONG stays connected")
    void zmtp31HbTimeoutPongsKeepAlive() {
        try (EmbeddedSession s = established(PULL.withHeartbeat(100, 0, 300), 1)) {
            for (int i = 0; i < 20; i++) {
                s.advanceStepwise(100);
                s.takeCommand("PING");
                s.send(ZmtpBytes.pong(new byte[0]));
            }
            s.expectOpen();
        }
    }

    @Test
    @DisplayName("ZMTP31-HB-ANY-TRAFFIC: a peer that ignores PINGs but sends messages stays connected")
    void zmtp31HbAnyTraffic() {
        try (EmbeddedSession s = established(PULL.withHeartbeat(100, 0, 300), 1)) {
            int pings = 0;
            for (int i = 0; i < 20; i++) {
                s.advanceStepwise(100);
                while (s.available() > 0) {
                    s.takeCommand("PING");
                    pings++;
                }
                s.send(HI_MESSAGE);
            }
            s.expectOpen();
            assertThat(s.messages()).hasSize(20);
            assertThat(pings).isBetween(19, 21);
            // Once the traffic stops, the next PING's timeout applies.
            s.advanceStepwise(400);
            s.expectClosedFor("ZMTP31-HB-TIMEOUT");
        }
    }

    @ParameterizedTest(name = "HEARTBEAT_TTL {0} ms")
    @CsvSource({"1599, 00 0f", "99, 00 00", "100, 00 01", "6553500, ff ff"})
    @DisplayName("HEARTBEAT-TTL-DECISECONDS: the PING carries the TTL in whole deciseconds, rounded down")
    void heartbeatTtlDeciseconds(long ttlMillis, String octets) {
        try (EmbeddedSession s = established(PULL.withHeartbeat(100, ttlMillis, 0), 1)) {
            s.advance(100);
            assertThat(Hex.of(s.takeCommand("PING").commandData())).isEqualTo(octets);
        }
    }

    @Test
    @DisplayName("ZMTP31-HB-TIMEOUT: no PINGs to a 3.0 peer, and so no heartbeat close")
    void noHeartbeatTo30Peers() {
        try (EmbeddedSession s = established(PULL.withHeartbeat(100, 1000, 300), 0)) {
            s.advanceStepwise(2_000);
            s.expectNothingWritten();
            s.expectOpen();
        }
    }

    @Test
    @DisplayName("ZMTP31-HB-TIMEOUT: no PINGs to a ZMTP 2.0 peer")
    void noHeartbeatTo20Peers() {
        try (EmbeddedSession s = EmbeddedSession.start(PULL.withHeartbeat(100, 1000, 300))) {
            s.send(hex("ff 00 00 00 00 00 00 00 01 7f 01 08 00 00"));
            s.takeAll();
            s.succeeded();
            s.advanceStepwise(1_000);
            s.expectNothingWritten();
            s.expectOpen();
        }
    }

    @Test
    @DisplayName("ZMTP31-PING-AFTER-HANDSHAKE: no PING while the peer withholds READY, PINGs right after it")
    void zmtp31PingAfterHandshake() {
        try (EmbeddedSession s = EmbeddedSession.start(PULL.withHeartbeat(50, 0, 0))) {
            s.greet(1);
            s.takeCommand("READY");
            s.advanceStepwise(500);
            s.expectNothingWritten();
            s.send(ZmtpBytes.ready("PUSH"));
            s.succeeded();
            s.advanceStepwise(50);
            assertThat(Hex.of(s.takeAll())).isEqualTo(PING_TTL_0);
        }
    }
}
