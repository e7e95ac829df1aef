package dev.zck.engine.interop;

import static dev.zck.engine.interop.PeerEvent.Kind.HANDSHAKE_SUCCEEDED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.engine.Metadata;
import dev.zck.engine.PeerInfo;
import dev.zck.engine.ProtocolViolation;
import dev.zck.engine.SessionRecorder;
import dev.zck.engine.ZmtpMessage;
import dev.zck.engine.ZmtpSessionConfig;
import dev.zck.engine.ZmtpSessionEvent;
import dev.zck.engine.ZmtpSubscription;
import dev.zck.engine.ZmtpVersion;
import dev.zck.engine.transport.TcpTransport;
import dev.zck.engine.transport.Transport;
import dev.zck.spec.Timeouts;
import dev.zck.spi.SocketType;
import io.netty.channel.ChannelFuture;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engine's ZMTP handshake against the real thing, over TCP on loopback: libzmq 4.3.4 (Debian's pyzmq, classic
 * socket types only), libzmq 4.3.5 (zeromq.js: the classic types and the drafts SERVER, CLIENT, RADIO, DISH, GATHER,
 * SCATTER) and JeroMQ 0.6.0 (every type, draft ones included), the engine binding or connecting and configured as
 * server or as client.
 *
 * <p>A compatible pair must complete the NULL handshake on both sides (ZMTP3-NULL-READY-BOTH) at ZMTP 3.1, and each
 * side must read the other's READY metadata (ZMTP3-META-PROPERTY-GRAMMAR): the engine the native Socket-Type
 * (ZMTP3-STYPE-SEND, ZMTP3-STYPE-COMPAT, ZMTP31-STYPE-COMPAT) and routing id (ZMTP3-ID-PROPERTY); the native side the
 * engine's Socket-Type, Identity and X- property (ZMTP3-META-X-PREFIX). The native side's reading is observed two
 * ways: JeroMQ's handshake event carries the metadata it read; and whenever the pair can carry a message from the
 * engine to the native peer, the library's own metadata on the received message ({@code zmq_msg_gets}, {@code
 * Msg.getMetadata()}) is compared, and a ROUTER peer must route by the engine's Identity. zeromq.js has no binding for
 * {@code zmq_msg_gets}: against it, the native side's reading shows in its HANDSHAKE_SUCCEEDED (libzmq reports it only
 * once it has accepted the engine's READY, Socket-Type included) and in the ROUTER's routing. Where the native peer
 * cannot receive (PUSH, PUB, SCATTER) a message goes the other way; RADIO and DISH are checked at the handshake only
 * (a DISH peer would first have to join a group).
 *
 * <p>An incompatible pair must be refused on both sides (ZMTP3-STYPE-COMPAT for two classic types,
 * ZMTP31-STYPE-COMPAT when a draft type is involved): the engine reports HandshakeFailed naming the rule, or, only if
 * the native side refused first, with no reason; the native side reports a refusal and never success. Every
 * incompatible pair is run against JeroMQ, which is in-process and fast; against libzmq (both builds), each classic
 * engine type meets two near-miss classic types, and each draft engine type one classic type (Debian's libzmq has no
 * draft types but still has to refuse their names); against zeromq.js, each draft engine type also meets a draft type
 * it cannot talk to.
 *
 * <p>Not covered: ZMTP 2.0. libzmq 4.3.4 cannot be made to start a connection in 2.0: its greeting always announces
 * major version 3 ({@code zmtp_engine_t::receive_greeting_versioned}), and it falls back to 2.0 only when the peer's
 * greeting announces revision 1 or 2. The engine's 2.0 side is tested against raw peers instead.
 */
class EngineHandshakeInteropTest {
    private static final Timeouts TIMEOUTS = Timeouts.fromSystemProperties();
    private static final Duration EXPECT = TIMEOUTS.expect();
    /** How often a PUB peer repeats its message until the subscription the engine sent has reached it. */
    private static final Duration RESEND_EVERY = Duration.ofMillis(50);

