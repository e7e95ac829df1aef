package dev.zck.engine.interop;

import static dev.zck.engine.interop.MessagePlan.BURST;
import static dev.zck.engine.interop.MessagePlan.plan;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.engine.socket.ReferenceImplementation;
import dev.zck.rules.RuleCatalog;
import dev.zck.spec.Timeouts;
import dev.zck.spi.ErrorKind;
import dev.zck.spi.Message;
import dev.zck.spi.SocketOption;
import dev.zck.spi.SocketType;
import dev.zck.spi.ZmqException;
import dev.zck.spi.ZmqSocket;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The engine's sockets ({@link ReferenceImplementation}) exchange messages with the real thing over TCP on loopback:
 * libzmq 4.3.4 (Debian's pyzmq, classic socket types only), libzmq 4.3.5 (zeromq.js: the classic types and the drafts
 * SERVER, CLIENT, RADIO, DISH, GATHER, SCATTER) and JeroMQ 0.6.0 (every type, draft ones included), for every
 * compatible pair of socket types each library has, the engine binding and the engine connecting.
 *
 * <p>Each case sends the {@linkplain MessagePlan numbered messages} in every direction the pattern allows: single
 * frames of 0 B, 1 B, 255 B, 256 B (the short/long frame boundary), 64 KiB and 1 MiB, then, for the classic types,
 * three-frame messages mixing empty, short and long frames, then a burst of {@value MessagePlan#BURST} small messages
 * sent back to back (left out where a REQ or REP takes one message at a time), and a short end marker. All of a
 * burst travels to and from a native peer in one request to its driver. The receiver must get exactly
 * those messages, octet for octet and frame for frame, in the order sent, each once (a lost, repeated or reordered
 * message shows as the wrong sequence number at its place; after the end marker nothing more may be queued), and
 * addressed as the pattern says: REQ/REP envelopes, the ROUTER's routing-id frame, the SERVER's and PEER's routing
 * ids, PUB topic filtering and RADIO group filtering (messages that must be held back are sent between the measured
 * ones, so they would show up in their place).
 *
 * <p>PUB/SUB and RADIO/DISH lose what is published before the subscription or join reaches the publisher (the slow
 * joiner), so the publisher first repeats a probe until one arrives; the probes that were still on their way are
 * skipped. A ROUTER talking to a ROUTER sends first with ROUTER_MANDATORY, retrying until the peer's routing id is
 * known.
 *
 * <p>Not covered: the empty single-frame message in PUB/SUB (it can match no topic but the empty one, and the
 * filtering is what is tested here), and PUB/SUB upstream data other than XSUB to XPUB (PUB drops it, SUB cannot send).
 * The draft types run against JeroMQ and, except PEER and CHANNEL (zeromq.js has neither), against libzmq 4.3.5:
 * Debian's libzmq is built without them.
 */
class EngineMessagingInteropTest {
    private static final Duration EXPECT = Timeouts.fromSystemProperties().expect();
    /** How long a subscriber waits for each probe before the publisher sends the next. */
    private static final Duration PROBE_WAIT = Duration.ofMillis(50);

    private static final String ANY_PORT = "tcp://127.0.0.1:0";
    private static final byte[] EMPTY = new byte[0];
    private static final byte[] HOP = bytes("hop");
    /** The sequence numbers the native side's messages start at; the engine's start at 0. */
    private static final int NATIVE_SEQ = 1000;

    /** The groups a DISH joins; the probe goes to the last, so that both joins are known to the RADIO. */
    private static final List<String> GROUPS = List.of("zck", "zck-b");
    /** Groups a RADIO sends to that the DISH did not join: a prefix, an extension, another case. */
    private static final List<String> OTHER_GROUPS = List.of("zc", "zck-bb", "ZCK");

    private static ReferenceImplementation implementation;

    @BeforeAll
    static void startEngine() {
        implementation = new ReferenceImplementation();
    }

    @AfterAll
    static void stopEngine() {
        implementation.close();
    }

    /** One run: a library, the engine's type and whether it binds, and the native type. */
    record Case(HandshakePeerFactory library, SocketType engineType, Role engineRole, SocketType peer) {
        @Override
        public String toString() {
            return "engine " + engineType + (engineRole == Role.BIND ? " binds" : " connects") + " <-> "
                    + library.label() + " " + peer;
        }
    }

    // ------------------------------------------------------------------------------------------------ the matrix

    @ParameterizedTest(name = "{0}")
    @MethodSource("exclusiveAndPipelinePairs")
    @DisplayName("PAIR, CHANNEL, PUSH/PULL and SCATTER/GATHER deliver every message intact, in order and once, both"
            + " ways where the pattern allows [SOCK-BIND-AND-CONNECT, SOCK-ORDER-PER-PEER, SOCK-NO-DUPLICATES,"
            + " ZMTP3-FRAME-LONG-FOR-LARGE, ZMTP3-FRAME-MORE, PAIR-NO-MODIFY]")
    void exclusiveAndPipelinePairs(Case c) {
        boolean multipart = !c.engineType().isSinglePart();
        try (Link link = Link.open(c, socket -> {}, PeerSetup.DEFAULT)) {
            switch (c.engineType()) {
                case PUSH, SCATTER -> stream(link.engine(), link.peer(), plan(0, multipart, true, BURST));
                case PULL, GATHER -> stream(link.peer(), link.engine(), plan(NATIVE_SEQ, multipart, true, BURST));
                default -> {
                    stream(link.engine(), link.peer(), plan(0, multipart, true, BURST));
                    stream(link.peer(), link.engine(), plan(NATIVE_SEQ, multipart, true, BURST));
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requestReplyPairs")
    @DisplayName("REQ, REP, DEALER and ROUTER deliver requests and replies intact, in order and once, with the"
            + " envelopes and routing-id frames the pattern prescribes [SOCK-BIND-AND-CONNECT, SOCK-ORDER-PER-PEER,"
            + " SOCK-NO-DUPLICATES, REQ-DELIMITER, REP-ENVELOPE-STRIP, REP-ENVELOPE-RESTORE, DEALER-NO-ENVELOPE-CHANGE,"
            + " ROUTER-IDENTITY-PREFIX, ROUTER-STRIP-FIRST-FRAME, ROUTER-PEER-IDENTITY]")
    void requestReplyPairs(Case c) {
        if (c.engineType() == SocketType.DEALER && c.peer() == SocketType.DEALER) {
            try (Link link = Link.open(c, socket -> {}, PeerSetup.DEFAULT)) {
                stream(link.engine(), link.peer(), plan(0, true, true, BURST));
                stream(link.peer(), link.engine(), plan(NATIVE_SEQ, true, true, BURST));
            }
        } else if (c.engineType() == SocketType.ROUTER && c.peer() == SocketType.ROUTER) {
            routerToRouter(c);
        } else {
            requestReply(c);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("publishSubscribePairs")
    @DisplayName("PUB/XPUB deliver to SUB/XSUB exactly the messages whose first frame starts with the subscribed"
            + " topic, intact, in order and once; XPUB receives the subscription and XSUB's upstream messages"
            + " [SOCK-BIND-AND-CONNECT, SOCK-ORDER-PER-PEER, SOCK-NO-DUPLICATES, ZMTP3-SUB-PREFIX-MATCH,"
            + " PUB-PREFIX-MATCH, PUB-MATCH-FIRST-FRAME, XPUB-SUBSCRIPTIONS-TO-APP, XSUB-SEND-SUBSCRIPTION,"
            + " XPUB-UPSTREAM-DATA-TO-APP]")
    void publishSubscribePairs(Case c) {
        boolean engineSubscribes = c.engineType() == SocketType.SUB || c.engineType() == SocketType.XSUB;
        SocketType subscriberType = engineSubscribes ? c.engineType() : c.peer();
        byte[] topic = {MessagePlan.TOPIC};
        PeerSetup setup = PeerSetup.DEFAULT.withSubscriptions(topic);
        try (Link link = Link.open(c, socket -> subscribe(socket, topic), setup)) {
            End publisher = engineSubscribes ? link.peer() : link.engine();
            End subscriber = engineSubscribes ? link.engine() : link.peer();
            if (!engineSubscribes && subscriberType == SocketType.XSUB) {
                subscriber.send(Message.of(subscription(topic))); // a libzmq XSUB sends it on connecting
            }
            if (publisher.type() == SocketType.XPUB) {
                assertSame(
                        publisher + " received the subscription",
                        receiveOne(publisher),
                        Message.of(subscription(topic)));
            }
            awaitDelivery(publisher, subscriber, MessagePlan.probe());

            int seq = engineSubscribes ? NATIVE_SEQ : 0;
            List<Message> measured = plan(seq, true, false, BURST);
            List<Message> published = new ArrayList<>();
            for (int i = 0; i < measured.size(); i++) {
                published.add(MessagePlan.offTopic(seq + i, i % 2 == 1));
                published.add(measured.get(i));
            }
            publisher.sendAll(published);
            receiveAll(publisher, subscriber, measured);

            if (publisher.type() == SocketType.XPUB && subscriberType == SocketType.XSUB) {
                stream(subscriber, publisher, plan(engineSubscribes ? 0 : NATIVE_SEQ, true, false, BURST));
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routingIdPairs")
    @DisplayName("CLIENT/SERVER and PEER deliver single-part messages intact, in order and once, each received with"
            + " the sender's non-zero routing id, which addresses the reply [SOCK-BIND-AND-CONNECT,"
            + " SOCK-ORDER-PER-PEER, SOCK-NO-DUPLICATES, SERVER-ROUTING-ID-NONZERO, PEER-ROUTING-ID-ON-RECEIVE,"
            + " PEER-CONNECT-RETURNS-ROUTING-ID]")
    void routingIdPairs(Case c) {
        try (Link link = Link.open(c, socket -> {}, PeerSetup.DEFAULT)) {
            boolean engineAsks = c.engineType() == SocketType.CLIENT
                    || c.engineType() == SocketType.PEER && c.engineRole() == Role.CONNECT;
            End asker = engineAsks ? link.engine() : link.peer();
            End answerer = engineAsks ? link.peer() : link.engine();
            OptionalInt connectId =
                    engineAsks ? link.engineConnectId() : link.nativePeer().connectRoutingId();
            if (asker.type() == SocketType.PEER) {
                assertThat(connectId)
                        .as(asker + ": the routing id connectPeer returned")
                        .isPresent();
                assertThat(connectId.getAsInt())
                        .as(asker + ": the routing id connectPeer returned")
                        .isNotZero();
            }

            List<Message> requests = plan(engineAsks ? 0 : NATIVE_SEQ, false, true, BURST);
            asker.sendAll(requests.stream()
                    .map(request -> connectId.isPresent() ? request.withRoutingId(connectId.getAsInt()) : request)
                    .toList());
            List<Message> received = receiveAll(asker, answerer, requests);
            int routingId = received.get(0).routingId().orElse(0);
            assertThat(routingId).as(answerer + ": the sender's routing id").isNotZero();
            for (int i = 0; i < received.size(); i++) {
                assertThat(received.get(i).routingId())
                        .as(answerer + ": routing id of message " + i)
                        .hasValue(routingId);
            }

            List<Message> replies = plan(engineAsks ? NATIVE_SEQ : 0, false, true, BURST);
            int to = routingId;
            answerer.sendAll(
                    replies.stream().map(reply -> reply.withRoutingId(to)).toList());
            List<Message> answers = receiveAll(answerer, asker, replies);
            for (int i = 0; i < answers.size(); i++) {
                assertThat(answers.get(i).routingId())
                        .as(asker + ": routing id of reply " + i)
                        .isEqualTo(asker.type() == SocketType.PEER ? connectId : OptionalInt.empty());
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("radioDishPairs")
    @DisplayName("RADIO delivers to DISH exactly the messages of the groups it joined, intact, in order, once and"
            + " with their group [SOCK-BIND-AND-CONNECT, SOCK-ORDER-PER-PEER, SOCK-NO-DUPLICATES,"
            + " RADIO-EXACT-GROUP-MATCH, ZMTP31-RADIO-GROUP-FILTER, ZMTP31-RADIO-MESSAGE-FORMAT, DISH-GROUP-ATTACHED]")
    void radioDishPairs(Case c) {
        PeerSetup setup = PeerSetup.DEFAULT.withGroups(GROUPS.toArray(String[]::new));
        try (Link link = Link.open(c, EngineMessagingInteropTest::joinAll, setup)) {
            boolean engineRadio = c.engineType() == SocketType.RADIO;
            End radio = engineRadio ? link.engine() : link.peer();
            End dish = engineRadio ? link.peer() : link.engine();
            awaitDelivery(radio, dish, MessagePlan.probe().withGroup(GROUPS.get(GROUPS.size() - 1)));

            List<Message> measured = new ArrayList<>();
            List<Message> sent = new ArrayList<>();
            for (Message message : plan(engineRadio ? 0 : NATIVE_SEQ, false, true, BURST)) {
                Message inGroup = message.withGroup(GROUPS.get(measured.size() % GROUPS.size()));
                sent.add(message.withGroup(OTHER_GROUPS.get(measured.size() % OTHER_GROUPS.size())));
                sent.add(inGroup);
                measured.add(inGroup);
            }
            radio.sendAll(sent);
            receiveAll(radio, dish, measured);
        }
    }

    @Test
    @DisplayName("every rule ID named in this class's display names is in the catalog")
    void ruleIdsAreInTheCatalog() {
        RuleCatalog catalog = RuleCatalog.standard();
        Pattern list = Pattern.compile("\\[([A-Z0-9, .-]+)]$");
        int checked = 0;
        for (Method method : EngineMessagingInteropTest.class.getDeclaredMethods()) {
            DisplayName name = method.getAnnotation(DisplayName.class);
            Matcher ids = name == null ? null : list.matcher(name.value());
            if (ids != null && ids.find()) {
                for (String id : ids.group(1).split(",\\s*")) {
                    assertThat(catalog.find(id))
                            .as("%s in %s", id, method.getName())
                            .isPresent();
                    checked++;
                }
            }
        }
        assertThat(checked).isGreaterThan(20);
    }

    // ------------------------------------------------------------------------------------------ request-reply

    /**
     * REQ or DEALER (the client) against REP or ROUTER (the server). The client's requests reach the server with the
     * envelope the pairing implies and the server's replies come back through it: REQ adds and strips the empty
     * delimiter, REP strips and restores everything up to it, ROUTER adds and consumes the client's routing id, DEALER
     * changes nothing. A REQ goes in lockstep; a DEALER sends all its requests first. The client announces its routing
     * id when the engine binds, and the ROUTER makes one up when the engine connects.
     */
    private static void requestReply(Case c) {
        boolean engineIsClient = c.engineType() == SocketType.REQ || c.engineType() == SocketType.DEALER;
        SocketType clientType = engineIsClient ? c.engineType() : c.peer();
        byte[] announced =
                c.engineRole() == Role.BIND ? bytes((engineIsClient ? "engine-" : "native-") + clientType) : null;
        PeerSetup setup = engineIsClient ? PeerSetup.DEFAULT : PeerSetup.DEFAULT.withRoutingId(announced);
        try (Link link = Link.open(c, socket -> setRoutingId(socket, engineIsClient ? announced : null), setup)) {
            RequestReply exchange = engineIsClient
                    ? new RequestReply(link.engine(), link.peer(), announced)
                    : new RequestReply(link.peer(), link.engine(), announced);
            // A REQ, and a REP, take one request at a time; a DEALER and a ROUTER take a burst.
            int burst = exchange.req || !exchange.router ? 0 : BURST;
            List<Message> requests = plan(engineIsClient ? 0 : NATIVE_SEQ, true, true, burst);
            List<Message> replies = plan(engineIsClient ? NATIVE_SEQ : 0, true, true, burst);
            if (exchange.req) {
                for (int i = 0; i < requests.size(); i++) {
                    exchange.client.send(requests.get(i));
                    exchange.serve(List.of(requests.get(i)), List.of(replies.get(i)));
                    assertSame(exchange.client + " received reply " + i, receiveOne(exchange.client), replies.get(i));
                }
                // Not the client: an idle REQ refuses to receive (REQ-RECV-BEFORE-SEND-REFUSED).
                assertNothingMore(exchange.server);
            } else {
                exchange.client.sendAll(exchange.fromClient(requests));
                exchange.serve(requests, replies);
                receiveAll(exchange.server, exchange.client, exchange.fromClient(replies));
            }
        }
    }

    /** The envelopes between a REQ or DEALER client and a REP or ROUTER server. */
    private static final class RequestReply {
        final End client;
        final End server;
        final boolean req;
        final boolean router;
        /** What a DEALER talking to a REP puts in front itself: an extra envelope frame, then the delimiter. */
        final List<byte[]> clientEnvelope;
        /** What a ROUTER sees between the routing id and a REQ's request: the delimiter the REQ added. */
        final List<byte[]> delimiter;
        /** The client's routing id at a ROUTER: the one announced, else the one the ROUTER made up. */
        byte[] routingId;

        RequestReply(End client, End server, byte[] announced) {
            this.client = client;
            this.server = server;
            this.req = client.type() == SocketType.REQ;
            this.router = server.type() == SocketType.ROUTER;
            this.clientEnvelope = !req && !router ? List.of(HOP, EMPTY) : List.of();
            this.delimiter = req && router ? List.of(EMPTY) : List.of();
            this.routingId = announced;
        }

        /** The messages as the client sends or receives them: a DEALER talking to a REP adds the envelope. */
        List<Message> fromClient(List<Message> messages) {
            return messages.stream()
                    .map(message -> wrap(clientEnvelope, message))
                    .toList();
        }

        /**
         * Receives the requests at the server, checks their envelopes and sends the replies back through them: a REP
         * one at a time, a ROUTER all at once.
         */
        void serve(List<Message> requests, List<Message> replies) {
            if (!router) {
                for (int i = 0; i < requests.size(); i++) {
                    assertSame(server + " received request " + i, receiveOne(server), requests.get(i));
                    server.send(replies.get(i));
                }
                return;
            }
            List<Message> received = server.receive(requests.size(), EXPECT);
            if (routingId == null && !received.isEmpty()) {
                assertThat(received.get(0).frame(0))
                        .as(server + ": the routing id it made up for the client")
                        .isNotEmpty();
                routingId = received.get(0).frame(0);
            }
            List<Message> expected = requests.stream()
                    .map(request -> wrap(List.of(routingId), wrap(delimiter, request)))
                    .toList();
            assertReceived(client, server, received, expected);
            server.sendAll(replies.stream()
                    .map(reply -> wrap(List.of(routingId), wrap(delimiter, reply)))
                    .toList());
        }
    }

    /**
     * Two ROUTERs, both announcing a routing id. The engine's goes first, with ROUTER_MANDATORY so that it learns
     * when the native peer's id is known; then the native one answers to the id it received.
     */
    private static void routerToRouter(Case c) {
        byte[] engineId = bytes("engine-ROUTER");
        byte[] nativeId = bytes("native-ROUTER");
        Configure mandatory = socket -> {
            setRoutingId(socket, engineId);
            socket.set(SocketOption.ROUTER_MANDATORY, true);
        };
        try (Link link = Link.open(c, mandatory, PeerSetup.DEFAULT.withRoutingId(nativeId))) {
            List<Message> sent = plan(0, true, true, BURST);
            sendWhenRoutable(link.socket(), wrap(List.of(nativeId), sent.get(0)));
            link.engine()
                    .sendAll(sent.subList(1, sent.size()).stream()
                            .map(message -> wrap(List.of(nativeId), message))
                            .toList());
            receiveAll(
                    link.engine(),
                    link.peer(),
                    sent.stream()
                            .map(message -> wrap(List.of(engineId), message))
                            .toList());

            List<Message> answers = plan(NATIVE_SEQ, true, true, BURST);
            link.peer()
                    .sendAll(answers.stream()
                            .map(message -> wrap(List.of(engineId), message))
                            .toList());
            receiveAll(
                    link.peer(),
                    link.engine(),
                    answers.stream()
                            .map(message -> wrap(List.of(nativeId), message))
                            .toList());
        } catch (ZmqException e) {
            throw new AssertionError(e);
        }
    }

    /** Sends with ROUTER_MANDATORY set, retrying while the peer is unknown: until its handshake completes. */
    private static void sendWhenRoutable(ZmqSocket router, Message message) throws ZmqException {
        long deadline = System.nanoTime() + EXPECT.toNanos();
        while (true) {
            try {
                router.send(message, EXPECT);
                return;
            } catch (ZmqException e) {
                if (e.kind() != ErrorKind.HOST_UNREACHABLE || System.nanoTime() - deadline > 0) {
                    throw e;
                }
                router.nextEvent(PROBE_WAIT); // the handshake's events, or a short wait
            }
        }
    }

    /** The message with {@code head} in front of its frames. */
    private static Message wrap(List<byte[]> head, Message message) {
        List<byte[]> frames = new ArrayList<>(head);
        frames.addAll(message.frames());
        return Message.of(frames);
    }

    // ------------------------------------------------------------------------------------------------ streams

    /** Sends every message from one end, then receives them all at the other: intact, in order, once each. */
    private static void stream(End from, End to, List<Message> messages) {
        from.sendAll(messages);
        receiveAll(from, to, messages);
    }

    /**
     * Receives {@code expected} at {@code to}, after any probes still on their way, checks them and that nothing more
     * is queued, and returns them as received (with their routing ids).
     */
    private static List<Message> receiveAll(End from, End to, List<Message> expected) {
        List<Message> received = new ArrayList<>();
        while (received.size() < expected.size()) {
            List<Message> batch = to.receive(expected.size() - received.size(), EXPECT);
            if (batch.isEmpty()) {
                break;
            }
            for (Message message : batch) {
                if (!received.isEmpty() || !MessagePlan.isProbe(message)) {
                    received.add(message);
                }
            }
        }
        assertReceived(from, to, received, expected);
        return received;
    }

    /** Compares what {@code to} received with {@code expected}, message by message, then checks nothing more came. */
    private static void assertReceived(End from, End to, List<Message> received, List<Message> expected) {
        String stream = to + " received from " + from + " message ";
        for (int i = 0; i < Math.min(received.size(), expected.size()); i++) {
            assertSame(stream + i + " of " + expected.size(), received.get(i), expected.get(i));
        }
        assertThat(received.size())
                .as(
                        "%s received %d of the %d messages %s sent within %s of each other; the last were %s",
                        to, received.size(), expected.size(), from, EXPECT, lastFew(received))
                .isEqualTo(expected.size());
        assertNothingMore(to);
    }

    private static List<String> lastFew(List<Message> messages) {
        return messages.subList(Math.max(0, messages.size() - 3), messages.size()).stream()
                .map(MessagePlan::describe)
                .toList();
    }

    /** The slow joiner: sends the probe until one arrives, so that the subscription or join has taken effect. */
    private static void awaitDelivery(End publisher, End subscriber, Message probe) {
        long deadline = System.nanoTime() + EXPECT.toNanos();
        while (System.nanoTime() - deadline < 0) {
            publisher.send(probe);
            Optional<Message> got = subscriber.receive(PROBE_WAIT);
            if (got.isPresent()) {
                assertSame(subscriber + " received the probe", got.get(), probe);
                return;
            }
        }
        throw new AssertionError(subscriber + " received none of the probes " + publisher + " sent within " + EXPECT);
    }

    private static Message receiveOne(End end) {
        return end.receive(EXPECT).orElseThrow(() -> new AssertionError(end + " received nothing within " + EXPECT));
    }

    /** Nothing else is queued: no duplicate, no message that should have been filtered. */
    private static void assertNothingMore(End end) {
        assertThat(end.receive(Duration.ZERO).map(MessagePlan::describe))
                .as("%s has nothing more queued", end)
                .isEmpty();
    }

    private static void assertSame(String what, Message received, Message expected) {
        MessagePlan.assertSame(what, received, expected);
    }

    // ------------------------------------------------------------------------------------------------ set-up

    private static void subscribe(ZmqSocket socket, byte[] topic) throws ZmqException {
        if (socket.type() == SocketType.SUB) {
            socket.set(SocketOption.SUBSCRIBE, topic);
        } else if (socket.type() == SocketType.XSUB) {
            socket.send(Message.of(subscription(topic)), EXPECT);
        }
    }

    /** The XSUB/XPUB message form of a subscription: 01 and the topic. */
    private static byte[] subscription(byte[] topic) {
        byte[] message = new byte[topic.length + 1];
        message[0] = 1;
        System.arraycopy(topic, 0, message, 1, topic.length);
        return message;
    }

    private static void joinAll(ZmqSocket socket) throws ZmqException {
        if (socket.type() == SocketType.DISH) {
            for (String group : GROUPS) {
                socket.set(SocketOption.JOIN, group);
            }
        }
    }

    private static void setRoutingId(ZmqSocket socket, byte[] id) throws ZmqException {
        if (id != null) {
            socket.set(SocketOption.ROUTING_ID, id);
        }
    }

    // ------------------------------------------------------------------------------------------------ cases

    private static final Set<SocketType> EXCLUSIVE_AND_PIPELINE = EnumSet.of(
            SocketType.PAIR,
            SocketType.CHANNEL,
            SocketType.PUSH,
            SocketType.PULL,
            SocketType.SCATTER,
            SocketType.GATHER);
    private static final Set<SocketType> REQUEST_REPLY =
            EnumSet.of(SocketType.REQ, SocketType.REP, SocketType.DEALER, SocketType.ROUTER);
    private static final Set<SocketType> PUBLISH_SUBSCRIBE =
            EnumSet.of(SocketType.PUB, SocketType.XPUB, SocketType.SUB, SocketType.XSUB);
    private static final Set<SocketType> ROUTING_ID = EnumSet.of(SocketType.CLIENT, SocketType.SERVER, SocketType.PEER);
    private static final Set<SocketType> RADIO_DISH = EnumSet.of(SocketType.RADIO, SocketType.DISH);

    static Stream<Case> exclusiveAndPipelinePairs() {
        return cases(EXCLUSIVE_AND_PIPELINE);
    }

    static Stream<Case> requestReplyPairs() {
        return cases(REQUEST_REPLY);
    }

    static Stream<Case> publishSubscribePairs() {
        return cases(PUBLISH_SUBSCRIBE);
    }

    static Stream<Case> routingIdPairs() {
        return cases(ROUTING_ID);
    }

    static Stream<Case> radioDishPairs() {
        return cases(RADIO_DISH);
    }

    /** Every compatible pair with the engine's type in {@code engineTypes}, per library, the engine binding and connecting. */
    private static Stream<Case> cases(Set<SocketType> engineTypes) {
        List<Case> cases = new ArrayList<>();
        for (HandshakePeerFactory library : HandshakePeers.all()) {
            for (SocketType engineType : engineTypes) {
                for (SocketType peer : engineType.compatiblePeers()) {
                    if (!library.testedTypes().contains(peer)) {
                        continue; // Debian's libzmq has no draft types, zeromq.js no PEER or CHANNEL
                    }
                    for (Role role : Role.values()) {
                        cases.add(new Case(library, engineType, role, peer));
                    }
                }
            }
        }
        return cases.stream();
    }

    // ------------------------------------------------------------------------------------------------ plumbing

    /** Sets up an engine socket before it binds or connects. */
    @FunctionalInterface
    private interface Configure {
        void apply(ZmqSocket socket) throws ZmqException;
    }

    /** One end of a link, the engine's socket or the native peer, as the exchanges see it. */
    private interface End {
        SocketType type();

        /** Sends one message, waiting up to the expect timeout for the socket to take it. */
        void send(Message message);

        /** Sends the messages in order, back to back. */
        void sendAll(List<Message> messages);

        /** The next message (with its routing id or group where the type has one), or empty after {@code timeout}. */
        Optional<Message> receive(Duration timeout);

        /** The next {@code count} messages, fewer only if {@code timeout} passes with none arriving. */
        List<Message> receive(int count, Duration timeout);
    }

    private record EngineSide(ZmqSocket socket) implements End {
        @Override
        public SocketType type() {
            return socket.type();
        }

        @Override
        public void send(Message message) {
            try {
                socket.send(message, EXPECT);
            } catch (ZmqException e) {
                throw new AssertionError(this + " could not send " + MessagePlan.describe(message) + ": " + e, e);
            }
        }

        @Override
        public void sendAll(List<Message> messages) {
            messages.forEach(this::send);
        }

        @Override
        public List<Message> receive(int count, Duration timeout) {
            List<Message> received = new ArrayList<>();
            for (Optional<Message> next = receive(timeout); next.isPresent(); next = receive(timeout)) {
                received.add(next.get());
                if (received.size() == count) {
                    break;
                }
            }
            return received;
        }

        @Override
        public Optional<Message> receive(Duration timeout) {
            try {
                return Optional.of(socket.receive(timeout));
            } catch (ZmqException e) {
                if (e.kind() == ErrorKind.WOULD_BLOCK) {
                    return Optional.empty();
                }
                throw new AssertionError(this + " could not receive: " + e, e);
            }
        }

        @Override
        public String toString() {
            return "the engine's " + socket.type();
        }
    }

    private record NativeSide(HandshakePeerFactory library, HandshakePeer peer) implements End {
        @Override
        public SocketType type() {
            return peer.type();
        }

        @Override
        public void send(Message message) {
            peer.send(message);
        }

        @Override
        public void sendAll(List<Message> messages) {
            peer.sendAll(messages);
        }

        @Override
        public Optional<Message> receive(Duration timeout) {
            return peer.receiveMessage(timeout, List.of()).map(ReceivedMessage::message);
        }

        @Override
        public List<Message> receive(int count, Duration timeout) {
            return peer.receiveMessages(count, timeout).stream()
                    .map(ReceivedMessage::message)
                    .toList();
        }

        @Override
        public String toString() {
            return library.label() + "'s " + peer.type();
        }
    }

    /** The engine's socket and the native peer of one case, connected in the order the roles need. */
    private record Link(ZmqSocket socket, HandshakePeer nativePeer, End engine, End peer, OptionalInt engineConnectId)
            implements AutoCloseable {

        static Link open(Case c, Configure configure, PeerSetup setup) {
            c.library().requireAvailable();
            ZmqSocket socket = null;
            HandshakePeer peer = null;
            try {
                socket = implementation.socket(c.engineType());
                socket.set(SocketOption.LINGER, 0);
                configure.apply(socket);
                OptionalInt connectId = OptionalInt.empty();
                if (c.engineRole() == Role.BIND) {
                    String endpoint = socket.bind(ANY_PORT);
                    peer = c.library().start(c.peer(), Role.CONNECT, endpoint, setup);
                } else {
                    peer = c.library().start(c.peer(), Role.BIND, ANY_PORT, setup);
                    if (c.engineType() == SocketType.PEER) {
                        connectId = OptionalInt.of(socket.connectPeer(peer.endpoint()));
                    } else {
                        socket.connect(peer.endpoint());
                    }
                }
                return new Link(socket, peer, new EngineSide(socket), new NativeSide(c.library(), peer), connectId);
            } catch (ZmqException e) {
                AssertionError failure = new AssertionError("setting up " + c + ": " + e, e);
                closeQuietly(socket, peer, failure);
                throw failure;
            } catch (RuntimeException | Error e) {
                closeQuietly(socket, peer, e);
                throw e;
            }
        }

        private static void closeQuietly(ZmqSocket socket, HandshakePeer peer, Throwable cause) {
            try {
                if (peer != null) {
                    peer.close();
                }
                if (socket != null) {
                    socket.close();
                }
            } catch (ZmqException | RuntimeException e) {
                cause.addSuppressed(e);
            }
        }

        @Override
        public void close() {
            try {
                nativePeer.close();
            } finally {
                try {
                    socket.close();
                } catch (ZmqException e) {
                    throw new AssertionError("closing the engine's socket: " + e, e);
                }
            }
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
