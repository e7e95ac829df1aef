package dev.zck.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.engine.Fragmentations;
import dev.zck.engine.Greeting;
import dev.zck.engine.Hex;
import dev.zck.engine.Metadata;
import dev.zck.engine.NoLeaks;
import dev.zck.engine.ProtocolViolation;
import dev.zck.engine.SessionRecorder;
import dev.zck.engine.ZmtpChannels;
import dev.zck.engine.ZmtpCommand;
import dev.zck.engine.ZmtpCommands;
import dev.zck.engine.ZmtpFrame;
import dev.zck.engine.ZmtpSessionConfig;
import dev.zck.engine.ZmtpSessionEvent;
import dev.zck.engine.ZmtpSubscription;
import dev.zck.engine.ZmtpVersion;
import dev.zck.engine.rawpeer.RawPeer;
import dev.zck.engine.rawpeer.RawPeerListener;
import dev.zck.engine.rawpeer.ZmtpBytes;
import dev.zck.spec.Timeouts;
import dev.zck.spi.Mechanism;
import dev.zck.spi.SocketType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/**
 * The wire bytes libzmq 4.3.4 (through python3-zmq) and JeroMQ 0.6.0 really send, captured live by a raw peer, against
 * the engine's: the greeting and READY of every socket type (with and without a routing id), PING and PONG (context
 * echoed, cut at 16 octets), SUBSCRIBE and CANCEL in the 3.1 command form and the 3.0 message form, and the ERROR
 * libzmq sends when its ZAP handler refuses. For each capture: the engine encodes exactly the same octets (through
 * {@link ZmtpCommands} and through a live session), and decodes the captured octets, fed in every fragmentation of
 * {@link Fragmentations#of}, to the expected command or metadata.
 *
 * <p>Known differences, asserted exactly rather than skipped:
 *
 * <ul>
 *   <li>Greeting padding (octets 1..8): libzmq and JeroMQ write the routing-id length plus one as a 64-bit big-endian
 *       number (for ZMTP 1.0 peers, which read it as an identity frame length), for every socket type; the engine
 *       always writes 1, i.e. what they write with no routing id. Octets 0 and 9 are identical, and so are 10..63
 *       for libzmq.
 *   <li>JeroMQ 0.6.0 announces ZMTP 3.0 (octet 11 is 00); its octets 10..63 otherwise equal the engine's, and its
 *       READY is byte-identical to the engine's for all 19 socket types. The engine speaks 3.0 back and, like libzmq
 *       and JeroMQ, accepts JeroMQ's draft types (CLIENT, SERVER, RADIO, ...) although they arrive over 3.0.
 *   <li>After sending ERROR, libzmq leaves the close to the receiver (ZMTP3-ERROR-FATAL); nothing is asserted there.
 * </ul>
 *
 * <p>libzmq connects to a raw listener; JeroMQ binds and the raw peer connects, see {@link #captureJeromq}. The
 * session-level check (greeting + READY through a whole engine session) runs in every fragmentation for libzmq's
 * captures and whole for JeroMQ's; the frame-level decode runs in every fragmentation for all of them.
 *
 * <p>FrameCodecGoldenTest holds the same kinds of vectors written by hand from libzmq's test suite; this test takes
 * them from the running libraries instead. Rules: ZMTP3-GREET-SIGNATURE, ZMTP3-GREET-VERSION,
 * ZMTP3-GREET-MECHANISM-FIELD, ZMTP3-GREET-ASSERVER-NULL, ZMTP3-GREET-FILLER, ZMTP3-META-PROPERTY-GRAMMAR,
 * ZMTP31-PING-GRAMMAR, ZMTP31-PONG-ECHO, ZMTP31-SUB-COMMAND-FORM, ZMTP3-SUB-MESSAGE-FORM, ZMTP3-ERROR-GRAMMAR.
 */