    private static final String ANY_PORT = "tcp://127.0.0.1:0";
    private static final String X_PROPERTY = "X-Zck-Interop";
    private static final List<String> ENGINE_PROPERTIES = List.of(Metadata.SOCKET_TYPE, Metadata.IDENTITY, X_PROPERTY);
    private static final byte[] PING = bytes("ping from the native peer");
    private static final byte[] HELLO = bytes("hello from the engine");
    private static final byte[] EMPTY = new byte[0];

    private static EventLoopGroup nio;
    private static Transport tcp;

    @BeforeAll
    static void startEventLoop() {
        nio = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        tcp = new TcpTransport(nio);
    }

    @AfterAll
    static void stopEventLoop() {
        nio.shutdownGracefully(0, 0, TimeUnit.SECONDS).syncUninterruptibly();
    }

    /** One run: a library, the engine's type, whether it binds and its mechanism role, and the native type. */
    record Case(
            HandshakePeerFactory library, SocketType engineType, Role engineRole, boolean asServer, SocketType peer) {
        @Override
        public String toString() {
            return "engine " + engineType + (engineRole == Role.BIND ? " binds" : " connects")
                    + (asServer ? " (server)" : " (client)") + " <-> " + library.label() + " " + peer;
        }
    }

    // ------------------------------------------------------------------------------------------ compatible pairs

    @ParameterizedTest(name = "{0}")
    @MethodSource("compatiblePairs")
    @DisplayName("compatible pairs complete the handshake on both sides and read each other's metadata"
            + " [ZMTP3-NULL-READY-BOTH, ZMTP3-STYPE-SEND, ZMTP3-STYPE-COMPAT, ZMTP31-STYPE-COMPAT, ZMTP3-ID-PROPERTY,"
            + " ZMTP3-META-PROPERTY-GRAMMAR, ZMTP3-META-X-PREFIX]")
    void compatiblePairsCompleteTheHandshake(Case c) {
        try (Connection connection = Connection.open(c)) {
            SessionRecorder session = connection.engine().firstSession();
            ZmtpSessionEvent outcome = awaitOutcome(session);
            assertThat(outcome)
                    .as("the engine's handshake outcome")
                    .isInstanceOf(ZmtpSessionEvent.HandshakeSucceeded.class);
            PeerInfo peer = ((ZmtpSessionEvent.HandshakeSucceeded) outcome).peer();

            // What the engine read from the native READY.
            assertThat(peer.version()).isEqualTo(expectedVersion(c.library()));
            assertThat(peer.socketType()).isEqualTo(c.peer());
            assertThat(peer.metadata().getString(Metadata.SOCKET_TYPE))
                    .hasValue(c.peer().zmtpName());
            if (announcesIdentity(c.peer())) {
                assertThat(peer.identity()).as("Identity").hasValue(peerRoutingId(c.peer()));
            } else {
                assertThat(peer.identity()).as("Identity").isEmpty();
            }

            // The native side completed it too, and read the engine's READY.
            Optional<PeerEvent> nativeSucceeded = connection.peer().awaitEvent(HANDSHAKE_SUCCEEDED, EXPECT);
            assertThat(nativeSucceeded)
                    .as("the native peer's HANDSHAKE_SUCCEEDED")
                    .isPresent();
            if (c.library() == HandshakePeers.jeromq()) {
                assertJeromqReadTheEngine(c, nativeSucceeded.get().detail());
            }

            exchange(c, session, connection.peer());

            assertThat(connection.peer().events()).noneMatch(PeerEvent.REFUSED);
            assertThat(session.exceptions()).isEmpty();
        }
    }

    private static void assertJeromqReadTheEngine(Case c, String detail) {
        assertThat(detail)
                .contains("Socket-Type=" + c.engineType().zmtpName())
                .contains(X_PROPERTY + "=" + engineProperty(c.engineType()));
        if (announcesIdentity(c.engineType())) {
            assertThat(detail).contains("Identity=" + string(engineIdentity(c.engineType())));
        } else {
            assertThat(detail).doesNotContain("Identity=");
        }
    }

