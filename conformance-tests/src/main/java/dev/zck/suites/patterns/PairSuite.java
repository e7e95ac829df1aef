package dev.zck.suites.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.engine.rawpeer.RawPeer;
import dev.zck.engine.rawpeer.ZmtpBytes;
import dev.zck.rules.RuleId;
import dev.zck.spi.ErrorKind;
import dev.zck.spi.Message;
import dev.zck.spi.SocketOption;
import dev.zck.spi.SocketType;
import dev.zck.spi.Transport;
import dev.zck.spi.ZmqException;
import dev.zck.spi.ZmqSocket;
import dev.zck.suites.EachTransport;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** EXPAIR (RFC 31) and CHANNEL (RFC 52): exactly one peer, both directions. */
public abstract class PairSuite extends PatternsBase {

    // ================================================================== PAIR

    @EachTransport
    @RuleId("PAIR-SECOND-PEER-REFUSED")
    void pairKeepsItsFirstPeer(String transport) throws Exception {
        expectSecondPeerRefused(SocketType.PAIR, transport);
    }

    @EachTransport
    @RuleId("PAIR-BLOCK-NO-PEER")
    void pairWithoutPeerWouldBlock(String transport) throws Exception {
        ZmqSocket unconnected = socket(SocketType.PAIR);
        expectSendError(unconnected, Message.ofStrings("nobody"), ErrorKind.WOULD_BLOCK);
        ZmqSocket bound = socket(SocketType.PAIR);
        bound.bind(endpoint(transport));
        expectSendError(bound, Message.ofStrings("nobody"), ErrorKind.WOULD_BLOCK);
    }

    @Test
    @RuleId("PAIR-BLOCK-NO-PEER")
    void pairWithAFullPeerWouldBlock() throws Exception {
        requireTransport(Transport.INPROC);
        requireOptions(SocketOption.SNDHWM, SocketOption.RCVHWM);
        ZmqSocket a = socket(SocketType.PAIR);
        a.set(SocketOption.SNDHWM, 1);
        a.set(SocketOption.RCVHWM, 1);
        String endpoint = a.bind(endpoint("inproc"));
        ZmqSocket b = socket(SocketType.PAIR);
        b.set(SocketOption.SNDHWM, 1);
        b.set(SocketOption.RCVHWM, 1);
        b.connect(endpoint);
        send(b, "0");
        assertThat(receive(a)).isEqualTo(Message.ofStrings("0"));

        int accepted = sendUntilWouldBlock(b, 10, i -> Message.ofStrings(Integer.toString(i + 1)));
        assertThat(accepted).as("sends accepted by the full peer's queues").isPositive();
        expectSendError(b, Message.ofStrings("refused"), ErrorKind.WOULD_BLOCK);
        for (int i = 1; i <= accepted; i++) {
            assertThat(receive(a)).isEqualTo(Message.ofStrings(Integer.toString(i)));
        }
        expectNothing(a);
    }

    @EachTransport
    @RuleId("PAIR-QUEUE-ON-CONNECT")
    void pairQueuesBeforeThePeerExists(String transport) throws Exception {
        String endpoint = transport.equals("tcp") ? unusedTcpEndpoint() : endpoint(transport);
        ZmqSocket a = socket(SocketType.PAIR);
        a.connect(endpoint);
        for (int i = 0; i < 5; i++) {
            a.send(Message.ofStrings("early " + i), Duration.ZERO);
        }
        ZmqSocket b = socket(SocketType.PAIR);
        b.bind(endpoint);
        for (int i = 0; i < 5; i++) {
            assertThat(receive(b)).isEqualTo(Message.ofStrings("early " + i));
        }
        expectNothing(b);
    }