@ExtendWith(NoLeaks.class)
class LibzmqWireGoldenTest {
    private static final Timeouts TIMEOUTS = Timeouts.fromSystemProperties();
    private static final byte[] ROUTING_ID = ascii("zck");
    private static final byte[] TOPIC = ascii("topic");
    private static final byte[] ENGINE_GREETING =
            Greeting.of(Mechanism.NULL, false).encode();
    /** libzmq 4.3.4 speaks ZMTP 3.1, like the engine. */
    private static final int LIBZMQ_MINOR = 1;
    /** JeroMQ 0.6.0 announces ZMTP 3.0 in its greeting (octet 11 is 00). */
    private static final int JEROMQ_MINOR = 0;

    private static LibzmqDriver libzmq;
    private static ZContext jeromq;

    /** What a library sent when it connected: its 64-octet greeting and its first frame, READY. */
    record Opening(byte[] greeting, byte[] ready) {}

    @BeforeAll
    static void start() {
        libzmq = LibzmqDriver.start(TIMEOUTS);
        jeromq = new ZContext();
        System.out.println("LibzmqWireGoldenTest: " + libzmq.version() + "; JeroMQ "
                + ZContext.class.getPackage().getImplementationVersion());
    }

    @AfterAll
    static void stop() {
        if (libzmq != null) {
            libzmq.close();
        }
        if (jeromq != null) {
            jeromq.close();
        }
    }

    static Stream<SocketType> classicTypes() {
        return Arrays.stream(SocketType.values()).filter(type -> !type.isDraft());
    }

    // ------------------------------------------------------------------------------------------------ greeting, READY

    @ParameterizedTest(name = "libzmq {0}")
    @MethodSource("classicTypes")
    void libzmqGreetingAndReadyPerSocketType(SocketType type) {
        assertEngineMatches("libzmq", type, new byte[0], captureLibzmq(type, null), LIBZMQ_MINOR, true);
    }

    @ParameterizedTest(name = "libzmq {0} with a routing id")
    @EnumSource(names = {"REQ", "DEALER", "ROUTER", "PUSH", "PUB"})
    void libzmqGreetingAndReadyWithARoutingId(SocketType type) {
        // libzmq announces Identity for REQ, DEALER and ROUTER only, but pads the greeting for every type.
        assertEngineMatches("libzmq", type, ROUTING_ID, captureLibzmq(type, ROUTING_ID), LIBZMQ_MINOR, true);
    }

    @ParameterizedTest(name = "JeroMQ {0}")
    @EnumSource(SocketType.class)
    void jeromqGreetingAndReadyPerSocketType(SocketType type) {
        assertEngineMatches("JeroMQ", type, new byte[0], captureJeromq(type, null), JEROMQ_MINOR, false);
    }

    @ParameterizedTest(name = "JeroMQ {0} with a routing id")
    @EnumSource(names = {"REQ", "DEALER", "ROUTER", "PUSH"})
    void jeromqGreetingAndReadyWithARoutingId(SocketType type) {
        assertEngineMatches("JeroMQ", type, ROUTING_ID, captureJeromq(type, ROUTING_ID), JEROMQ_MINOR, false);
    }

    private static Opening captureLibzmq(SocketType type, byte[] routingId) {
        try (RawPeerListener listener = RawPeerListener.listen(TIMEOUTS)) {
            String id = libzmq.connect(type, listener.endpoint(), routingId, false);
            try {
                return opening(listener.accept(), 1);
            } finally {
                libzmq.closeSocket(id);
            }
        }
    }