    /** One message over the connection, in a direction the pair allows, checking what the native side read. */
    private static void exchange(Case c, SessionRecorder session, HandshakePeer peer) {
        switch (c.peer()) {
            case RADIO, DISH -> {
                // Handshake only: the harness's RADIO cannot send without a group, its DISH joins none.
            }
            case PUSH, SCATTER -> {
                peer.send(PING);
                assertEngineReceives(session, ZmtpMessage.of(PING));
            }
            case PUB -> {
                write(session, new ZmtpSubscription(true, EMPTY));
                assertThat(sendUntilTheEngineReceives(session, peer))
                        .as("a message from the PUB peer after the engine's subscription")
                        .hasValue(ZmtpMessage.of(PING));
            }
            case REQ -> {
                peer.send(PING);
                assertEngineReceives(session, ZmtpMessage.of(EMPTY, PING));
                write(session, ZmtpMessage.of(EMPTY, HELLO));
                assertPeerReceives(c, peer, List.of(HELLO));
            }
            case XPUB -> {
                write(session, new ZmtpSubscription(true, EMPTY));
                assertPeerReceives(c, peer, List.of(new byte[] {1}));
            }
            default -> {
                if (c.peer() == SocketType.SUB) {
                    assertThat(session.await(ZmtpSubscription.class, EXPECT))
                            .as("the SUB peer's subscription")
                            .hasValue(new ZmtpSubscription(true, EMPTY));
                }
                boolean envelope = c.engineType() == SocketType.REQ
                        || c.engineType() == SocketType.REP
                        || c.peer() == SocketType.REP;
                List<byte[]> sent = envelope ? List.of(EMPTY, HELLO) : List.of(HELLO);
                write(session, ZmtpMessage.of(sent));
                List<byte[]> expected = new ArrayList<>();
                if (c.peer() == SocketType.ROUTER) {
                    expected.add(engineIdentity(c.engineType())); // ZMTP3-ID-PROPERTY: the ROUTER routes by it
                }
                expected.addAll(c.peer() == SocketType.REP ? List.of(HELLO) : sent);
                assertPeerReceives(c, peer, expected);
            }
        }
    }

    /** Writes a message or subscription on the engine's session and waits until it is written. */
    private static void write(SessionRecorder session, Object message) {
        ChannelFuture written = session.channel().writeAndFlush(message);
        assertThat(written.awaitUninterruptibly(EXPECT.toMillis()))
                .as("%s written within %s", message, EXPECT)
                .isTrue();
        assertThat(written.cause()).as("writing %s", message).isNull();
    }

    private static Optional<ZmtpMessage> sendUntilTheEngineReceives(SessionRecorder session, HandshakePeer peer) {
        long deadline = System.nanoTime() + EXPECT.toNanos();
        Optional<ZmtpMessage> received = Optional.empty();
        while (received.isEmpty() && System.nanoTime() - deadline < 0) {
            peer.send(PING); // dropped by the PUB until it has processed the subscription
            received = session.await(ZmtpMessage.class, RESEND_EVERY);
        }
        return received;
    }

    private static void assertEngineReceives(SessionRecorder session, ZmtpMessage expected) {
        assertThat(session.await(ZmtpMessage.class, EXPECT))
                .as("the message from the native peer")
                .hasValue(expected);
    }

    private static void assertPeerReceives(Case c, HandshakePeer peer, List<byte[]> expected) {
        ReceivedMessage received = peer.receiveMessage(EXPECT, attachesMetadata(c) ? ENGINE_PROPERTIES : List.of())
                .orElseThrow(() -> new AssertionError("the native " + c.peer() + " received nothing from the engine"));
        assertThat(strings(received.frames())).as("frames").isEqualTo(strings(expected));
        if (attachesMetadata(c)) {
            Map<String, String> properties = new LinkedHashMap<>();
            properties.put(Metadata.SOCKET_TYPE, c.engineType().zmtpName());
            if (announcesIdentity(c.engineType())) {
                properties.put(Metadata.IDENTITY, string(engineIdentity(c.engineType())));
            }
            properties.put(X_PROPERTY, engineProperty(c.engineType()));
            assertThat(received.properties())
                    .as("the metadata the native peer attached to the engine's message")
                    .isEqualTo(properties);
        }
    }

