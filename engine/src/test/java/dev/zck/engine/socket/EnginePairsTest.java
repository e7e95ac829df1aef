package dev.zck.engine.socket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.spec.Timeouts;
import dev.zck.spi.ErrorKind;
import dev.zck.spi.Message;
import dev.zck.spi.SocketOption;
import dev.zck.spi.SocketType;
import dev.zck.spi.ZmqException;
import dev.zck.spi.ZmqSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every compatible pair of engine sockets exchanges a request and a reply (or a publication) over tcp and inproc. */
class EnginePairsTest {
    private static final Duration EXPECT = Timeouts.fromSystemProperties().expect();
    private static final Duration POLL = Duration.ofMillis(50);
    private static ReferenceImplementation engine;
    private static int names;

    @BeforeAll
    static void start() {
        engine = new ReferenceImplementation();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    static Stream<Arguments> pairs() {
        List<Arguments> out = new ArrayList<>();
        for (String transport : List.of("tcp", "inproc")) {
            for (SocketType bound : SocketType.values()) {
                for (SocketType connecting : bound.compatiblePeers()) {
                    out.add(Arguments.of(transport, bound, connecting));
                }
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0}: {1} binds, {2} connects")
    @MethodSource("pairs")
    @DisplayName("SOCK-BIND-AND-CONNECT: every compatible pair exchanges messages, either side bound")
    void exchange(String transport, SocketType boundType, SocketType connectingType) throws Exception {
        try (ZmqSocket bound = engine.socket(boundType);
                ZmqSocket connecting = engine.socket(connectingType)) {
            bound.set(SocketOption.LINGER, 0);
            connecting.set(SocketOption.LINGER, 0);
            if (boundType == SocketType.ROUTER && connectingType == SocketType.ROUTER) {
                bound.set(SocketOption.ROUTING_ID, bytes("B"));
                connecting.set(SocketOption.ROUTING_ID, bytes("C"));
            }
            String endpoint = bound.bind(transport.equals("tcp") ? "tcp://127.0.0.1:0" : "inproc://pairs-" + names++);
            int peerId = connectingType == SocketType.PEER ? connecting.connectPeer(endpoint) : 0;
            if (connectingType != SocketType.PEER) {
                connecting.connect(endpoint);
            }
            new Exchange(bound, connecting, peerId).run();
        }
    }

    private record Exchange(ZmqSocket bound, ZmqSocket connecting, int peerId) {
        void run() throws Exception {
            SocketType b = bound.type();
            SocketType c = connecting.type();
            switch (c) {
                case SUB, XSUB -> subscribeAndPublish(bound, connecting);
                case PUB, XPUB -> subscribeAndPublish(connecting, bound);
                case DISH -> joinAndPublish(bound, connecting);
                case RADIO -> joinAndPublish(connecting, bound);
                case PUSH, SCATTER -> oneWay(connecting, bound);
                case PULL, GATHER -> oneWay(bound, connecting);
                case PEER -> {
                    connecting.send(Message.ofStrings("hello").withRoutingId(peerId), EXPECT);
                    Message got = bound.receive(EXPECT);
                    assertThat(got.frameAsString(0)).isEqualTo("hello");
                    bound.send(
                            Message.ofStrings("back")
                                    .withRoutingId(got.routingId().getAsInt()),
                            EXPECT);
                    assertThat(connecting.receive(EXPECT).frameAsString(0)).isEqualTo("back");
                }
                default -> {
                    boolean boundAsks = asksFirst(b) && !asksFirst(c)
                            || b == SocketType.DEALER && (c == SocketType.REP || c == SocketType.ROUTER);
                    if (boundAsks) {
                        requestReply(bound, connecting, false);
                    } else {
                        requestReply(connecting, bound, b == SocketType.ROUTER && c == SocketType.ROUTER);
                    }
                }
            }
        }
    }

    private static boolean asksFirst(SocketType type) {
        return type == SocketType.REQ || type == SocketType.CLIENT;
    }

    private static void oneWay(ZmqSocket from, ZmqSocket to) throws ZmqException {
        from.send(Message.ofStrings("one"), EXPECT);
        assertThat(to.receive(EXPECT).frameAsString(0)).isEqualTo("one");
    }

    private static void requestReply(ZmqSocket client, ZmqSocket server, boolean routerToRouter) throws Exception {
        SocketType c = client.type();
        SocketType s = server.type();
        Message request = Message.ofStrings("req");
        if (routerToRouter) {
            client.set(SocketOption.ROUTER_MANDATORY, true);
            long deadline = System.nanoTime() + EXPECT.toNanos();
            while (true) {
                try {
                    client.send(Message.ofStrings("B", "req"), EXPECT);
                    break;
                } catch (ZmqException e) {
                    assertThat(e.kind()).isEqualTo(ErrorKind.HOST_UNREACHABLE);
                    assertThat(System.nanoTime()).isLessThan(deadline);
                    client.nextEvent(POLL);
                }
            }
        } else if (c == SocketType.DEALER && s == SocketType.REP) {
            client.send(Message.of(new byte[0], bytes("req")), EXPECT);
        } else {
            client.send(request, EXPECT);
        }
        Message got = server.receive(EXPECT);
        List<byte[]> frames = got.frames();
        assertThat(new String(frames.get(frames.size() - 1), StandardCharsets.UTF_8))
                .isEqualTo("req");
        Message reply;
        if (s == SocketType.ROUTER) {
            List<byte[]> out = new ArrayList<>(frames.subList(0, frames.size() - 1));
            out.add(bytes("rep"));
            reply = Message.of(out);
        } else if (s == SocketType.SERVER) {
            reply = Message.ofStrings("rep").withRoutingId(got.routingId().getAsInt());
        } else if (s == SocketType.DEALER && c == SocketType.REQ) {
            reply = Message.of(new byte[0], bytes("rep"));
            assertThat(frames.get(0)).isEmpty();
        } else {
            reply = Message.ofStrings("rep");
        }
        server.send(reply, EXPECT);
        Message answer = client.receive(EXPECT);
        List<byte[]> af = answer.frames();
        assertThat(new String(af.get(af.size() - 1), StandardCharsets.UTF_8)).isEqualTo("rep");
    }

    private static void subscribeAndPublish(ZmqSocket pub, ZmqSocket sub) throws Exception {
        if (sub.type() == SocketType.SUB) {
            sub.set(SocketOption.SUBSCRIBE, bytes("t"));
        } else {
            sub.send(Message.of(new byte[] {1, 't'}), EXPECT);
        }
        if (pub.type() == SocketType.XPUB) {
            assertThat(pub.receive(EXPECT).frame(0)).containsExactly(1, 't');
        }
        publishUntilReceived(pub, sub, Message.ofStrings("topic"), Message.ofStrings("other"));
    }

    private static void joinAndPublish(ZmqSocket radio, ZmqSocket dish) throws Exception {
        dish.set(SocketOption.JOIN, "g");
        publishUntilReceived(
                radio,
                dish,
                Message.ofStrings("topic").withGroup("g"),
                Message.ofStrings("x").withGroup("h"));
    }

    /** Slow joiner: publications before the subscription arrives are lost, so publish until one gets through. */
    private static void publishUntilReceived(ZmqSocket pub, ZmqSocket sub, Message wanted, Message unwanted)
            throws Exception {
        long deadline = System.nanoTime() + EXPECT.toNanos();
        while (System.nanoTime() < deadline) {
            pub.send(unwanted, EXPECT);
            pub.send(wanted, EXPECT);
            try {
                Message got = sub.receive(POLL);
                assertThat(got.frameAsString(0)).isEqualTo("topic");
                return;
            } catch (ZmqException e) {
                assertThat(e.kind()).isEqualTo(ErrorKind.WOULD_BLOCK);
            }
        }
        throw new AssertionError("no publication arrived within " + EXPECT);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