    /**
     * JeroMQ binds and the raw peer connects: a connecting JeroMQ 0.6.0 socket now and then never sends its greeting
     * (its connect hand-off race, zeromq/jeromq#1022; see the interop harness's JeromqInternals), while an accepted
     * connection always does. A NULL socket sends the same octets either way: as-server is 0 and READY has no role.
     */
    private static Opening captureJeromq(SocketType type, byte[] routingId) {
        ZMQ.Socket socket = jeromq.createSocket(org.zeromq.SocketType.valueOf(type.name()));
        try {
            socket.setLinger(0);
            if (routingId != null) {
                socket.setIdentity(routingId);
            }
            socket.bind("tcp://127.0.0.1:*");
            try (RawPeer peer = RawPeer.connect(socket.getLastEndpoint(), TIMEOUTS)) {
                return opening(peer, 1);
            }
        } finally {
            socket.close();
        }
    }

    /** Sends a 3.{@code minor} NULL greeting and reads the library's greeting and its READY. */
    private static Opening opening(RawPeer peer, int minor) {
        peer.send(ZmtpBytes.greeting(3, minor, "NULL", false));
        byte[] greeting = peer.readExactly(Greeting.SIZE);
        return new Opening(greeting, readFrame(peer));
    }

    private static void assertEngineMatches(
            String library, SocketType type, byte[] routingId, Opening opening, int minor, boolean sessionEveryWay) {
        String who = library + " " + type + (routingId.length > 0 ? " with a routing id" : "");

        // (c) The greeting: FF, padding = routing-id length + 1, 7F, then the engine's own octets 10..63.
        byte[] signature = new byte[Greeting.SIGNATURE_SIZE];
        signature[0] = (byte) 0xff;
        signature[8] = (byte) (routingId.length + 1);
        signature[9] = 0x7f;
        assertThat(Hex.of(Arrays.copyOf(opening.greeting(), Greeting.SIGNATURE_SIZE)))
                .as("%s: signature, the padding holding the routing-id length + 1", who)
                .isEqualTo(Hex.of(signature));
        byte[] ours = ENGINE_GREETING.clone();
        ours[11] = (byte) minor;
        assertThat(Hex.of(Arrays.copyOfRange(opening.greeting(), Greeting.SIGNATURE_SIZE, Greeting.SIZE)))
                .as("%s: greeting octets 10..63 against the engine's, with minor version %d", who, minor)
                .isEqualTo(Hex.of(Arrays.copyOfRange(ours, Greeting.SIGNATURE_SIZE, Greeting.SIZE)));
        if (routingId.length == 0 && minor == 1) {
            assertThat(Hex.of(opening.greeting())).as("%s: whole greeting", who).isEqualTo(Hex.of(ENGINE_GREETING));
        }
        try {
            assertThat(Greeting.decode(opening.greeting())).isEqualTo(new Greeting(3, minor, "NULL", false));
        } catch (ProtocolViolation v) {
            throw new AssertionError(who + ": greeting refused: " + v, v);
        }

        // (a) READY: the engine's encoding of the same metadata, and what a live engine session sends.
        ZmtpSessionConfig config = ZmtpSessionConfig.of(type).withIdentity(routingId);
        byte[] engineReady =
                wire(ZmtpFrame.command(ZmtpCommands.encode(new ZmtpCommand.Ready(config.localMetadata()))));
        assertThat(Hex.of(opening.ready()))
                .as("%s: READY against the engine's", who)
                .isEqualTo(Hex.of(engineReady));
        try (Session session = new Session(config)) {
            session.feed(opening.greeting());
            assertThat(Hex.of(session.output()))
                    .as("%s: a live engine session's greeting and READY", who)
                    .isEqualTo(Hex.of(Hex.concat(ENGINE_GREETING, engineReady)));
        }

        // (b) The captured READY decodes to the expected metadata however it is cut.
        Map<String, String> expected = new LinkedHashMap<>();
        expected.put(Metadata.SOCKET_TYPE, Hex.of(ascii(type.zmtpName())));
        if (config.announcesIdentity()) {
            expected.put(Metadata.IDENTITY, Hex.of(routingId));
        }
        for (List<byte[]> pieces : Fragmentations.of(opening.ready())) {
            List<Object> frames = FrameCodecGoldenTest.decode(pieces, -1);
            assertThat(frames)
                    .as("%s: READY cut into %d pieces", who, pieces.size())
                    .hasSize(1);
            ZmtpFrame frame = (ZmtpFrame) frames.get(0);
            assertThat(frame.command()).isTrue();
            assertThat(command(frame.body()))
                    .isInstanceOfSatisfying(
                            ZmtpCommand.Ready.class,
                            ready -> assertThat(properties(ready.metadata()))
                                    .as("%s: READY metadata", who)
                                    .containsExactlyEntriesOf(expected));
        }

        // ...and a session of a compatible type completes the handshake on greeting + READY however they are cut.
        byte[] stream = Hex.concat(opening.greeting(), opening.ready());
        List<List<byte[]>> ways = sessionEveryWay ? Fragmentations.of(stream) : List.of(List.of(stream));
        NoLeaks.withoutAccessRecords(() -> assertSessionsAccept(who, type, minor, expected, ways));
    }

