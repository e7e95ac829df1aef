package dev.zck.adapters.jeromq;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zck.engine.rawpeer.RawFrame;
import dev.zck.engine.rawpeer.RawPeer;
import dev.zck.engine.rawpeer.RawPeerListener;
import dev.zck.engine.rawpeer.ZmtpBytes;
import dev.zck.spec.Timeouts;
import dev.zck.spi.Capabilities;
import dev.zck.spi.ErrorKind;
import dev.zck.spi.Mechanism;
import dev.zck.spi.Message;
import dev.zck.spi.SocketEvent;
import dev.zck.spi.SocketEvent.Kind;
import dev.zck.spi.SocketOption;
import dev.zck.spi.SocketType;
import dev.zck.spi.Transport;
import dev.zck.spi.ZmqException;
import dev.zck.spi.ZmqSocket;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The JeroMQ adapter on its own: what the SPI promises (real endpoints, whole messages, bounded waits, error kinds,
 * IMMEDIATE with libzmq's meaning, events, close) and that each declared option has its effect, so that the suites
 * judge JeroMQ rather than the adapter.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JeromqAdapterTest {
    private static final AtomicInteger NAMES = new AtomicInteger();

    private final Timeouts timeouts = Timeouts.fromSystemProperties();
    private final List<ZmqSocket> sockets = new ArrayList<>();
    private JeromqImplementation jeromq;

    @BeforeAll
    void start() {
        jeromq = new JeromqImplementation(true); // the work-around on, whatever the system property says
    }

    @AfterAll
    void stop() throws ZmqException {
        jeromq.close();
    }

    @AfterEach
    void closeSockets() {
        for (ZmqSocket socket : sockets) {
            try {
                socket.set(SocketOption.LINGER, 0);
            } catch (ZmqException ignored) {
                // closed by the test
            }
            try {
                socket.close();
            } catch (ZmqException ignored) {
                // the test's verdict matters more
            }
        }
        sockets.clear();
    }

    // ------------------------------------------------------------------ declaration

    @Test
    void declaresWhatJeromqHas() {
        Capabilities capabilities = jeromq.capabilities();
        assertThat(jeromq.info().name()).isEqualTo("jeromq");
        assertThat(jeromq.info().version()).isEqualTo("0.6.0");
        assertThat(capabilities.socketTypes()).isEqualTo(EnumSet.allOf(SocketType.class));
        assertThat(capabilities.transports()).containsExactlyInAnyOrder(Transport.TCP, Transport.INPROC);
        assertThat(capabilities.mechanisms()).containsExactly(Mechanism.NULL);
        assertThat(capabilities.options())
                .contains(SocketOption.IMMEDIATE, SocketOption.CONFLATE, SocketOption.ROUTER_MANDATORY)
                .doesNotContain(
                        SocketOption.XPUB_MANUAL,
                        SocketOption.ZAP_DOMAIN,
                        SocketOption.PLAIN_SERVER,
                        SocketOption.CURVE_SERVER);
        assertThat(capabilities.events())
                .as("JeroMQ's own events and the synthesized HANDSHAKE_SUCCEEDED")
                .isEqualTo(EnumSet.allOf(Kind.class));
        assertThat(jeromq.capabilities()).isSameAs(capabilities);
    }

    // ------------------------------------------------------------------ endpoints and messages

    @Test
    void bindToPortZeroReturnsTheBoundEndpoint() throws Exception {
        ZmqSocket pull = socket(SocketType.PULL);
        String endpoint = pull.bind("tcp://127.0.0.1:0");
        assertThat(endpoint).matches("tcp://127\\.0\\.0\\.1:\\d+").isNotEqualTo("tcp://127.0.0.1:0");
        ZmqSocket push = socket(SocketType.PUSH);
        push.connect(endpoint);
        push.send(Message.ofStrings("through the real port"), expect());
        assertThat(pull.receive(expect())).isEqualTo(Message.ofStrings("through the real port"));

        String name = inproc();
        assertThat(socket(SocketType.PULL).bind(name)).isEqualTo(name);
    }

    @Test
    void unbindAndDisconnectTakeTheEndpointsTheyWereGiven() throws Exception {
        ZmqSocket pull = socket(SocketType.PULL);
        String endpoint = pull.bind("tcp://127.0.0.1:0");
        ZmqSocket push = socket(SocketType.PUSH);
        push.connect(endpoint);
        push.disconnect(endpoint);
        pull.unbind(endpoint);
        assertThatThrownBy(() -> pull.unbind(endpoint))
                .isInstanceOfSatisfying(
                        ZmqException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.OTHER));
        assertThatThrownBy(() -> push.disconnect(endpoint))
                .isInstanceOfSatisfying(
                        ZmqException.class, e -> assertThat(e.getMessage()).startsWith("ENOENT"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "inproc"})
    void multipartMessagesTravelWhole(String transport) throws Exception {
        ZmqSocket router = socket(SocketType.ROUTER);
        String endpoint = router.bind(endpoint(transport));
        ZmqSocket dealer = socket(SocketType.DEALER);
        dealer.set(SocketOption.ROUTING_ID, bytes("D1"));
        dealer.connect(endpoint);
        Message request = Message.of(bytes("a"), new byte[0], new byte[70_000], bytes("z"));
        dealer.send(request, expect());

        Message got = router.receive(expect());
        assertThat(got.size()).isEqualTo(5);
        assertThat(got.frameAsString(0)).as("the ROUTING_ID the dealer set").isEqualTo("D1");
        assertThat(got.frames().subList(1, 5)).containsExactlyElementsOf(request.frames());

        router.send(Message.of(bytes("D1"), bytes("x"), bytes("y")), expect());
        assertThat(dealer.receive(expect())).isEqualTo(Message.ofStrings("x", "y"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "inproc"})
    void serverAndPeerCarryRoutingIdsAndDishesGroups(String transport) throws Exception {
        ZmqSocket server = socket(SocketType.SERVER);
        String serverEndpoint = server.bind(endpoint(transport));
        ZmqSocket client = socket(SocketType.CLIENT);
        client.connect(serverEndpoint);
        client.send(Message.ofStrings("hello"), expect());
        Message request = server.receive(expect());
        assertThat(request.routingId()).isPresent();
        server.send(
                Message.ofStrings("welcome").withRoutingId(request.routingId().getAsInt()), expect());
        assertThat(client.receive(expect())).isEqualTo(Message.ofStrings("welcome"));

        ZmqSocket peer = socket(SocketType.PEER);
        String peerEndpoint = peer.bind(endpoint(transport));
        ZmqSocket other = socket(SocketType.PEER);
        int id = other.connectPeer(peerEndpoint);
        other.send(Message.ofStrings("p").withRoutingId(id), expect());
        Message fromOther = peer.receive(expect());
        assertThat(fromOther.routingId()).isPresent();
        peer.send(Message.ofStrings("q").withRoutingId(fromOther.routingId().getAsInt()), expect());
        assertThat(other.receive(expect())).isEqualTo(Message.ofStrings("q").withRoutingId(id));

        ZmqSocket radio = socket(SocketType.RADIO);
        String radioEndpoint = radio.bind(endpoint(transport));
        ZmqSocket dish = socket(SocketType.DISH);
        dish.set(SocketOption.JOIN, "g");
        dish.connect(radioEndpoint);
        Optional<Message> got = Optional.empty();
        long deadline = System.nanoTime() + expect().toNanos();
        while (got.isEmpty() && System.nanoTime() < deadline) { // until the JOIN has reached the radio
            radio.send(Message.ofStrings("news").withGroup("g"), expect());
            got = tryReceive(dish, Duration.ofMillis(20));
        }
        assertThat(got).contains(Message.ofStrings("news").withGroup("g"));
    }

    // ------------------------------------------------------------------ waiting

    @Test
    void dontWaitAndTimeoutsEndInWouldBlock() throws Exception {
        ZmqSocket pull = socket(SocketType.PULL);
        pull.bind(inproc());
        expectError(() -> pull.receive(Duration.ZERO), ErrorKind.WOULD_BLOCK, Duration.ZERO);
        expectError(() -> pull.receive(silence()), ErrorKind.WOULD_BLOCK, silence());

        ZmqSocket push = socket(SocketType.PUSH);
        push.bind(endpoint("tcp"));
        expectError(() -> push.send(Message.ofStrings("nobody"), Duration.ZERO), ErrorKind.WOULD_BLOCK, Duration.ZERO);
        expectError(() -> push.send(Message.ofStrings("nobody"), silence()), ErrorKind.WOULD_BLOCK, silence());
    }

    @Test
    void aWouldBlockSendHasNoEffect() throws Exception {
        ZmqSocket push = socket(SocketType.PUSH);
        push.set(SocketOption.SNDHWM, 1);
        String endpoint = push.bind(inproc());
        ZmqSocket pull = socket(SocketType.PULL);
        pull.set(SocketOption.RCVHWM, 1);
        pull.connect(endpoint);
        int accepted = 0;
        while (accepted < 100) {
            try {
                push.send(Message.ofStrings(Integer.toString(accepted), "second frame"), Duration.ZERO);
                accepted++;
            } catch (ZmqException e) {
                assertThat(e.kind()).isEqualTo(ErrorKind.WOULD_BLOCK);
                break;
            }
        }
        assertThat(accepted).isBetween(1, 99);
        expectError(() -> push.send(Message.ofStrings("refused", "x"), silence()), ErrorKind.WOULD_BLOCK, silence());
        for (int i = 0; i < accepted; i++) {
            assertThat(pull.receive(expect())).isEqualTo(Message.ofStrings(Integer.toString(i), "second frame"));
        }
        assertThat(tryReceive(pull, silence()))
                .as("no part of the refused message")
                .isEmpty();
    }

    // ------------------------------------------------------------------ error kinds

    @Test
    void errnosMapToErrorKinds() throws Exception {
        ZmqSocket req = socket(SocketType.REQ);
        req.bind(inproc());
        ZmqException efsm = expectError(() -> req.receive(expect()), ErrorKind.WRONG_STATE, Duration.ZERO);
        assertThat(efsm.getMessage()).startsWith("EFSM");

        ZmqSocket router = socket(SocketType.ROUTER);
        router.set(SocketOption.ROUTER_MANDATORY, true);
        router.bind(inproc());
        ZmqException unreachable = expectError(
                () -> router.send(Message.ofStrings("nobody", "x"), expect()),
                ErrorKind.HOST_UNREACHABLE,
                Duration.ZERO);
        assertThat(unreachable.getMessage()).startsWith("EHOSTUNREACH");

        ZmqSocket pub = socket(SocketType.PUB);
        pub.bind(inproc());
        expectError(() -> pub.receive(expect()), ErrorKind.UNSUPPORTED, Duration.ZERO);
        ZmqSocket pull = socket(SocketType.PULL);
        expectError(() -> pull.send(Message.ofStrings("x"), expect()), ErrorKind.UNSUPPORTED, Duration.ZERO);

        ZmqSocket scatter = socket(SocketType.SCATTER);
        ZmqException multipart =
                expectError(() -> scatter.send(Message.ofStrings("a", "b"), expect()), ErrorKind.OTHER, Duration.ZERO);
        assertThat(multipart.getMessage()).startsWith("EINVAL");

        ZmqSocket taken = socket(SocketType.PULL);
        String endpoint = taken.bind("tcp://127.0.0.1:0");
        ZmqException inUse = expectError(() -> socket(SocketType.PULL).bind(endpoint), ErrorKind.OTHER, Duration.ZERO);
        assertThat(inUse.getMessage()).contains("EADDRINUSE");
        expectError(() -> socket(SocketType.PULL).bind("ipc:///tmp/zck"), ErrorKind.UNSUPPORTED, Duration.ZERO);
    }

    @Test
    void reqSendsTwiceOnlyWhenRelaxed() throws Exception {
        ZmqSocket rep = socket(SocketType.REP);
        String endpoint = rep.bind(inproc());
        ZmqSocket strict = socket(SocketType.REQ);
        strict.connect(endpoint);
        strict.send(Message.ofStrings("1"), expect());
        expectError(() -> strict.send(Message.ofStrings("2"), expect()), ErrorKind.WRONG_STATE, Duration.ZERO);

        ZmqSocket relaxed = socket(SocketType.REQ);
        relaxed.set(SocketOption.REQ_RELAXED, true);
        relaxed.connect(endpoint);
        relaxed.send(Message.ofStrings("1"), expect());
        relaxed.send(Message.ofStrings("2"), expect());
    }

    @Test
    void reqCorrelatePrefixesARequestId() throws Exception {
        ZmqSocket router = socket(SocketType.ROUTER);
        String endpoint = router.bind(inproc());
        ZmqSocket req = socket(SocketType.REQ);
        req.set(SocketOption.REQ_CORRELATE, true);
        req.set(SocketOption.ROUTING_ID, bytes("R"));
        req.connect(endpoint);
        req.send(Message.ofStrings("q"), expect());
        Message got = router.receive(expect());
        assertThat(got.size())
                .as("routing id, request id, delimiter, body: %s", got)
                .isEqualTo(4);
        assertThat(got.frame(1)).hasSize(4);
        assertThat(got.frame(2)).isEmpty();
    }

    // ------------------------------------------------------------------ options

    @Test
    void immediateHasLibzmqMeaning() throws Exception {
        String nobody = unusedTcpEndpoint();
        ZmqSocket queueing = socket(SocketType.DEALER);
        assertThat(queueing.get(SocketOption.IMMEDIATE)).as("libzmq's default").isFalse();
        queueing.connect(nobody);
        queueing.send(Message.ofStrings("queued before the peer exists"), Duration.ZERO);

        ZmqSocket immediate = socket(SocketType.DEALER);
        immediate.set(SocketOption.IMMEDIATE, true);
        assertThat(immediate.get(SocketOption.IMMEDIATE)).isTrue();
        immediate.connect(nobody);
        expectError(
                () -> immediate.send(Message.ofStrings("no completed connection"), Duration.ZERO),
                ErrorKind.WOULD_BLOCK,
                Duration.ZERO);
        expectError(
                () -> immediate.send(Message.ofStrings("no completed connection"), silence()),
                ErrorKind.WOULD_BLOCK,
                silence());
    }

    @Test
    void readableOptionsReadBackWhatWasSet() throws Exception {
        ZmqSocket dealer = socket(SocketType.DEALER);
        assertThat(dealer.get(SocketOption.SNDHWM)).isEqualTo(1000);
        assertThat(dealer.get(SocketOption.LINGER))
                .as("JeroMQ's own default, as libzmq's")
                .isEqualTo(-1);
        setAndRead(dealer, SocketOption.SNDHWM, 7);
        setAndRead(dealer, SocketOption.RCVHWM, 8);
        setAndRead(dealer, SocketOption.LINGER, 250);
        setAndRead(dealer, SocketOption.RECONNECT_IVL, 40);
        setAndRead(dealer, SocketOption.RECONNECT_IVL_MAX, 400);
        setAndRead(dealer, SocketOption.HEARTBEAT_IVL, 100);
        setAndRead(dealer, SocketOption.HEARTBEAT_TTL, 2000);
        setAndRead(dealer, SocketOption.HEARTBEAT_TIMEOUT, 300);
        setAndRead(dealer, SocketOption.MAXMSGSIZE, 4096);
        setAndRead(dealer, SocketOption.HANDSHAKE_IVL, 1500);
        setAndRead(dealer, SocketOption.CONFLATE, true);
        dealer.set(SocketOption.ROUTING_ID, bytes("id"));
        assertThat(dealer.get(SocketOption.ROUTING_ID)).isEqualTo(bytes("id"));
    }

    @Test
    void optionsOutsideTheDeclarationOrTheTypeAreUnsupported() throws Exception {
        ZmqSocket dealer = socket(SocketType.DEALER);
        expectError(() -> dealer.set(SocketOption.ZAP_DOMAIN, "x"), ErrorKind.UNSUPPORTED, Duration.ZERO);
        expectError(() -> dealer.set(SocketOption.ROUTER_MANDATORY, true), ErrorKind.UNSUPPORTED, Duration.ZERO);
        expectError(() -> dealer.set(SocketOption.SUBSCRIBE, bytes("A")), ErrorKind.UNSUPPORTED, Duration.ZERO);
        expectError(() -> dealer.set(SocketOption.JOIN, "g"), ErrorKind.UNSUPPORTED, Duration.ZERO);
        expectError(
                () -> socket(SocketType.XSUB).set(SocketOption.SUBSCRIBE, bytes("A")),
                ErrorKind.UNSUPPORTED,
                Duration.ZERO);
        expectError(() -> dealer.get(SocketOption.PROBE_ROUTER), ErrorKind.UNSUPPORTED, Duration.ZERO);
        expectError(() -> socket(SocketType.SUB).get(SocketOption.SUBSCRIBE), ErrorKind.UNSUPPORTED, Duration.ZERO);
        ZmqException invalid = expectError(() -> dealer.set(SocketOption.SNDHWM, -1), ErrorKind.OTHER, Duration.ZERO);
        assertThat(invalid.getMessage()).startsWith("EINVAL");
        ZmqException longGroup = expectError(
                () -> socket(SocketType.DISH).set(SocketOption.JOIN, "g".repeat(256)), ErrorKind.OTHER, Duration.ZERO);
        assertThat(longGroup.getMessage()).startsWith("EINVAL");
    }

    @Test
    void lingerKeepsSendingAfterCloseOnlyWhenPositive() throws Exception {
        String endpoint = unusedTcpEndpoint();
        ZmqSocket lingering = jeromq.socket(SocketType.PUSH);
        lingering.set(SocketOption.LINGER, 2000);
        lingering.connect(endpoint);
        lingering.send(Message.ofStrings("sent after close"), Duration.ZERO);
        lingering.close();
        ZmqSocket dropping = jeromq.socket(SocketType.PUSH);
        dropping.set(SocketOption.LINGER, 0);
        dropping.connect(endpoint);
        dropping.send(Message.ofStrings("dropped at close"), Duration.ZERO);
        dropping.close();

        ZmqSocket pull = socket(SocketType.PULL);
        pull.bind(endpoint);
        assertThat(pull.receive(expect())).isEqualTo(Message.ofStrings("sent after close"));
        assertThat(tryReceive(pull, silence())).isEmpty();
    }

    @Test
    void leaveEndsAGroup() throws Exception {
        ZmqSocket radio = socket(SocketType.RADIO);
        String endpoint = radio.bind(inproc());
        ZmqSocket dish = socket(SocketType.DISH);
        dish.set(SocketOption.JOIN, "kept");
        dish.set(SocketOption.JOIN, "left");
        dish.connect(endpoint);
        dish.set(SocketOption.LEAVE, "left");
        radio.send(Message.ofStrings("1").withGroup("left"), expect());
        radio.send(Message.ofStrings("2").withGroup("kept"), expect());
        assertThat(dish.receive(expect())).isEqualTo(Message.ofStrings("2").withGroup("kept"));
        ZmqException notJoined =
                expectError(() -> dish.set(SocketOption.LEAVE, "left"), ErrorKind.OTHER, Duration.ZERO);
        assertThat(notJoined.getMessage()).startsWith("EINVAL");
    }

    @Test
    void conflateKeepsTheLastMessage() throws Exception {
        ZmqSocket push = socket(SocketType.PUSH);
        String endpoint = push.bind(inproc());
        ZmqSocket pull = socket(SocketType.PULL);
        pull.set(SocketOption.CONFLATE, true);
        pull.connect(endpoint); // the connecting side's options make an inproc pipe
        for (int i = 0; i < 5; i++) {
            push.send(Message.ofStrings("m" + i), expect());
        }
        assertThat(pull.receive(expect())).isEqualTo(Message.ofStrings("m4"));
        assertThat(tryReceive(pull, silence())).isEmpty();
    }

    @Test
    void maxMessageSizeDropsTheConnectionOfABiggerMessage() throws Exception {
        ZmqSocket pull = socket(SocketType.PULL);
        pull.set(SocketOption.MAXMSGSIZE, 100);
        String endpoint = pull.bind("tcp://127.0.0.1:0");
        ZmqSocket push = socket(SocketType.PUSH);
        push.connect(endpoint);
        push.send(Message.of(new byte[100]), expect());
        assertThat(pull.receive(expect()).frame(0)).hasSize(100);
        push.send(Message.of(new byte[101]), expect());
        awaitEvent(pull, Kind.DISCONNECTED);
        assertThat(tryReceive(pull, silence())).isEmpty();
    }

    @Test
    void probeRouterAndRouterHandover() throws Exception {
        ZmqSocket router = socket(SocketType.ROUTER);
        router.set(SocketOption.ROUTER_HANDOVER, true);
        // Over tcp: over inproc JeroMQ writes the probe before the routing id, and the ROUTER takes it for the id.
        String endpoint = router.bind("tcp://127.0.0.1:0");
        ZmqSocket first = socket(SocketType.DEALER);
        first.set(SocketOption.ROUTING_ID, bytes("same"));
        first.set(SocketOption.PROBE_ROUTER, true);
        first.connect(endpoint);
        assertThat(router.receive(expect())).as("the probe").isEqualTo(Message.of(bytes("same"), new byte[0]));

        ZmqSocket second = socket(SocketType.DEALER);
        second.set(SocketOption.ROUTING_ID, bytes("same"));
        second.set(SocketOption.PROBE_ROUTER, true);
        second.connect(endpoint);
        assertThat(router.receive(expect())).isEqualTo(Message.of(bytes("same"), new byte[0]));
        router.send(Message.ofStrings("same", "to the newest"), expect());
        assertThat(second.receive(expect())).isEqualTo(Message.ofStrings("to the newest"));
        assertThat(tryReceive(first, silence())).isEmpty();
    }

    @Test
    void reconnectIntervalIsReportedOnRetries() throws Exception {
        ZmqSocket dealer = socket(SocketType.DEALER);
        dealer.set(SocketOption.RECONNECT_IVL, 30);
        dealer.set(SocketOption.RECONNECT_IVL_MAX, 120);
        dealer.connect(unusedTcpEndpoint());
        List<String> retries = new ArrayList<>();
        while (retries.size() < 5) {
            retries.add(awaitEvent(dealer, Kind.CONNECT_RETRIED).detail());
        }
        // JeroMQ adds a random jitter of less than RECONNECT_IVL to the interval, which doubles up to the maximum.
        List<Integer> intervals = retries.stream()
                .map(d -> Integer.parseInt(d.replaceAll("\\D", "")))
                .toList();
        assertThat(intervals.get(0)).as("first of %s", intervals).isLessThan(60);
        assertThat(intervals.get(4)).as("fifth of %s", intervals).isGreaterThan(60);
        assertThat(intervals).allMatch(i -> i < 120 + 30, "below the maximum plus the jitter");
    }

    @Test
    void heartbeatsAndHandshakeIntervalWork() throws Exception {
        try (RawPeerListener listener = RawPeerListener.listen(timeouts)) {
            ZmqSocket dealer = socket(SocketType.DEALER);
            dealer.set(SocketOption.HEARTBEAT_IVL, 50);
            dealer.set(SocketOption.HEARTBEAT_TTL, 1200);
            dealer.set(SocketOption.HEARTBEAT_TIMEOUT, 300);
            dealer.connect(listener.endpoint());
            try (RawPeer peer = listener.accept()) {
                peer.send(ZmtpBytes.greeting(3, 1, "NULL", false));
                peer.readGreeting();
                peer.send(ZmtpBytes.ready("ROUTER"));
                peer.expectCommand("READY");
                RawFrame ping = peer.expectCommand("PING");
                assertThat(ByteBuffer.wrap(ping.commandData()).getShort())
                        .as("TTL in deciseconds")
                        .isEqualTo((short) 12);
                assertThat(peer.expectClose()).as("closed for want of a PONG").isNotNull();
            }
        }
        try (RawPeerListener listener = RawPeerListener.listen(timeouts)) {
            ZmqSocket dealer = socket(SocketType.DEALER);
            dealer.set(SocketOption.HANDSHAKE_IVL, 200);
            dealer.connect(listener.endpoint());
            try (RawPeer silent = listener.accept()) {
                long start = System.nanoTime();
                silent.expectClose();
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(expect());
            }
        }
    }

    // ------------------------------------------------------------------ events

    @ParameterizedTest
    @ValueSource(strings = {"tcp", "inproc"})
    void handshakesAreReportedOnBothSides(String transport) throws Exception {
        ZmqSocket pull = socket(SocketType.PULL);
        String endpoint = pull.bind(endpoint(transport));
        ZmqSocket push = socket(SocketType.PUSH);
        push.connect(endpoint);
        SocketEvent atPull = awaitEvent(pull, Kind.HANDSHAKE_SUCCEEDED);
        SocketEvent atPush = awaitEvent(push, Kind.HANDSHAKE_SUCCEEDED);
        if (transport.equals("tcp")) {
            assertThat(atPull.detail()).contains("Socket-Type=PUSH");
            assertThat(atPush.detail()).contains("Socket-Type=PULL");
            assertThat(atPush.endpoint()).isEqualTo(endpoint);
        }
    }

    @Test
    void tcpEventsComeFromJeromqsMonitor() throws Exception {
        ZmqSocket pull = socket(SocketType.PULL);
        String endpoint = pull.bind("tcp://127.0.0.1:0");
        assertThat(awaitEvent(pull, Kind.LISTENING).endpoint()).isEqualTo(endpoint);
        ZmqSocket push = socket(SocketType.PUSH);
        push.connect(endpoint);
        awaitEvent(push, Kind.CONNECTED);
        awaitEvent(pull, Kind.ACCEPTED);
        push.close();
        awaitEvent(pull, Kind.DISCONNECTED);
        pull.unbind(endpoint);
        awaitEvent(pull, Kind.CLOSED);
    }

    @Test
    void noHandshakeIsReportedForAnIncompatiblePeer() throws Exception {
        ZmqSocket pull = socket(SocketType.PULL);
        String endpoint = pull.bind("tcp://127.0.0.1:0");
        ZmqSocket pub = socket(SocketType.PUB);
        pub.connect(endpoint);
        awaitEvent(pull, Kind.DISCONNECTED);
        assertThat(drainEvents(pull)).noneMatch(e -> e.kind() == Kind.HANDSHAKE_SUCCEEDED);
        assertThat(drainEvents(pub)).noneMatch(e -> e.kind() == Kind.HANDSHAKE_SUCCEEDED);
    }

    @Test
    void aHandshakeProtocolErrorIsReportedAsFailed() throws Exception {
        ZmqSocket pull = socket(SocketType.PULL);
        String endpoint = pull.bind("tcp://127.0.0.1:0");
        try (RawPeer peer = RawPeer.connect(endpoint, timeouts)) {
            peer.send(ZmtpBytes.greeting(3, 1, "NULL", false));
            peer.readGreeting();
            peer.send(ZmtpBytes.ping(0, new byte[0])); // where READY must come
            SocketEvent failed = awaitEvent(pull, Kind.HANDSHAKE_FAILED);
            assertThat(failed.detail()).isEqualTo("protocol error 0x10000001"); // ZMTP_UNEXPECTED_COMMAND
            peer.expectClose();
        }
        assertThat(drainEvents(pull)).noneMatch(e -> e.kind() == Kind.HANDSHAKE_SUCCEEDED);
    }

    /**
     * zeromq/jeromq#1022: a connecting JeroMQ socket whose I/O thread has nothing else to do sometimes never sends
     * its greeting (2 of 100 here without the work-around, and this test then fails nearly every run). With it,
     * every one of these connections greets.
     */
    @Test
    void everyConnectionToAForeignPeerGreets() throws Exception {
        for (int i = 0; i < 50; i++) {
            // A listener each time, so that no reconnection of an earlier socket can be accepted instead.
            try (RawPeerListener listener = RawPeerListener.listen(timeouts)) {
                ZmqSocket push = socket(SocketType.PUSH);
                push.connect(listener.endpoint());
                try (RawPeer peer = listener.accept()) {
                    peer.send(ZmtpBytes.greeting(3, 1, "NULL", false));
                    peer.readGreeting();
                    peer.send(ZmtpBytes.ready("PULL"));
                    peer.expectCommand("READY");
                    push.set(SocketOption.LINGER, 0);
                    push.close();
                }
            }
        }
    }

    @Test
    void everyFreshConnectionCompletesItsHandshake() throws Exception {
        ZmqSocket pull = socket(SocketType.PULL);
        String endpoint = pull.bind("tcp://127.0.0.1:0");
        for (int i = 0; i < 30; i++) {
            ZmqSocket push = socket(SocketType.PUSH);
            push.connect(endpoint);
            awaitEvent(push, Kind.HANDSHAKE_SUCCEEDED);
            push.send(Message.ofStrings("#" + i), expect());
            assertThat(pull.receive(expect())).isEqualTo(Message.ofStrings("#" + i));
            push.set(SocketOption.LINGER, 0);
            push.close();
        }
    }

    // ------------------------------------------------------------------ threads and close

    @Test
    void anyThreadMayCallAndCallsOnOneSocketAreServedInTurn() throws Exception {
        ZmqSocket pair = socket(SocketType.PAIR);
        String endpoint = pair.bind(inproc());
        ZmqSocket other = socket(SocketType.PAIR);
        CompletableFuture.runAsync(() -> {
                    try {
                        other.connect(endpoint);
                    } catch (ZmqException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .get(expect().toMillis(), TimeUnit.MILLISECONDS);
        CompletableFuture<Message> receiving = CompletableFuture.supplyAsync(() -> {
            try {
                return pair.receive(expect());
            } catch (ZmqException e) {
                throw new IllegalStateException(e);
            }
        });
        other.send(Message.ofStrings("from another thread"), expect());
        assertThat(receiving.get(expect().toMillis() * 2, TimeUnit.MILLISECONDS))
                .isEqualTo(Message.ofStrings("from another thread"));
    }

    @Test
    void closingTwiceIsHarmlessAndLaterCallsAreTerminated() throws Exception {
        ZmqSocket pull = socket(SocketType.PULL);
        pull.bind(inproc());
        pull.close();
        pull.close();
        expectError(() -> pull.receive(Duration.ZERO), ErrorKind.TERMINATED, Duration.ZERO);
        expectError(() -> pull.set(SocketOption.LINGER, 0), ErrorKind.TERMINATED, Duration.ZERO);
        expectError(() -> pull.bind(inproc()), ErrorKind.TERMINATED, Duration.ZERO);
    }

    @Test
    void closingEndsAPendingReceiveOnAnotherThread() throws Exception {
        ZmqSocket pull = socket(SocketType.PULL);
        pull.bind(inproc());
        CompletableFuture<ErrorKind> receiving = CompletableFuture.supplyAsync(() -> {
            try {
                pull.receive(Duration.ofSeconds(30));
                return null;
            } catch (ZmqException e) {
                return e.kind();
            }
        });
        // Wait until the receive is pending: a don't-wait call queued behind it answers only afterwards.
        long deadline = System.nanoTime() + expect().toNanos();
        while (!receiving.isDone() && System.nanoTime() < deadline && !pendingOnOwner(pull)) {
            Thread.onSpinWait();
        }
        pull.close();
        assertThat(receiving.get(expect().toMillis(), TimeUnit.MILLISECONDS)).isEqualTo(ErrorKind.TERMINATED);
    }

    @Test
    void closedImplementationRefusesSocketsAndClosesTwiceHarmlessly() throws Exception {
        JeromqImplementation other = new JeromqImplementation();
        ZmqSocket left = other.socket(SocketType.PUSH);
        left.connect(unusedTcpEndpoint());
        left.send(Message.ofStrings("queued, LINGER -1"), Duration.ZERO);
        long start = System.nanoTime();
        other.close();
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .as("LINGER -1 cut to MAX_LINGER")
                .isLessThan(JeromqImplementation.MAX_LINGER.plus(expect()));
        other.close();
        expectError(() -> other.socket(SocketType.PULL), ErrorKind.TERMINATED, Duration.ZERO);
        expectError(() -> left.send(Message.ofStrings("x"), Duration.ZERO), ErrorKind.TERMINATED, Duration.ZERO);
    }

    // ------------------------------------------------------------------ helpers

    private ZmqSocket socket(SocketType type) throws ZmqException {
        ZmqSocket socket = jeromq.socket(type);
        sockets.add(socket);
        return socket;
    }

    private Duration expect() {
        return timeouts.expect();
    }

    private Duration silence() {
        return timeouts.silence();
    }

    private static String inproc() {
        return "inproc://jeromq-adapter-" + NAMES.incrementAndGet();
    }

    private static String endpoint(String transport) {
        return transport.equals("tcp") ? "tcp://127.0.0.1:0" : inproc();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String unusedTcpEndpoint() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "tcp://127.0.0.1:" + probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> void setAndRead(ZmqSocket socket, SocketOption<T> option, T value) throws ZmqException {
        socket.set(option, value);
        assertThat(socket.get(option)).as(option.name()).isEqualTo(value);
    }

    private static Optional<Message> tryReceive(ZmqSocket socket, Duration timeout) throws ZmqException {
        try {
            return Optional.of(socket.receive(timeout));
        } catch (ZmqException e) {
            if (e.kind() == ErrorKind.WOULD_BLOCK) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** A call that can fail. */
    @FunctionalInterface
    private interface Call {
        void run() throws Exception;
    }

    /** Expects {@code call} to fail with {@code kind}, having waited at least {@code waited} and not much more. */
    private ZmqException expectError(Call call, ErrorKind kind, Duration waited) {
        long start = System.nanoTime();
        try {
            call.run();
        } catch (ZmqException e) {
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(e.kind()).as("error kind of %s", e.getMessage()).isEqualTo(kind);
            assertThat(took).as("time before %s", e).isGreaterThanOrEqualTo(waited.minusMillis(1));
            assertThat(took).as("time before %s", e).isLessThan(waited.plus(expect()));
            return e;
        } catch (Exception e) {
            throw new AssertionError("expected a ZmqException of kind " + kind, e);
        }
        throw new AssertionError("expected a ZmqException of kind " + kind + ", the call succeeded");
    }

    private SocketEvent awaitEvent(ZmqSocket socket, Kind kind) throws ZmqException {
        return awaitEvent(socket, e -> e.kind() == kind, kind.toString());
    }

    private SocketEvent awaitEvent(ZmqSocket socket, Predicate<SocketEvent> condition, String what)
            throws ZmqException {
        long deadline = System.nanoTime() + expect().toNanos();
        List<SocketEvent> seen = new ArrayList<>();
        while (true) {
            long left = deadline - System.nanoTime();
            assertThat(left).as("%s on %s; saw %s", what, socket.type(), seen).isPositive();
            Optional<SocketEvent> event = socket.nextEvent(Duration.ofNanos(left));
            if (event.isPresent()) {
                if (condition.test(event.get())) {
                    return event.get();
                }
                seen.add(event.get());
            }
        }
    }

    private List<SocketEvent> drainEvents(ZmqSocket socket) throws ZmqException {
        List<SocketEvent> all = new ArrayList<>();
        for (Optional<SocketEvent> e = socket.nextEvent(silence()); e.isPresent(); e = socket.nextEvent(silence())) {
            all.add(e.get());
        }
        return all;
    }

    private static boolean pendingOnOwner(ZmqSocket socket) {
        return socket instanceof JeromqSocket jeromqSocket && jeromqSocket.receivePending();
    }
}
