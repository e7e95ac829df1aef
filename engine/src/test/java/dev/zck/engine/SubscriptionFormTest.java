package dev.zck.engine;

import static dev.zck.engine.rawpeer.ZmtpBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.engine.rawpeer.RawFrame;
import dev.zck.engine.rawpeer.RawPeer;
import dev.zck.engine.rawpeer.ZmtpBytes;
import dev.zck.spi.SocketType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Subscriptions on the wire: SUBSCRIBE/CANCEL commands to 3.1 peers, 01/00 messages to 3.0 peers, and both forms
 * accepted by PUB and XPUB.
 */
class SubscriptionFormTest {
    private static final byte[] A = "A".getBytes(StandardCharsets.US_ASCII);

    private static EmbeddedSession established(SocketType engine, int minor, String peer) {
        EmbeddedSession s = EmbeddedSession.start(ZmtpSessionConfig.of(engine));
        s.handshake(minor, peer);
        return s;
    }

    @ParameterizedTest(name = "engine {0}")
    @ValueSource(strings = {"SUB", "XSUB"})
    @DisplayName("ZMTP31-SUB-COMMAND-FORM: to a 3.1 peer, SUBSCRIBE and CANCEL commands")
    void zmtp31SubCommandForm(SocketType engine) {
        try (EmbeddedSession s = established(engine, 1, "PUB")) {
            s.write(new ZmtpSubscription(true, A));
            assertThat(Hex.of(s.takeAll())).isEqualTo("04 0b 09 53 55 42 53 43 52 49 42 45 41");
            s.write(new ZmtpSubscription(false, A));
            assertThat(Hex.of(s.takeAll())).isEqualTo("04 08 06 43 41 4e 43 45 4c 41");
            s.write(new ZmtpSubscription(true, new byte[0]));
            assertThat(Hex.of(s.takeAll())).isEqualTo(Hex.of(Hex.bytes("04 0a 09 'SUBSCRIBE'")));
        }
    }

    @ParameterizedTest(name = "engine {0}")
    @ValueSource(strings = {"SUB", "XSUB"})
    @DisplayName("ZMTP3-SUB-MESSAGE-FORM, VER-3.0-PEER-SUBSCRIBE: to a 3.0 peer, 01/00-prefixed messages")
    void zmtp3SubMessageForm(SocketType engine) {
        try (EmbeddedSession s = established(engine, 0, "XPUB")) {
            s.write(new ZmtpSubscription(true, A));
            assertThat(Hex.of(s.takeAll())).isEqualTo("00 02 01 41");
            s.write(new ZmtpSubscription(false, A));
            assertThat(Hex.of(s.takeAll())).isEqualTo("00 02 00 41");
            s.write(new ZmtpSubscription(true, new byte[0]));
            assertThat(Hex.of(s.takeAll())).isEqualTo("00 01 01");
        }
    }

    @Test
    @DisplayName("ZMTP3-SUB-MESSAGE-FORM: a 255-octet topic makes a 256-octet body, sent in long form with LONG set")
    void zmtp3SubMessageFormLongTopic() {
        byte[] topic = new byte[255];
        Arrays.fill(topic, (byte) 't');
        try (EmbeddedSession s = established(SocketType.SUB, 0, "PUB")) {
            s.write(new ZmtpSubscription(true, Arrays.copyOf(topic, 254)));
            RawFrame shortForm = s.takeFrame();
            assertThat(shortForm.flags()).isZero();
            assertThat(shortForm.size()).isEqualTo(255);
            s.write(new ZmtpSubscription(true, topic));
            assertThat(Hex.of(s.take(9))).isEqualTo("02 00 00 00 00 00 00 01 00");
            byte[] body = s.take(256);
            assertThat(body[0]).isEqualTo((byte) 1);
            assertThat(Arrays.copyOfRange(body, 1, 256)).isEqualTo(topic);
        }
    }

