package dev.zck.engine;

import static dev.zck.engine.rawpeer.ZmtpBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.engine.rawpeer.RawPeer;
import dev.zck.engine.rawpeer.ZmtpBytes;
import dev.zck.spi.SocketType;
import io.netty.channel.ChannelFuture;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Whole messages in and out (ZMTP3-MSG-ATOMIC, ZMTP3-FRAME-MORE), and writes before the handshake is done. */
class MessageBehaviourTest {
    private static final ZmtpSessionConfig PULL = ZmtpSessionConfig.of(SocketType.PULL);
    private static final byte[] A = ascii("A");
    private static final byte[] B = ascii("B");
    private static final byte[] C = ascii("C");

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static EmbeddedSession established(ZmtpSessionConfig config, String peer) {
        EmbeddedSession s = EmbeddedSession.start(config);
        s.handshake(1, peer);
        return s;
    }

    @Test
    @DisplayName("ZMTP3-MSG-ATOMIC: the first frame of a multipart, then the peer closes: nothing is delivered")
    void zmtp3MsgAtomicCutByClose() {
        try (EmbeddedSession s = established(PULL, "PUSH")) {
            s.send(hex("01 01 41"));
            s.peerCloses();
            assertThat(s.messages()).isEmpty();
            assertThat(s.arrivals(ZmtpSessionEvent.Closed.class))
                    .singleElement()
                    .satisfies(c -> assertThat(c.reason()).isEmpty());
        }
        try (EmbeddedSession s = established(PULL, "PUSH")) {
            s.send(hex("00 01 42"));
            assertThat(s.messages()).containsExactly(ZmtpMessage.of(B));
        }
    }

    @Test
    @DisplayName("ZMTP3-MSG-ATOMIC: a multipart cut by a protocol violation is not delivered either")
    void zmtp3MsgAtomicCutByViolation() {
        try (EmbeddedSession s = established(PULL, "PUSH")) {
            s.send(hex("00 01 41"), hex("01 01 41 01 01 42"), hex("08 01 43"));
            assertThat(s.messages()).containsExactly(ZmtpMessage.of(A));
            s.expectClosedFor("ZMTP3-FRAME-RESERVED-BITS");
        }
    }

    @Test
    @DisplayName("ZMTP3-MSG-ATOMIC, ZMTP3-FRAME-MORE: a multipart arriving octet by octet is delivered whole, once")
    void zmtp3MsgAtomicWholeMessage() {
        byte[] wire = hex("01 01 41 01 01 42 00 01 43");
        try (EmbeddedSession s = established(PULL, "PUSH")) {
            for (int i = 0; i < wire.length; i++) {
                assertThat(s.messages()).as("after %d octets", i).isEmpty();
                s.send(new byte[] {wire[i]});
            }
            assertThat(s.messages()).containsExactly(ZmtpMessage.of(A, B, C));
        }
    }

    @Test
    @DisplayName("ZMTP3-FRAME-MORE: the engine writes ['A','B','C'] as 01 01 41 01 01 42 00 01 43")
    void zmtp3FrameMoreOutbound() {
        try (EmbeddedSession s = established(ZmtpSessionConfig.of(SocketType.PUSH), "PULL")) {
            s.write(ZmtpMessage.of(A, B, C));
            assertThat(Hex.of(s.takeAll())).isEqualTo("01 01 41 01 01 42 00 01 43");
        }
    }

    @Test
    @DisplayName("ZMTP3-MSG-ATOMIC: a PING between the frames of a multipart is answered and the message stays whole")
    void commandBetweenFramesOfAMessage() {
        try (EmbeddedSession s = established(PULL, "PUSH")) {
            s.send(hex("01 01 41"), ZmtpBytes.ping(0, new byte[0]), hex("00 01 42"));
            s.takeCommand("PONG");
            assertThat(s.messages()).containsExactly(ZmtpMessage.of(A, B));
        }
    }

    @Test
    @DisplayName("ZMTP31-NULL-SEND-AFTER-HANDSHAKE: a write before the handshake is complete fails its promise")
    void writeBeforeHandshakeFails() {
        try (EmbeddedSession s = EmbeddedSession.start(ZmtpSessionConfig.of(SocketType.PUSH))) {
            s.take(11);
            ChannelFuture inGreeting = s.write(ZmtpMessage.of(A));
            assertThat(inGreeting.isDone()).isTrue();
            assertThat(inGreeting.cause()).isInstanceOf(IllegalStateException.class);

            s.send(ZmtpBytes.greeting(3, 1, "NULL", false));
            s.take(53);
            s.takeCommand("READY");
            ChannelFuture inHandshake = s.write(ZmtpMessage.of(A));
            assertThat(inHandshake.cause()).isInstanceOf(IllegalStateException.class);
            assertThat(s.write(new ZmtpSubscription(true, A)).cause()).isInstanceOf(IllegalStateException.class);
            assertThat(s.write(new ZmtpCommand.Join(A)).cause()).isInstanceOf(IllegalStateException.class);
            s.expectNothingWritten();

            s.send(ZmtpBytes.ready("PULL"));
            s.succeeded();
            ChannelFuture established = s.write(ZmtpMessage.of(A));
            assertThat(established.isSuccess()).isTrue();
            assertThat(Hex.of(s.takeAll())).isEqualTo("00 01 41");
        }
    }

    @Test
    @DisplayName("ZMTP3-MSG-ATOMIC over TCP: half a multipart then EOF delivers nothing; the next connection's does")
    void zmtp3MsgAtomicOverTcp() throws Exception {
        try (TcpEngine tcp = new TcpEngine()) {
            TcpEngine.Bound bound = tcp.bind(PULL.withAsServer(true));
            try {
                SessionRecorder first;
                try (RawPeer peer = RawPeer.connect(bound.endpoint(), TcpEngine.TIMEOUTS)) {
                    peer.send(Hex.concat(
                            ZmtpBytes.greeting(3, 1, "NULL", false), ZmtpBytes.ready("PUSH"), hex("01 01 41")));
                    peer.readGreeting();
                    peer.expectCommand("READY");
                    first = bound.next();
                }
                assertThat(first.await(ZmtpSessionEvent.Closed.class, TcpEngine.TIMEOUTS.expect()))
                        .hasValueSatisfying(c -> assertThat(c.reason()).isEmpty());
                assertThat(first.drain()).noneMatch(ZmtpMessage.class::isInstance);

                try (RawPeer peer = RawPeer.connect(bound.endpoint(), TcpEngine.TIMEOUTS)) {
                    peer.send(Hex.concat(
                            ZmtpBytes.greeting(3, 1, "NULL", false), ZmtpBytes.ready("PUSH"), hex("00 01 42")));
                    peer.readGreeting();
                    peer.expectCommand("READY");
                    SessionRecorder second = bound.next();
                    assertThat(second.await(ZmtpMessage.class, TcpEngine.TIMEOUTS.expect()))
                            .hasValue(ZmtpMessage.of(B));
                    assertThat(first.exceptions()).isEmpty();
                    assertThat(second.exceptions()).isEmpty();
                }
            } finally {
                bound.listener().channel().close().sync();
            }
        }
    }
}
