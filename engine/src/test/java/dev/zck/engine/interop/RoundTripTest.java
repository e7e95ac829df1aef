package dev.zck.engine.interop;

import static dev.zck.engine.interop.HandshakePeersTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zck.spec.Timeouts;
import dev.zck.spi.Message;
import dev.zck.spi.SocketType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The message side of the harness: routing ids, multipart frames of any octets and size, replies from SERVER,
 * subscriptions, groups, PEER addressing, refused directions; through pyzmq, zeromq.js and JeroMQ.
 */
class RoundTripTest {
    private static final Duration EXPECT = Timeouts.fromSystemProperties().expect();
    private static final String ANY_PORT = "tcp://127.0.0.1:0";

    @Test
    void aRoutingIdGivenToOneLibraryIsSeenByTheOther() {
        try (HandshakePeer router = HandshakePeers.pyzmq().start(SocketType.ROUTER, Role.BIND, ANY_PORT);
                HandshakePeer dealer = HandshakePeers.jeromq()
                        .start(SocketType.DEALER, Role.CONNECT, router.endpoint(), bytes("dealer-1"))) {
            dealer.send(bytes("a"), bytes("b"));
            assertThat(router.receive(EXPECT).map(HandshakePeersTest::strings)).contains(List.of("dealer-1", "a", "b"));

            router.send(bytes("dealer-1"), bytes("c"));
            assertThat(dealer.receive(EXPECT).map(HandshakePeersTest::strings)).contains(List.of("c"));
        }
    }

    @Test
    void eachLibraryAttachesTheSendersReadyMetadataToWhatItReceives() {
        try (HandshakePeer router = HandshakePeers.pyzmq().start(SocketType.ROUTER, Role.BIND, ANY_PORT);
                HandshakePeer dealer = HandshakePeers.jeromq()
                        .start(SocketType.DEALER, Role.CONNECT, router.endpoint(), bytes("dealer-1"))) {
            List<String> names = List.of("Socket-Type", "Identity", "X-Absent");
            dealer.send(bytes("a"));
            assertThat(router.receiveMessage(EXPECT, names))
                    .hasValueSatisfying(received -> assertThat(received.properties())
                            .isEqualTo(Map.of("Socket-Type", "DEALER", "Identity", "dealer-1")));

            router.send(bytes("dealer-1"), bytes("b"));
            assertThat(dealer.receiveMessage(EXPECT, names))
                    .hasValueSatisfying(received -> assertThat(received.properties())
                            .isEqualTo(Map.of("Socket-Type", "ROUTER", "Identity", "")));
        }
    }

    /**
     * libzmq attaches an accepted connection to a socket only when the socket's thread processes its commands; the
     * pyzmq script does that whenever they arrive, the zeromq.js script keeps a receive pending, so an idle bound SUB
     * still sends its subscription.
     */
    @ParameterizedTest(name = "libzmq through {0}")
    @MethodSource("libzmqDrivers")
    void anIdleBoundLibzmqSubSendsItsSubscriptionToAConnectingPeer(HandshakePeerFactory libzmq) {
        try (HandshakePeer sub = libzmq.start(SocketType.SUB, Role.BIND, ANY_PORT);
                HandshakePeer xpub = HandshakePeers.jeromq().start(SocketType.XPUB, Role.CONNECT, sub.endpoint())) {
            assertThat(xpub.receive(EXPECT).map(frames -> frames.get(0))).hasValue(new byte[] {1});
        }
    }

    @Test
    void aServerRepliesToTheClientItLastHeardFrom() {
        try (HandshakePeer server = HandshakePeers.jeromq().start(SocketType.SERVER, Role.BIND, ANY_PORT);
                HandshakePeer client =
                        HandshakePeers.jeromq().start(SocketType.CLIENT, Role.CONNECT, server.endpoint())) {
            client.send(bytes("question"));
            assertThat(server.receive(EXPECT).map(HandshakePeersTest::strings)).contains(List.of("question"));
            server.send(bytes("answer"));
            assertThat(client.receive(EXPECT).map(HandshakePeersTest::strings)).contains(List.of("answer"));
        }
    }

