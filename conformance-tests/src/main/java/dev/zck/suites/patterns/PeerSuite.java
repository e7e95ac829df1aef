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
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** P2P (RFC 51): PEER sockets addressed by routing ids that connect returns. */
public abstract class PeerSuite extends PatternsBase {

    @EachTransport
    @RuleId("PEER-CONNECT-RETURNS-ROUTING-ID")
    void connectReturnsTheRoutingIdAtOnce(String transport) throws Exception {
        ZmqSocket bound = socket(SocketType.PEER);
        String endpoint = bound.bind(endpoint(transport));
        ZmqSocket connecting = socket(SocketType.PEER);
        int r = connectPeer(connecting, endpoint);
        assertThat(r).as("the routing id connectPeer returns").isNotZero();
        connecting.send(Message.ofStrings("1").withRoutingId(r), expect());

        Message request = receive(bound);
        assertThat(request.frameAsString(0)).isEqualTo("1");
        assertThat(request.routingId()).as("the sender's routing id").isPresent();
        int s = request.routingId().getAsInt();
        assertThat(s).isNotZero();
        bound.send(Message.ofStrings("2").withRoutingId(s), expect());

        assertThat(receive(connecting)).isEqualTo(Message.ofStrings("2").withRoutingId(r));
    }

    @EachTransport
    @RuleId("PEER-ROUTING-ID-ON-RECEIVE")
    void repliesGoBackToTheSender(String transport) throws Exception {
        ZmqSocket b = socket(SocketType.PEER);
        String endpoint = b.bind(endpoint(transport));
        ZmqSocket x = socket(SocketType.PEER);
        ZmqSocket y = socket(SocketType.PEER);
        x.send(Message.ofStrings("x").withRoutingId(connectPeer(x, endpoint)), expect());
        y.send(Message.ofStrings("y").withRoutingId(connectPeer(y, endpoint)), expect());

        Map<String, Integer> ids = new HashMap<>();
        for (int i = 0; i < 2; i++) {
            Message m = receive(b);
            assertThat(m.routingId()).as("routing id of %s", m).isPresent();
            assertThat(m.routingId().getAsInt()).isNotZero();
            ids.put(m.frameAsString(0), m.routingId().getAsInt());
        }
        assertThat(ids).containsOnlyKeys("x", "y");
        assertThat(ids.get("x")).as("distinct routing ids").isNotEqualTo(ids.get("y"));
        for (Map.Entry<String, Integer> e : ids.entrySet()) {
            b.send(Message.ofStrings(e.getKey()).withRoutingId(e.getValue()), expect());
        }
        assertThat(receive(x).frameAsString(0)).isEqualTo("x");
        assertThat(receive(y).frameAsString(0)).isEqualTo("y");
        expectNothing(x);
        expectNothing(y);
    }

    @EachTransport
    @RuleId("PEER-UNKNOWN-ROUTING-ID-ERROR")
    void unknownRoutingIdIsAnError(String transport) throws Exception {
        ZmqSocket b = socket(SocketType.PEER);
        String endpoint = b.bind(endpoint(transport));
        ZmqSocket x = socket(SocketType.PEER);
        x.send(Message.ofStrings("hi").withRoutingId(connectPeer(x, endpoint)), expect());
        int known = receive(b).routingId().orElseThrow();

        long start = System.nanoTime();
        try {
            b.send(Message.ofStrings("lost").withRoutingId(known + 1000), expect());
            throw new AssertionError("PEER accepted a message for a routing id it never handed out");
        } catch (ZmqException e) {
            assertThat(e.kind()).as("send to an unknown id: %s", e.getMessage()).isEqualTo(ErrorKind.HOST_UNREACHABLE);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("the error comes at once, not at the send timeout")
                .isLessThan(expect());
        expectNothing(x);
    }

    @Test
    @RuleId("PEER-BLOCK-WHEN-FULL")
    void peerBlocksOnAFullQueue() throws Exception {
        requireTransport(Transport.INPROC);
        requireOptions(SocketOption.SNDHWM, SocketOption.RCVHWM);
        ZmqSocket receiver = socket(SocketType.PEER);
        receiver.set(SocketOption.SNDHWM, 1);
        receiver.set(SocketOption.RCVHWM, 1);
        String endpoint = receiver.bind(endpoint("inproc"));
        ZmqSocket sender = socket(SocketType.PEER);
        sender.set(SocketOption.SNDHWM, 1);
        sender.set(SocketOption.RCVHWM, 1);
        int id = connectPeer(sender, endpoint);

        int accepted = sendUntilWouldBlock(
                sender, 100, i -> Message.ofStrings(Integer.toString(i)).withRoutingId(id));
        assertThat(accepted).as("sends accepted before the queue was full").isPositive();
        expectSendError(sender, Message.ofStrings("refused").withRoutingId(id), ErrorKind.WOULD_BLOCK);
        for (int i = 0; i < accepted; i++) {
            assertThat(receive(receiver).frameAsString(0)).isEqualTo(Integer.toString(i));
        }
        expectNothing(receiver);
    }

    @Test
    @RuleId("PEER-DISCARD-MULTIPART-IN")
    void peerDiscardsMultipartMessages() throws Exception {
        requireTransport(Transport.TCP);
        ZmqSocket peerSocket = socket(SocketType.PEER);
        String endpoint = peerSocket.bind(endpoint("tcp"));
        try (RawPeer raw = RawPeer.connect(endpoint, timeouts)) {
            handshake(raw, "PEER");
            raw.send(ZmtpBytes.concat(ZmtpBytes.message(bytes("A"), bytes("B")), ZmtpBytes.message(bytes("C"))));
            Optional<Message> got = receiveOrDisconnect(peerSocket, raw);
            if (got.isPresent()) {
                assertThat(got.get().frames()).hasSize(1);
                assertThat(got.get().frameAsString(0)).isEqualTo("C");
            }
            expectNothing(peerSocket);
        }
    }

    @EachTransport
    @RuleId("PEER-NO-MULTIPART-SEND")
    void peerRefusesMultipartMessages(String transport) throws Exception {
        ZmqSocket b = socket(SocketType.PEER);
        String endpoint = b.bind(endpoint(transport));
        ZmqSocket x = socket(SocketType.PEER);
        int id = connectPeer(x, endpoint);
        x.send(Message.ofStrings("hi").withRoutingId(id), expect());
        assertThat(receive(b).frameAsString(0)).isEqualTo("hi");

        expectSendError(x, Message.ofStrings("A", "B").withRoutingId(id), ErrorKind.OTHER);
        expectNothing(b);
    }

    /** connectPeer, or UNSUPPORTED when the implementation has none. */
    private int connectPeer(ZmqSocket socket, String endpoint) throws ZmqException {
        try {
            return socket.connectPeer(endpoint);
        } catch (ZmqException e) {
            Assumptions.assumeTrue(
                    e.kind() != ErrorKind.UNSUPPORTED,
                    () -> UNSUPPORTED + implementation().info().label() + " has no connectPeer: " + e.getMessage());
            throw e;
        }
    }
}
