package dev.zck.engine;

import static dev.zck.engine.EmbeddedSession.OPENING;
import static dev.zck.engine.rawpeer.ZmtpBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.engine.rawpeer.RawPeer;
import dev.zck.engine.rawpeer.ZmtpBytes;
import dev.zck.spi.SocketType;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** HANDSHAKE_IVL (ZMTP3-HANDSHAKE-TIMEOUT, OPT-HANDSHAKE-IVL), on the channel's virtual clock. */
class HandshakeTimeoutTest {
    private static final ZmtpSessionConfig PULL =
            ZmtpSessionConfig.of(SocketType.PULL).withHandshakeIvl(500);

    /** Advances to one millisecond before the timeout (still open), then to it (closed, no ERROR). */
    private static void expectTimeoutAt500(EmbeddedSession s, long alreadyElapsed) {
        s.advance(499 - alreadyElapsed);
        s.expectOpen();
        s.advance(1);
        s.expectNothingWritten();
        s.expectHandshakeFailedFor("ZMTP3-HANDSHAKE-TIMEOUT");
    }

    @Test
    @DisplayName("ZMTP3-HANDSHAKE-TIMEOUT: a silent peer is dropped after HANDSHAKE_IVL, not before")
    void zmtp3HandshakeTimeoutSilentPeer() {
        try (EmbeddedSession s = EmbeddedSession.start(PULL)) {
            assertThat(Hex.of(s.takeAll())).isEqualTo(Hex.of(OPENING));
            expectTimeoutAt500(s, 0);
        }
    }

    @Test
    @DisplayName("ZMTP3-HANDSHAKE-TIMEOUT: a peer that sends only the signature is dropped after HANDSHAKE_IVL")
    void zmtp3HandshakeTimeoutSignatureOnly() {
        try (EmbeddedSession s = EmbeddedSession.start(PULL)) {
            s.take(11);
            s.advance(100);
            s.send(ZmtpBytes.signature());
            expectTimeoutAt500(s, 100);
        }
    }

    @ParameterizedTest(name = "engine asServer={0}")
    @ValueSource(booleans = {false, true})
    @DisplayName("ZMTP3-HANDSHAKE-TIMEOUT: greeting done but no READY: the timer covers the mechanism handshake too")
    void zmtp3HandshakeTimeoutNoReady(boolean asServer) {
        try (EmbeddedSession s = EmbeddedSession.start(PULL.withAsServer(asServer))) {
            s.advance(200);
            s.greet(1);
            if (!asServer) {
                s.takeCommand("READY");
            }
            expectTimeoutAt500(s, 200);
        }
    }

    @Test
    @DisplayName("ZMTP3-HANDSHAKE-TIMEOUT: a 2.0 peer that never finishes its identity frame is dropped too")
    void zmtp3HandshakeTimeoutZmtp20() {
        try (EmbeddedSession s = EmbeddedSession.start(PULL)) {
            s.send(hex("ff 00 00 00 00 00 00 00 01 7f 01 08 00 05 41"));
            assertThat(Hex.of(s.takeAll())).isEqualTo(Hex.of(Hex.concat(OPENING, hex("07 00 00"))));
            expectTimeoutAt500(s, 0);
        }
    }

    @Test
    @DisplayName("ZMTP3-HANDSHAKE-TIMEOUT: a handshake done in time cancels the timer")
    void zmtp3HandshakeTimeoutCancelledByHandshake() {
        try (EmbeddedSession s = EmbeddedSession.start(PULL)) {
            s.advance(499);
            s.handshake(1, "PUSH");
            s.advance(3_600_000);
            s.expectOpen();
        }
    }

    @Test
    @DisplayName("ZMTP3-HANDSHAKE-TIMEOUT: HANDSHAKE_IVL 0 means no limit")
    void zmtp3HandshakeTimeoutZeroIsNever() {
        try (EmbeddedSession s = EmbeddedSession.start(PULL.withHandshakeIvl(0))) {
            s.take(11);
            s.advance(24 * 3_600_000L);
            s.expectOpen();
            s.send(ZmtpBytes.signature());
            s.advance(24 * 3_600_000L);
            s.expectOpen();
            s.send(hex("03"));
            s.take(53);
            s.send(java.util.Arrays.copyOfRange(ZmtpBytes.greeting(3, 1, "NULL", false), 11, 64));
            s.takeCommand("READY");
            s.send(ZmtpBytes.ready("PUSH"));
            s.succeeded();
        }
    }

    @Test
    @DisplayName("ZMTP3-HANDSHAKE-TIMEOUT: the default HANDSHAKE_IVL is libzmq's 30 s")
    void zmtp3HandshakeTimeoutDefault() {
        try (EmbeddedSession s = EmbeddedSession.start(ZmtpSessionConfig.of(SocketType.PULL))) {
            s.take(11);
            s.advance(29_999);
            s.expectOpen();
            s.advance(1);
            s.expectHandshakeFailedFor("ZMTP3-HANDSHAKE-TIMEOUT");
        }
    }

    @Test
    @DisplayName("ZMTP3-HANDSHAKE-TIMEOUT over TCP: a silent raw client sees EOF after about HANDSHAKE_IVL")
    void zmtp3HandshakeTimeoutOverTcp() throws Exception {
        try (TcpEngine tcp = new TcpEngine()) {
            TcpEngine.Bound bound = tcp.bind(PULL.withHandshakeIvl(200).withAsServer(true));
            long start = System.nanoTime();
            try (RawPeer peer = RawPeer.connect(bound.endpoint(), TcpEngine.TIMEOUTS)) {
                byte[] before = peer.expectClose();
                long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
                assertThat(Hex.of(before)).isEqualTo(Hex.of(OPENING));
                assertThat(elapsedMillis).as("milliseconds to EOF").isBetween(150L, 4_000L);
                SessionRecorder engine = bound.next();
                assertThat(engine.await(ZmtpSessionEvent.Closed.class, TcpEngine.TIMEOUTS.expect()))
                        .hasValueSatisfying(c -> {
                            RuleIds.assertReasonsInCatalog(c);
                            assertThat(c.reason())
                                    .hasValueSatisfying(
                                            v -> assertThat(v.ruleId()).isEqualTo("ZMTP3-HANDSHAKE-TIMEOUT"));
                        });
            } finally {
                bound.listener().channel().close().sync();
            }
        }
    }
}