    @ParameterizedTest(name = "libzmq through {0}")
    @MethodSource("libzmqDrivers")
    void framesOfAnyOctetsAndSizesPassThroughTheDriversUnchanged(HandshakePeerFactory driver) {
        byte[] everyOctet = new byte[256];
        for (int i = 0; i < everyOctet.length; i++) {
            everyOctet[i] = (byte) i;
        }
        byte[] large = new byte[1024 * 1024];
        new Random(42).nextBytes(large);
        try (HandshakePeer libzmq = driver.start(SocketType.PAIR, Role.BIND, ANY_PORT);
                HandshakePeer jeromq =
                        HandshakePeers.jeromq().start(SocketType.PAIR, Role.CONNECT, libzmq.endpoint())) {
            Message message = Message.of(everyOctet, new byte[0], large);
            libzmq.send(message);
            assertThat(jeromq.receiveMessage(EXPECT, List.of()).map(ReceivedMessage::message))
                    .hasValue(message);
            jeromq.send(message);
            assertThat(libzmq.receiveMessage(EXPECT, List.of()).map(ReceivedMessage::message))
                    .hasValue(message);
        }
    }

    @Test
    void aSubPeerSubscribesToExactlyTheTopicsItWasSetUpWith() {
        PeerSetup topics = PeerSetup.DEFAULT.withSubscriptions(bytes("A"), bytes("B"));
        try (HandshakePeer xpub = HandshakePeers.jeromq().start(SocketType.XPUB, Role.BIND, ANY_PORT);
                HandshakePeer sub =
                        HandshakePeers.pyzmq().start(SocketType.SUB, Role.CONNECT, xpub.endpoint(), topics)) {
            assertThat(xpub.receive(EXPECT).map(HandshakePeersTest::strings)).contains(List.of("\u0001A"));
            assertThat(xpub.receive(EXPECT).map(HandshakePeersTest::strings)).contains(List.of("\u0001B"));
        }
        try (HandshakePeer xpub = HandshakePeers.pyzmq().start(SocketType.XPUB, Role.BIND, ANY_PORT);
                HandshakePeer sub =
                        HandshakePeers.jeromq().start(SocketType.SUB, Role.CONNECT, xpub.endpoint(), topics)) {
            assertThat(xpub.receive(EXPECT).map(HandshakePeersTest::strings)).contains(List.of("\u0001A"));
            assertThat(xpub.receive(EXPECT).map(HandshakePeersTest::strings)).contains(List.of("\u0001B"));
        }
    }

    /** zeromq.js's SERVER replies to a routing id, given or the last client's, and its CLIENT receives the reply. */
    @Test
    void aZeromqjsServerRepliesToTheRoutingIdGivenOrToTheLastClient() {
        try (HandshakePeer server = HandshakePeers.zeromqjs().start(SocketType.SERVER, Role.BIND, ANY_PORT);
                HandshakePeer client =
                        HandshakePeers.jeromq().start(SocketType.CLIENT, Role.CONNECT, server.endpoint());
                HandshakePeer zeromqjsClient =
                        HandshakePeers.zeromqjs().start(SocketType.CLIENT, Role.CONNECT, server.endpoint())) {
            client.send(bytes("question"));
            ReceivedMessage question = server.receiveMessage(EXPECT, List.of()).orElseThrow();
            assertThat(question.routingId()).isPresent();
            zeromqjsClient.send(bytes("other"));
            ReceivedMessage other = server.receiveMessage(EXPECT, List.of()).orElseThrow();
            assertThat(other.routingId()).isPresent().isNotEqualTo(question.routingId());

            server.send(Message.ofStrings("answer")
                    .withRoutingId(question.routingId().getAsInt()));
            assertThat(client.receive(EXPECT).map(HandshakePeersTest::strings)).contains(List.of("answer"));
            server.send(bytes("to the last"));
            assertThat(zeromqjsClient.receive(EXPECT).map(HandshakePeersTest::strings))
                    .contains(List.of("to the last"));
        }
    }