    /**
     * Whether the native peer shows the metadata it attached to a received message: not through zeromq.js (no {@code
     * zmq_msg_gets}), and JeroMQ 0.6.0's XPUB passes subscriptions up as new messages, without the connection's
     * metadata.
     */
    private static boolean attachesMetadata(Case c) {
        return c.library().readsMessageProperties()
                && !(c.library() == HandshakePeers.jeromq() && c.peer() == SocketType.XPUB);
    }

    static Stream<Case> compatiblePairs() {
        List<Case> cases = new ArrayList<>();
        for (HandshakePeerFactory library : HandshakePeers.all()) {
            for (SocketType engineType : SocketType.values()) {
                for (SocketType peer : engineType.compatiblePeers()) {
                    if (!library.testedTypes().contains(peer)) {
                        continue; // Debian's libzmq has no draft types, zeromq.js no PEER or CHANNEL
                    }
                    for (Role role : Role.values()) {
                        cases.add(new Case(library, engineType, role, role == Role.BIND, peer));
                        cases.add(new Case(library, engineType, role, role != Role.BIND, peer));
                    }
                }
            }
        }
        return cases.stream();
    }

    // ---------------------------------------------------------------------------------------- incompatible pairs

    @ParameterizedTest(name = "{0}: refused")
    @MethodSource("incompatibleJeromqPairs")
    @DisplayName(
            "every incompatible pair is refused by the engine and JeroMQ [ZMTP3-STYPE-COMPAT, ZMTP31-STYPE-COMPAT]")
    void incompatiblePairsAreRefusedByTheEngineAndJeromq(Case c) {
        assertRefusedOnBothSides(c);
    }

    @ParameterizedTest(name = "{0}: refused")
    @MethodSource("incompatibleLibzmqPairs")
    @DisplayName("incompatible pairs are refused by the engine and libzmq [ZMTP3-STYPE-COMPAT, ZMTP31-STYPE-COMPAT]")
    void incompatiblePairsAreRefusedByTheEngineAndLibzmq(Case c) {
        assertRefusedOnBothSides(c);
    }

    private static void assertRefusedOnBothSides(Case c) {
        try (Connection connection = Connection.open(c)) {
            SessionRecorder session = connection.engine().firstSession();
            ZmtpSessionEvent outcome = awaitOutcome(session);
            assertThat(outcome)
                    .as("the engine's handshake outcome")
                    .isInstanceOf(ZmtpSessionEvent.HandshakeFailed.class);
            Optional<ProtocolViolation> reason = ((ZmtpSessionEvent.HandshakeFailed) outcome).reason();

            assertThat(connection.peer().awaitEvent(PeerEvent.REFUSED, EXPECT))
                    .as("the native peer's refusal")
                    .isPresent();
            assertThat(connection.peer().events()).noneMatch(PeerEvent.is(HANDSHAKE_SUCCEEDED));
            // Without a reason the engine did not refuse: the peer hung up first, which the line above has
            // shown to be a refusal. With one, it must name the rule for the pair.
            reason.ifPresent(violation -> assertThat(violation.ruleId())
                    .as(violation.toString())
                    .isEqualTo(compatRule(c.engineType(), c.peer())));
            assertThat(session.await(ZmtpSessionEvent.Closed.class, EXPECT))
                    .as("the engine's connection is closed")
                    .isPresent();
            assertThat(session.exceptions()).isEmpty();
        }
    }

