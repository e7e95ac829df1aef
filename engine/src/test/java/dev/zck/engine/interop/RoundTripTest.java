package dev.zck.engine.interop;

import static dev.zck.engine.interop.HandshakePeersTest.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zck.spec.Timeouts;
import dev.zck.spi.SocketType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The message side of the harness: routing ids, multipart frames, replies from SERVER, refused directions. */
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
     * driver script does that whenever they arrive, so an idle bound SUB still sends its subscription.
     */
    @Test
    void anIdleBoundLibzmqSubSendsItsSubscriptionToAConnectingPeer() {
        try (HandshakePeer sub = HandshakePeers.pyzmq().start(SocketType.SUB, Role.BIND, ANY_PORT);
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

    @Test
    void aReceiveWithNothingToReceiveTimesOutEmpty() {
        try (HandshakePeer libzmq = HandshakePeers.pyzmq().start(SocketType.PULL, Role.BIND, ANY_PORT);
                HandshakePeer jeromq = HandshakePeers.jeromq().start(SocketType.PULL, Role.BIND, ANY_PORT)) {
            Duration silence = Timeouts.fromSystemProperties().silence();
            assertThat(libzmq.receive(silence)).isEmpty();
            assertThat(jeromq.receive(silence)).isEmpty();
        }
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