    @ParameterizedTest(name = "{0} RADIO, {1} DISH")
    @MethodSource("radioAndDishLibraries")
    void aDishPeerReceivesTheGroupsItJoinedWithTheirGroup(HandshakePeerFactory radios, HandshakePeerFactory dishes) {
        try (HandshakePeer dish =
                        dishes.start(SocketType.DISH, Role.BIND, ANY_PORT, PeerSetup.DEFAULT.withGroups("joined"));
                HandshakePeer radio = radios.start(SocketType.RADIO, Role.CONNECT, dish.endpoint())) {
            Message joined = Message.ofStrings("in").withGroup("joined");
            Optional<ReceivedMessage> received = Optional.empty();
            long deadline = System.nanoTime() + EXPECT.toNanos();
            while (received.isEmpty() && System.nanoTime() - deadline < 0) { // until the JOIN has reached the RADIO
                radio.send(Message.ofStrings("out").withGroup("other"));
                radio.send(joined);
                received = dish.receiveMessage(Duration.ofMillis(50), List.of());
            }
            assertThat(received.map(ReceivedMessage::message)).hasValue(joined);
        }
    }

    @Test
    void aConnectingPeerPeerAddressesTheRemoteByTheIdConnectPeerReturned() {
        try (HandshakePeer bound = HandshakePeers.jeromq().start(SocketType.PEER, Role.BIND, ANY_PORT);
                HandshakePeer connecting =
                        HandshakePeers.jeromq().start(SocketType.PEER, Role.CONNECT, bound.endpoint())) {
            int remote = connecting.connectRoutingId().orElseThrow();
            assertThat(bound.connectRoutingId()).isEmpty();
            connecting.send(Message.ofStrings("hello").withRoutingId(remote));
            ReceivedMessage hello = bound.receiveMessage(EXPECT, List.of()).orElseThrow();
            assertThat(HandshakePeersTest.strings(hello.frames())).containsExactly("hello");
            bound.send(Message.ofStrings("back").withRoutingId(hello.routingId().orElseThrow()));
            assertThat(connecting.receiveMessage(EXPECT, List.of()).map(ReceivedMessage::message))
                    .hasValue(Message.ofStrings("back").withRoutingId(remote));
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("librariesAndReceivers")
    void aReceiveWithNothingToReceiveTimesOutEmpty(HandshakePeerFactory library, SocketType type) {
        try (HandshakePeer peer = library.start(type, Role.BIND, ANY_PORT)) {
            Duration silence = Timeouts.fromSystemProperties().silence();
            long start = System.nanoTime();
            assertThat(peer.receive(silence)).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(silence);
        }
    }

    static Stream<HandshakePeerFactory> libzmqDrivers() {
        return Stream.of(HandshakePeers.pyzmq(), HandshakePeers.zeromqjs());
    }

    static Stream<Arguments> radioAndDishLibraries() {
        HandshakePeerFactory jeromq = HandshakePeers.jeromq();
        HandshakePeerFactory zeromqjs = HandshakePeers.zeromqjs();
        return Stream.of(Arguments.of(jeromq, jeromq), Arguments.of(zeromqjs, jeromq), Arguments.of(jeromq, zeromqjs));
    }

    /** A type the zeromq.js script reads continuously (PULL) and one it reads only on demand (REP). */
    static Stream<Arguments> librariesAndReceivers() {
        return Stream.of(
                Arguments.of(HandshakePeers.pyzmq(), SocketType.PULL),
                Arguments.of(HandshakePeers.jeromq(), SocketType.PULL),
                Arguments.of(HandshakePeers.zeromqjs(), SocketType.PULL),
                Arguments.of(HandshakePeers.zeromqjs(), SocketType.REP));
    }

    @Test
    void directionsATypeCannotUseAreRefusedUpFront() {
        try (HandshakePeer push = HandshakePeers.pyzmq().start(SocketType.PUSH, Role.BIND, ANY_PORT);
                HandshakePeer client = HandshakePeers.jeromq().start(SocketType.CLIENT, Role.BIND, ANY_PORT)) {
            assertThatThrownBy(() -> push.receive(EXPECT)).isInstanceOf(UnsupportedOperationException.class);
            assertThatThrownBy(() -> client.send(bytes("a"), bytes("b")))
                    .isInstanceOf(UnsupportedOperationException.class)
                    .hasMessageContaining("single-part");
        }
    }
}