    @EachTransport
    @RuleId("PAIR-NO-MODIFY")
    void pairPassesMessagesThroughUnchanged(String transport) throws Exception {
        ZmqSocket a = socket(SocketType.PAIR);
        String endpoint = a.bind(endpoint(transport));
        ZmqSocket b = socket(SocketType.PAIR);
        b.connect(endpoint);
        byte[] large = new byte[300];
        Arrays.fill(large, (byte) 0x5a);
        List<Message> messages =
                List.of(Message.of(new byte[0]), Message.of(bytes("A"), new byte[0], bytes("B")), Message.of(large));
        for (ZmqSocket[] direction : new ZmqSocket[][] {{a, b}, {b, a}}) {
            for (Message m : messages) {
                direction[0].send(m, expect());
            }
            for (Message m : messages) {
                assertThat(receive(direction[1])).isEqualTo(m);
            }
            expectNothing(direction[1]);
        }
    }

    // ================================================================== CHANNEL

    @EachTransport
    @RuleId("CHANNEL-SECOND-PEER-REFUSED")
    void channelKeepsItsFirstPeer(String transport) throws Exception {
        expectSecondPeerRefused(SocketType.CHANNEL, transport);
    }

    @Test
    @RuleId("CHANNEL-DISCARD-MULTIPART-IN")
    void channelDiscardsMultipartMessages() throws Exception {
        requireTransport(Transport.TCP);
        ZmqSocket channel = socket(SocketType.CHANNEL);
        String endpoint = channel.bind(endpoint("tcp"));
        try (RawPeer peer = RawPeer.connect(endpoint, timeouts)) {
            handshake(peer, "CHANNEL");
            peer.send(ZmtpBytes.concat(ZmtpBytes.message(bytes("A"), bytes("B")), ZmtpBytes.message(bytes("C"))));
            Optional<Message> got = receiveOrDisconnect(channel, peer);
            if (got.isPresent()) {
                assertThat(got.get()).isEqualTo(Message.ofStrings("C"));
            }
            expectNothing(channel);
        }
    }

    @EachTransport
    @RuleId("CHANNEL-NO-MULTIPART-SEND")
    void channelRefusesMultipartMessages(String transport) throws Exception {
        ZmqSocket a = socket(SocketType.CHANNEL);
        String endpoint = a.bind(endpoint(transport));
        ZmqSocket b = socket(SocketType.CHANNEL);
        b.connect(endpoint);
        send(b, "hello");
        assertThat(receive(a)).isEqualTo(Message.ofStrings("hello"));

        expectSendError(a, Message.ofStrings("A", "B"), ErrorKind.OTHER);
        expectNothing(b);
        send(a, "whole");
        assertThat(receive(b)).isEqualTo(Message.ofStrings("whole"));
    }

    @EachTransport
    @RuleId("CHANNEL-BLOCK-NO-PEER")
    void channelWithoutPeerWouldBlock(String transport) throws Exception {
        ZmqSocket a = socket(SocketType.CHANNEL);
        String endpoint = a.bind(endpoint(transport));
        expectSendError(a, Message.ofStrings("nobody"), ErrorKind.WOULD_BLOCK);

        ZmqSocket b = socket(SocketType.CHANNEL);
        b.connect(endpoint);
        send(a, "accepted");
        assertThat(receive(b)).isEqualTo(Message.ofStrings("accepted"));
        expectNothing(b);
    }

    // ================================================================== shared

    private void expectSecondPeerRefused(SocketType type, String transport) throws Exception {
        ZmqSocket a = socket(type);
        String endpoint = a.bind(endpoint(transport));
        ZmqSocket b = socket(type);
        b.connect(endpoint);
        send(b, "b");
        assertThat(receive(a)).isEqualTo(Message.ofStrings("b"));
        send(a, "a1");
        assertThat(receive(b)).isEqualTo(Message.ofStrings("a1"));

        ZmqSocket c = socket(type);
        c.connect(endpoint);
        try {
            c.send(Message.ofStrings("c"), silence());
        } catch (ZmqException e) {
            assertThat(e.kind()).as("a refused peer may only block").isEqualTo(ErrorKind.WOULD_BLOCK);
        }
        expectNothing(a);

        send(a, "a2");
        assertThat(receive(b)).isEqualTo(Message.ofStrings("a2"));
        expectNothing(c);
        send(b, "b2");
        assertThat(receive(a)).as("the first peer still works").isEqualTo(Message.ofStrings("b2"));
    }
}