    /** ZMTP31-STYPE-COMPAT when a draft type is involved, else ZMTP3-STYPE-COMPAT. */
    private static String compatRule(SocketType engineType, SocketType peer) {
        return engineType.isDraft() || peer.isDraft() ? "ZMTP31-STYPE-COMPAT" : "ZMTP3-STYPE-COMPAT";
    }

    /**
     * An incompatible case. The mechanism role cannot matter to a refusal (NULL sends the same READY either way), so
     * rather than doubling the matrix it alternates with the peer type: each direction meets both roles.
     */
    private static Case incompatible(HandshakePeerFactory library, SocketType engineType, Role role, SocketType peer) {
        boolean asServer = (role == Role.BIND) == (peer.ordinal() % 2 == 0);
        return new Case(library, engineType, role, asServer, peer);
    }

    static Stream<Case> incompatibleJeromqPairs() {
        List<Case> cases = new ArrayList<>();
        for (SocketType engineType : SocketType.values()) {
            for (SocketType peer : SocketType.values()) {
                if (!engineType.isCompatibleWith(peer)) {
                    for (Role role : Role.values()) {
                        cases.add(incompatible(HandshakePeers.jeromq(), engineType, role, peer));
                    }
                }
            }
        }
        return cases.stream();
    }

    /**
     * For each classic engine type two near misses: its own type where that is wrong, or a type of the same pattern
     * on the wrong side. For each draft type the classic type it resembles most.
     */
    private static final Map<SocketType, List<SocketType>> LIBZMQ_MISMATCHES = Map.ofEntries(
            Map.entry(SocketType.PAIR, List.of(SocketType.PUSH, SocketType.DEALER)),
            Map.entry(SocketType.PUB, List.of(SocketType.PUB, SocketType.PULL)),
            Map.entry(SocketType.SUB, List.of(SocketType.SUB, SocketType.REQ)),
            Map.entry(SocketType.REQ, List.of(SocketType.REQ, SocketType.DEALER)),
            Map.entry(SocketType.REP, List.of(SocketType.REP, SocketType.ROUTER)),
            Map.entry(SocketType.DEALER, List.of(SocketType.REQ, SocketType.PAIR)),
            Map.entry(SocketType.ROUTER, List.of(SocketType.REP, SocketType.PUSH)),
            Map.entry(SocketType.PULL, List.of(SocketType.PULL, SocketType.SUB)),
            Map.entry(SocketType.PUSH, List.of(SocketType.PUSH, SocketType.PAIR)),
            Map.entry(SocketType.XPUB, List.of(SocketType.XPUB, SocketType.PUB)),
            Map.entry(SocketType.XSUB, List.of(SocketType.XSUB, SocketType.SUB)),
            Map.entry(SocketType.CLIENT, List.of(SocketType.DEALER)),
            Map.entry(SocketType.SERVER, List.of(SocketType.ROUTER)),
            Map.entry(SocketType.RADIO, List.of(SocketType.SUB)),
            Map.entry(SocketType.DISH, List.of(SocketType.PUB)),
            Map.entry(SocketType.GATHER, List.of(SocketType.PUSH)),
            Map.entry(SocketType.SCATTER, List.of(SocketType.PULL)),
            Map.entry(SocketType.PEER, List.of(SocketType.PAIR)),
            Map.entry(SocketType.CHANNEL, List.of(SocketType.PAIR)));

    /** For each draft engine type a draft near miss, for a libzmq that has draft types: its own type, or a sibling. */
    private static final Map<SocketType, SocketType> LIBZMQ_DRAFT_MISMATCHES = Map.of(
            SocketType.CLIENT, SocketType.CLIENT,
            SocketType.SERVER, SocketType.SERVER,
            SocketType.RADIO, SocketType.RADIO,
            SocketType.DISH, SocketType.DISH,
            SocketType.GATHER, SocketType.GATHER,
            SocketType.SCATTER, SocketType.SCATTER,
            SocketType.PEER, SocketType.SERVER,
            SocketType.CHANNEL, SocketType.CLIENT);