    @ParameterizedTest(name = "engine {0}, peer 3.{1}")
    @CsvSource({"PUB, 1", "PUB, 0", "XPUB, 1", "XPUB, 0"})
    @DisplayName("ZMTP3-SUB-ACCEPT-BOTH-FORMS: PUB and XPUB take commands and 01/00 messages from 3.0 and 3.1 peers")
    void zmtp3SubAcceptBothForms(SocketType engine, int minor) {
        try (EmbeddedSession s = established(engine, minor, "SUB")) {
            s.send(
                    ZmtpBytes.subscribeMessage(A),
                    ZmtpBytes.subscribeCommand(A),
                    ZmtpBytes.cancelCommand(A),
                    ZmtpBytes.cancelMessage(A),
                    ZmtpBytes.subscribeMessage(new byte[0]));
            assertThat(s.arrivals(ZmtpSubscription.class))
                    .containsExactly(
                            new ZmtpSubscription(true, A),
                            new ZmtpSubscription(true, A),
                            new ZmtpSubscription(false, A),
                            new ZmtpSubscription(false, A),
                            new ZmtpSubscription(true, new byte[0]));
            assertThat(s.messages()).isEmpty();
            s.expectOpen();
        }
    }

    @Test
    @DisplayName("ZMTP3-SUB-ACCEPT-BOTH-FORMS: only single-frame, non-empty 01/00 messages are subscriptions at a PUB")
    void pubTellsSubscriptionsFromData() {
        try (EmbeddedSession s = established(SocketType.XPUB, 1, "XSUB")) {
            s.send(hex("00 00"), hex("00 01 02"), hex("01 02 01 41 00 00"));
            assertThat(s.arrivals(ZmtpSubscription.class)).isEmpty();
            assertThat(s.messages())
                    .containsExactly(
                            ZmtpMessage.of(new byte[0]),
                            ZmtpMessage.of(hex("02")),
                            ZmtpMessage.of(hex("01 41"), new byte[0]));
        }
    }

    @ParameterizedTest(name = "engine {0}")
    @CsvSource({"SUB, PUB", "PULL, PUSH", "DEALER, DEALER"})
    @DisplayName("ZMTP3-SUB-MESSAGE-FORM: other socket types take a 01-message as data")
    void otherTypesTakeSubscriptionLikeMessagesAsData(SocketType engine, String peer) {
        try (EmbeddedSession s = established(engine, 0, peer)) {
            s.send(ZmtpBytes.subscribeMessage(A));
            assertThat(s.messages()).containsExactly(ZmtpMessage.of(hex("01 41")));
            assertThat(s.arrivals(ZmtpSubscription.class)).isEmpty();
        }
    }

    @ParameterizedTest(name = "peer 3.{0}")
    @ValueSource(ints = {0, 1})
    @DisplayName("VER-3.0-PEER-SUBSCRIBE over TCP: engine SUB binds, the form depends on the peer's minor version")
    void ver30PeerSubscribeOverTcp(int minor) throws Exception {
        try (TcpEngine tcp = new TcpEngine()) {
            TcpEngine.Bound bound =
                    tcp.bind(ZmtpSessionConfig.of(SocketType.SUB).withAsServer(true));
            try (RawPeer peer = RawPeer.connect(bound.endpoint(), TcpEngine.TIMEOUTS)) {
                peer.send(Hex.concat(ZmtpBytes.greeting(3, minor, "NULL", false), ZmtpBytes.ready("PUB")));
                assertThat(peer.readGreeting().minor()).isEqualTo(1);
                peer.expectCommand("READY");
                SessionRecorder engine = bound.next();
                assertThat(engine.await(ZmtpSessionEvent.HandshakeSucceeded.class, TcpEngine.TIMEOUTS.expect()))
                        .isPresent();
                engine.channel().writeAndFlush(new ZmtpSubscription(true, A));
                peer.expectBytes(minor == 0 ? hex("00 02 01 41") : hex("04 0b 09 53 55 42 53 43 52 49 42 45 41"));
                peer.expectSilence();
            } finally {
                bound.listener().channel().close().sync();
            }
        }
    }
}