    private static void assertSessionsAccept(
            String who, SocketType type, int minor, Map<String, String> expected, List<List<byte[]>> ways) {
        SocketType local = type.compatiblePeers().iterator().next();
        for (List<byte[]> pieces : ways) {
            try (Session session = new Session(ZmtpSessionConfig.of(local).withAsServer(true))) {
                session.feed(pieces.toArray(byte[][]::new));
                List<Object> arrivals = session.arrivals();
                assertThat(arrivals)
                        .as("%s: %s session fed %d pieces", who, local, pieces.size())
                        .hasSize(1);
                assertThat(arrivals.get(0)).isInstanceOfSatisfying(ZmtpSessionEvent.HandshakeSucceeded.class, done -> {
                    assertThat(done.peer().socketType()).isEqualTo(type);
                    assertThat(done.peer().version())
                            .isEqualTo(minor == 0 ? ZmtpVersion.ZMTP_3_0 : ZmtpVersion.ZMTP_3_1);
                    assertThat(properties(done.peer().metadata())).containsExactlyEntriesOf(expected);
                });
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ PING, PONG

    @Test
    void libzmqPingAndPongMatchTheEngines() {
        byte[] context16 = ascii("0123456789abcdefXYZW"); // 20 octets: the PONG echoes the first 16
        byte[] ping;
        byte[] pongLol;
        byte[] pong16;
        try (RawPeerListener listener = RawPeerListener.listen(TIMEOUTS)) {
            String id = libzmq.connect(SocketType.DEALER, listener.endpoint(), null, true);
            try {
                RawPeer peer = listener.accept();
                opening(peer, 1);
                peer.send(ZmtpBytes.ready("ROUTER"));
                ping = readCommand(peer, "PING"); // HEARTBEAT_IVL 100 ms, HEARTBEAT_TTL 1500 ms
                peer.send(ZmtpBytes.ping(10, ascii("LOL")));
                pongLol = readCommand(peer, "PONG");
                peer.send(ZmtpBytes.ping(10, context16));
                pong16 = readCommand(peer, "PONG");
            } finally {
                libzmq.closeSocket(id);
            }
        }
        byte[] context = Arrays.copyOf(context16, ZmtpCommands.MAX_PING_CONTEXT);
        assertThat(Hex.of(ping)).isEqualTo(Hex.of(FrameCodecGoldenTest.LIBZMQ_PING_TTL_15));
        assertThat(Hex.of(ping)).isEqualTo(Hex.of(commandWire(new ZmtpCommand.Ping(15, new byte[0]))));
        assertThat(Hex.of(pongLol)).isEqualTo(Hex.of(commandWire(new ZmtpCommand.Pong(ascii("LOL")))));
        assertThat(Hex.of(pong16)).isEqualTo(Hex.of(commandWire(new ZmtpCommand.Pong(context))));

        // A live engine session with the same heartbeat settings sends the same PING, and answers the same PONGs.
        ZmtpSessionConfig config = ZmtpSessionConfig.of(SocketType.DEALER).withHeartbeat(100, 1_500, 5_000);
        try (Session session = new Session(config)) {
            session.feed(ZmtpBytes.greeting(3, 1, "NULL", false), ZmtpBytes.ready("ROUTER"));
            session.output();
            session.channel.advanceTimeBy(100, TimeUnit.MILLISECONDS);
            session.channel.runScheduledPendingTasks();
            assertThat(Hex.of(session.output())).as("engine PING").isEqualTo(Hex.of(ping));
            session.feed(ZmtpBytes.ping(10, ascii("LOL")));
            assertThat(Hex.of(session.output())).as("engine PONG").isEqualTo(Hex.of(pongLol));
            session.feed(ZmtpBytes.ping(10, context16));
            assertThat(Hex.of(session.output())).as("engine PONG, context cut").isEqualTo(Hex.of(pong16));
        }

        assertCommandEveryWay(ping, new ZmtpCommand.Ping(15, new byte[0]));
        assertCommandEveryWay(pongLol, new ZmtpCommand.Pong(ascii("LOL")));
        assertCommandEveryWay(pong16, new ZmtpCommand.Pong(context));
    }

    // ------------------------------------------------------------------------------------------------ subscriptions

    @ParameterizedTest(name = "to a peer announcing 3.{0}")
    @ValueSource(ints = {1, 0})
    void libzmqSubscriptionsMatchTheEngines(int peerMinor) {
        byte[] subscribe;
        byte[] cancel;
        try (RawPeerListener listener = RawPeerListener.listen(TIMEOUTS)) {
            String id = libzmq.connect(SocketType.SUB, listener.endpoint(), null, false);
            try {
                RawPeer peer = listener.accept();
                opening(peer, peerMinor);
                peer.send(ZmtpBytes.ready("PUB"));
                libzmq.subscribe(id, TOPIC);
                subscribe = readFrame(peer);
                libzmq.unsubscribe(id, TOPIC);
                cancel = readFrame(peer);
            } finally {
                libzmq.closeSocket(id);
            }
        }
        ZmtpSubscription on = new ZmtpSubscription(true, TOPIC);
        ZmtpSubscription off = new ZmtpSubscription(false, TOPIC);
        if (peerMinor == 1) {
            // ZMTP31-SUB-COMMAND-FORM: 04 0f 09 'SUBSCRIBE' 'topic', 04 0c 06 'CANCEL' 'topic'
            assertThat(Hex.of(subscribe)).isEqualTo(Hex.of(commandWire(on.command())));
            assertThat(Hex.of(cancel)).isEqualTo(Hex.of(commandWire(off.command())));
        } else {
            // ZMTP3-SUB-MESSAGE-FORM: 00 06 01 'topic', 00 06 00 'topic'
            assertThat(Hex.of(subscribe)).isEqualTo(Hex.of(wire(ZmtpFrame.message(false, on.messageForm()))));
            assertThat(Hex.of(cancel)).isEqualTo(Hex.of(wire(ZmtpFrame.message(false, off.messageForm()))));
        }

        // A live engine SUB session writes the same octets to a PUB peer of that version...
        try (Session session = new Session(ZmtpSessionConfig.of(SocketType.SUB))) {
            session.feed(ZmtpBytes.greeting(3, peerMinor, "NULL", false), ZmtpBytes.ready("PUB"));
            session.output();
            session.channel.writeAndFlush(on);
            assertThat(Hex.of(session.output())).as("engine SUBSCRIBE").isEqualTo(Hex.of(subscribe));
            session.channel.writeAndFlush(off);
            assertThat(Hex.of(session.output())).as("engine CANCEL").isEqualTo(Hex.of(cancel));
        }
        // ...and a PUB session reads libzmq's however they are cut.
        assertPubReceivesEveryWay(peerMinor, subscribe, on);
        assertPubReceivesEveryWay(peerMinor, cancel, off);
    }

    private static void assertPubReceivesEveryWay(int peerMinor, byte[] wire, ZmtpSubscription expected) {
        NoLeaks.withoutAccessRecords(() -> assertPubReceives(peerMinor, wire, expected));
    }

    private static void assertPubReceives(int peerMinor, byte[] wire, ZmtpSubscription expected) {
        byte[] handshake = Hex.concat(ZmtpBytes.greeting(3, peerMinor, "NULL", false), ZmtpBytes.ready("SUB"));
        for (List<byte[]> pieces : Fragmentations.of(wire)) {
            try (Session session =
                    new Session(ZmtpSessionConfig.of(SocketType.PUB).withAsServer(true))) {
                session.feed(handshake);
                session.feed(pieces.toArray(byte[][]::new));
                List<Object> arrivals = session.arrivals();
                assertThat(arrivals)
                        .as("PUB fed %s in %d pieces", expected, pieces.size())
                        .hasSize(2);
                assertThat(arrivals.get(0)).isInstanceOf(ZmtpSessionEvent.HandshakeSucceeded.class);
                assertThat(arrivals.get(1)).isEqualTo(expected);
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ ERROR

    @Test
    void libzmqErrorWhenItsZapHandlerDeniesMatchesTheEngines() {
        String endpoint = libzmq.bindDenyingZap(SocketType.ROUTER);
        byte[] error;
        try (RawPeer peer = RawPeer.connect(endpoint, TIMEOUTS)) {
            peer.send(ZmtpBytes.greeting(3, 1, "NULL", false));
            peer.readExactly(Greeting.SIZE);
            peer.send(ZmtpBytes.ready("DEALER", Map.of(Metadata.IDENTITY, new byte[0])));
            error = readFrame(peer);
            // libzmq leaves the close to the receiver of the ERROR (ZMTP3-ERROR-FATAL), so nothing is asserted here.
        }
        // ZMTP3-ERROR-GRAMMAR: 04 0a 05 'ERROR' 03 '400', the ZAP status code as the reason.
        assertThat(Hex.of(error)).isEqualTo(Hex.of(commandWire(new ZmtpCommand.Error("400"))));
        assertThat(Hex.of(error)).isEqualTo(Hex.of(FrameCodecGoldenTest.ERROR_400));
        assertCommandEveryWay(error, new ZmtpCommand.Error("400"));

        // An engine client that gets it during the handshake fails the handshake with ZMTP3-ERROR-FATAL.
        NoLeaks.withoutAccessRecords(() -> assertErrorFailsTheHandshakeEveryWay(error));
    }

    private static void assertErrorFailsTheHandshakeEveryWay(byte[] error) {
        for (List<byte[]> pieces : Fragmentations.of(error)) {
            try (Session session = new Session(ZmtpSessionConfig.of(SocketType.DEALER))) {
                session.feed(ZmtpBytes.greeting(3, 1, "NULL", false));
                session.feed(pieces.toArray(byte[][]::new));
                assertThat(session.channel.isOpen()).isFalse();
                List<Object> arrivals = session.arrivals();
                assertThat(arrivals).hasSize(2);
                assertThat(arrivals.get(0)).isInstanceOfSatisfying(ZmtpSessionEvent.HandshakeFailed.class, failed -> {
                    ProtocolViolation reason = failed.reason().orElseThrow();
                    assertThat(reason.ruleId()).isEqualTo("ZMTP3-ERROR-FATAL");
                    assertThat(reason.getMessage()).endsWith(": 400");
                });
            }
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Decodes {@code wire} in every fragmentation: one command frame, parsed to {@code expected}'s name and data. */
    private static void assertCommandEveryWay(byte[] wire, ZmtpCommand expected) {
        for (List<byte[]> pieces : Fragmentations.of(wire)) {
            List<Object> frames = FrameCodecGoldenTest.decode(pieces, -1);
            assertThat(frames)
                    .as("%s cut into %d pieces", expected.name(), pieces.size())
                    .hasSize(1);
            ZmtpCommand decoded = command(((ZmtpFrame) frames.get(0)).body());
            assertThat(decoded).isInstanceOf(expected.getClass());
            assertThat(decoded.name()).isEqualTo(expected.name());
            assertThat(Hex.of(decoded.data())).isEqualTo(Hex.of(expected.data()));
        }
    }

    private static ZmtpCommand command(byte[] body) {
        try {
            return ZmtpCommands.decode(body);
        } catch (ProtocolViolation v) {
            throw new AssertionError("command refused: " + v, v);
        }
    }

    private static Map<String, String> properties(Metadata metadata) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Metadata.Property p : metadata.properties()) {
            out.put(p.name(), Hex.of(p.value()));
        }
        return out;
    }

    /** Reads one frame exactly as it came: flags, the 1- or 8-octet size, the body. */
    private static byte[] readFrame(RawPeer peer) {
        byte[] flags = peer.readExactly(1);
        byte[] size = peer.readExactly((flags[0] & ZmtpFrame.LONG) != 0 ? 8 : 1);
        long length = 0;
        for (byte b : size) {
            length = length << 8 | (b & 0xff);
        }
        assertThat(length).as("frame size").isBetween(0L, 65_536L);
        return Hex.concat(flags, size, peer.readExactly((int) length));
    }

    /** Reads frames until the command {@code name}, skipping others (libzmq's heartbeat PINGs); returns its octets. */
    private static byte[] readCommand(RawPeer peer, String name) {
        for (int i = 0; i < 1_000; i++) {
            byte[] frame = readFrame(peer);
            int offset = (frame[0] & ZmtpFrame.LONG) != 0 ? 9 : 2;
            if ((frame[0] & ZmtpFrame.COMMAND) != 0
                    && frame.length > offset
                    && new String(
                                    frame,
                                    offset + 1,
                                    Math.min(frame[offset] & 0xff, frame.length - offset - 1),
                                    StandardCharsets.US_ASCII)
                            .equals(name)) {
                return frame;
            }
        }
        throw new AssertionError("no " + name + " among 1000 frames");
    }

    private static byte[] commandWire(ZmtpCommand command) {
        return wire(ZmtpFrame.command(ZmtpCommands.encode(command)));
    }

    private static byte[] wire(ZmtpFrame frame) {
        return FrameCodecGoldenTest.encode(frame);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** An engine session on an EmbeddedChannel: feed it octets, read what it wrote and what it delivered. */
    private static final class Session implements AutoCloseable {
        final EmbeddedChannel channel = new EmbeddedChannel();
        final SessionRecorder recorder = new SessionRecorder();

        Session(ZmtpSessionConfig config) {
            ZmtpChannels.install(channel, config, recorder);
        }

        void feed(byte[]... pieces) {
            for (byte[] piece : pieces) {
                if (channel.isOpen()) {
                    channel.writeInbound(Unpooled.wrappedBuffer(piece));
                }
            }
        }

        /** Everything written since the last call, released. */
        byte[] output() {
            List<byte[]> parts = new ArrayList<>();
            Object out;
            while ((out = channel.readOutbound()) != null) {
                ByteBuf buf = (ByteBuf) out;
                byte[] bytes = new byte[buf.readableBytes()];
                buf.readBytes(bytes);
                buf.release();
                parts.add(bytes);
            }
            return Hex.concat(parts.toArray(byte[][]::new));
        }

        List<Object> arrivals() {
            return recorder.drain();
        }

        @Override
        public void close() {
            try {
                assertThat(recorder.exceptions()).isEmpty();
                channel.checkException();
            } finally {
                output();
                channel.finishAndReleaseAll();
            }
        }
    }
}