    static Stream<Case> incompatibleLibzmqPairs() {
        List<Case> cases = new ArrayList<>();
        for (HandshakePeerFactory library : List.of(HandshakePeers.pyzmq(), HandshakePeers.zeromqjs())) {
            for (SocketType engineType : SocketType.values()) {
                List<SocketType> peers = new ArrayList<>(LIBZMQ_MISMATCHES.get(engineType));
                if (LIBZMQ_DRAFT_MISMATCHES.containsKey(engineType)) {
                    peers.add(LIBZMQ_DRAFT_MISMATCHES.get(engineType));
                }
                for (SocketType peer : peers) {
                    if (library.testedTypes().contains(peer)) {
                        for (Role role : Role.values()) {
                            cases.add(incompatible(library, engineType, role, peer));
                        }
                    }
                }
            }
        }
        return cases.stream();
    }

    // ------------------------------------------------------------------------------------------------- plumbing

    /** The engine's end and the native peer of one case, started in the order the roles need. */
    private record Connection(EngineEnd engine, HandshakePeer peer) implements AutoCloseable {
        static Connection open(Case c) {
            ZmtpSessionConfig config = ZmtpSessionConfig.of(c.engineType())
                    .withAsServer(c.asServer())
                    .withIdentity(engineIdentity(c.engineType()))
                    .withProperty(X_PROPERTY, engineProperty(c.engineType()));
            byte[] routingId = announcesIdentity(c.peer()) ? peerRoutingId(c.peer()) : null;
            if (c.engineRole() == Role.BIND) {
                EngineEnd engine = EngineEnd.bind(tcp, config, EXPECT);
                try {
                    return new Connection(
                            engine, c.library().start(c.peer(), Role.CONNECT, engine.endpoint(), routingId));
                } catch (RuntimeException | Error e) {
                    engine.close();
                    throw e;
                }
            }
            HandshakePeer peer = c.library().start(c.peer(), Role.BIND, ANY_PORT, routingId);
            try {
                return new Connection(EngineEnd.connect(tcp, config, peer.endpoint(), EXPECT), peer);
            } catch (RuntimeException | Error e) {
                peer.close();
                throw e;
            }
        }

        @Override
        public void close() {
            try {
                peer.close();
            } finally {
                engine.close();
            }
        }
    }

    /** The first of HandshakeSucceeded and HandshakeFailed; exactly one of them is reported per connection. */
    private static ZmtpSessionEvent awaitOutcome(SessionRecorder session) {
        return session.await(
                        ZmtpSessionEvent.class,
                        event -> event instanceof ZmtpSessionEvent.HandshakeSucceeded
                                || event instanceof ZmtpSessionEvent.HandshakeFailed,
                        EXPECT)
                .orElseThrow(() -> new AssertionError("the engine reported no handshake outcome within " + EXPECT));
    }

    /** Whether a socket of this type announces an Identity in READY (libzmq, JeroMQ and the engine agree). */
    private static boolean announcesIdentity(SocketType type) {
        return type == SocketType.REQ || type == SocketType.DEALER || type == SocketType.ROUTER;
    }

    private static byte[] engineIdentity(SocketType type) {
        return bytes("engine-" + type);
    }

    private static byte[] peerRoutingId(SocketType type) {
        return bytes("native-" + type);
    }

    private static String engineProperty(SocketType type) {
        return "engine " + type + " says hello";
    }

    /**
     * The version the engine (3.1) agrees with each library: the lower of the two. libzmq 4.3 says 3.1; JeroMQ
     * 0.6.0's greeting says 3.0 (minor version 0, {@code StreamEngine.receiveGreetingVersioned}) although it sends 3.1
     * commands and has the draft types.
     */
    private static ZmtpVersion expectedVersion(HandshakePeerFactory library) {
        return library == HandshakePeers.jeromq() ? ZmtpVersion.ZMTP_3_0 : ZmtpVersion.ZMTP_3_1;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> strings(List<byte[]> frames) {
        return frames.stream().map(EngineHandshakeInteropTest::string).toList();
    }

    private static String string(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
