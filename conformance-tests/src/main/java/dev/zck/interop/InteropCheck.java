package dev.zck.interop;

import static dev.zck.suites.SuiteBase.UNSUPPORTED;

import dev.zck.spec.Timeouts;
import dev.zck.spi.ErrorKind;
import dev.zck.spi.Message;
import dev.zck.spi.SocketOption;
import dev.zck.spi.SocketType;
import dev.zck.spi.Transport;
import dev.zck.spi.ZmqException;
import dev.zck.spi.ZmqImplementation;
import dev.zck.spi.ZmqSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

/**
 * Runs one {@link InteropCase}: opens the two sockets over TCP on 127.0.0.1 (port 0), drives the pair's exchange and
 * closes both. A missing capability aborts with the UNSUPPORTED prefix the reports read; anything the oracle does not
 * accept fails with a message that names the socket, the implementation and what was expected.
 */
public final class InteropCheck {
    static final int MESSAGES = 10;
    private static final byte[] ALL_OCTETS = allOctets();
    private static final Duration SLICE = Duration.ofMillis(50);

    private final InteropCase c;
    private final Function<String, ZmqImplementation> implementations;
    private final Timeouts timeouts;

    /**
     * @param c the case
     * @param implementations looks up an implementation by the ID the case names
     * @param timeouts the expect timeout bounds every wait
     */
    public InteropCheck(InteropCase c, Function<String, ZmqImplementation> implementations, Timeouts timeouts) {
        this.c = c;
        this.implementations = implementations;
        this.timeouts = timeouts;
    }

    /** A socket of the check, with the label its messages carry. */
    private record End(ZmqSocket socket, SocketType type, String label, boolean bound, int peerRoutingId) {}

    public void run() throws ZmqException {
        ZmqImplementation first = implementations.apply(c.firstImpl());
        ZmqImplementation second = implementations.apply(c.secondImpl());
        require(first, c.firstImpl(), c.pair().first());
        require(second, c.secondImpl(), c.pair().second());
        ZmqImplementation binder = c.firstBinds() ? first : second;
        ZmqImplementation connector = c.firstBinds() ? second : first;
        String binderId = c.firstBinds() ? c.firstImpl() : c.secondImpl();
        String connectorId = c.firstBinds() ? c.secondImpl() : c.firstImpl();
        Deque<ZmqSocket> open = new ArrayDeque<>();
        try {
            ZmqSocket bound = opened(open, binder, c.bindType());
            prepare(binder, binderId, bound, c.bindType(), true);
            String endpoint = bound.bind("tcp://127.0.0.1:0");
            ZmqSocket connected = opened(open, connector, c.connectType());
            prepare(connector, connectorId, connected, c.connectType(), false);
            int peerRoutingId = 0;
            if (c.connectType() == SocketType.PEER) {
                peerRoutingId = connected.connectPeer(endpoint);
            } else {
                connected.connect(endpoint);
            }
            End b = new End(bound, c.bindType(), c.bindType() + "@" + binderId + " (bound)", true, 0);
            End k = new End(
                    connected,
                    c.connectType(),
                    c.connectType() + "@" + connectorId + " (connected)",
                    false,
                    peerRoutingId);
            boolean firstIsBound = c.firstBinds();
            exchange(firstIsBound ? b : k, firstIsBound ? k : b);
        } finally {
            closeAll(open);
        }
    }

    private static void require(ZmqImplementation impl, String id, SocketType type) {
        if (!impl.capabilities().supports(type)) {
            throw new TestAbortedException(UNSUPPORTED + id + " does not declare socket type " + type);
        }
        if (!impl.capabilities().supports(Transport.TCP)) {
            throw new TestAbortedException(UNSUPPORTED + id + " does not declare the tcp transport");
        }
    }

    private static void requireOption(ZmqImplementation impl, String id, SocketOption<?> option) {
        if (!impl.capabilities().supports(option)) {
            throw new TestAbortedException(UNSUPPORTED + id + " does not declare option " + option.name());
        }
    }

    private static ZmqSocket opened(Deque<ZmqSocket> open, ZmqImplementation impl, SocketType type)
            throws ZmqException {
        ZmqSocket socket = impl.socket(type);
        open.push(socket);
        if (impl.capabilities().supports(SocketOption.LINGER)) {
            socket.set(SocketOption.LINGER, 0);
        }
        return socket;
    }

    /** Options that must be in place before bind or connect. */
    private void prepare(ZmqImplementation impl, String id, ZmqSocket socket, SocketType type, boolean binds)
            throws ZmqException {
        switch (type) {
            case SUB -> {
                requireOption(impl, id, SocketOption.SUBSCRIBE);
                socket.set(SocketOption.SUBSCRIBE, bytes("A"));
            }
            case DISH -> {
                requireOption(impl, id, SocketOption.JOIN);
                socket.set(SocketOption.JOIN, "zck-g");
            }
            case ROUTER -> {
                if (c.pair().first() == SocketType.ROUTER) {
                    requireOption(impl, id, SocketOption.ROUTING_ID);
                    requireOption(impl, id, SocketOption.ROUTER_MANDATORY);
                    socket.set(SocketOption.ROUTING_ID, bytes(binds ? "zck-bound" : "zck-connected"));
                    socket.set(SocketOption.ROUTER_MANDATORY, true);
                }
            }
            default -> {}
        }
    }

    private void exchange(End first, End second) throws ZmqException {
        switch (c.pair().toString()) {
            case "PUSH/PULL", "SCATTER/GATHER" -> oneWay(first, second);
            case "PAIR/PAIR", "DEALER/DEALER", "CHANNEL/CHANNEL" -> {
                oneWay(first, second);
                oneWay(second, first);
            }
            case "REQ/REP" -> requestReply(first, second, List.of(), List.of());
            case "REQ/ROUTER" -> requestRouter(first, second, true);
            case "DEALER/REP" -> requestReply(first, second, List.of(new byte[0]), List.of(new byte[0]));
            case "DEALER/ROUTER" -> requestRouter(first, second, false);
            case "ROUTER/ROUTER" -> routerRouter(first, second);
            case "PUB/SUB", "PUB/XSUB", "XPUB/SUB", "XPUB/XSUB" -> publishSubscribe(first, second);
            case "CLIENT/SERVER" -> clientServer(first, second);
            case "RADIO/DISH" -> radioDish(first, second);
            case "PEER/PEER" -> peerPeer(first, second);
            default -> throw new IllegalStateException("no exchange for " + c.pair());
        }
    }

    // ---- exchanges

    private void oneWay(End from, End to) throws ZmqException {
        for (int i = 0; i < MESSAGES; i++) {
            send(from, message(from, "m" + i));
        }
        for (int i = 0; i < MESSAGES; i++) {
            expect(to, message(to, "m" + i), "message " + i + " of " + MESSAGES + " sent by " + from.label());
        }
    }

    /** REQ or DEALER to REP: the DEALER adds and sees the empty delimiter itself. */
    private void requestReply(End requester, End replier, List<byte[]> sendPrefix, List<byte[]> replyPrefix)
            throws ZmqException {
        for (int i = 0; i < 3; i++) {
            send(requester, prefixed(sendPrefix, multipart("q" + i)));
            expect(replier, multipart("q" + i), "request " + i + " from " + requester.label());
            send(replier, multipart("r" + i));
            expect(requester, prefixed(replyPrefix, multipart("r" + i)), "reply " + i + " from " + replier.label());
        }
    }

    /** REQ or DEALER to ROUTER: the ROUTER sees the sender's identity (and REQ's delimiter) and routes back by it. */
    private void requestRouter(End requester, End router, boolean delimiter) throws ZmqException {
        List<byte[]> envelope = delimiter ? List.of(new byte[0]) : List.of();
        for (int i = 0; i < 3; i++) {
            send(requester, multipart("q" + i));
            Message got = receive(router, "request " + i + " from " + requester.label());
            List<byte[]> frames = got.frames();
            int bodyFrames = multipart("q" + i).size();
            assertThat(
                    frames.size() == 1 + envelope.size() + bodyFrames && frames.get(0).length > 0,
                    router,
                    "identity frame + " + (delimiter ? "empty delimiter + " : "") + bodyFrames + " frames",
                    got);
            Message body = Message.of(frames.subList(1, frames.size()));
            assertEquals(router, prefixed(envelope, multipart("q" + i)), body, "request " + i + " after the identity");
            send(router, prefixed(List.of(frames.get(0)), prefixed(envelope, multipart("r" + i))));
            expect(requester, multipart("r" + i), "reply " + i + " routed back by " + router.label());
        }
    }

    /** ROUTER to ROUTER: the connecting side addresses the bound side by its ROUTING_ID once the handshake is done. */
    private void routerRouter(End first, End second) throws ZmqException {
        End connecting = first.bound() ? second : first;
        End bound = connecting == first ? second : first;
        Message request = prefixed(List.of(bytes("zck-bound")), multipart("q"));
        long deadline = System.nanoTime() + timeouts.expect().toNanos();
        while (true) {
            try {
                connecting.socket().send(request, Duration.ZERO);
                break;
            } catch (ZmqException e) {
                if (e.kind() != ErrorKind.HOST_UNREACHABLE && e.kind() != ErrorKind.WOULD_BLOCK) {
                    throw failure(connecting, "send to routing id zck-bound failed: " + e);
                }
                if (System.nanoTime() > deadline) {
                    throw failure(
                            connecting,
                            "the peer routing id zck-bound never became routable within "
                                    + timeouts.expect().toMillis() + " ms (last error " + e.kind() + ")");
                }
                expectNothingYet(bound, SLICE);
            }
        }
        expect(bound, prefixed(List.of(bytes("zck-connected")), multipart("q")), "request from " + connecting.label());
        send(bound, prefixed(List.of(bytes("zck-connected")), multipart("r")));
        expect(connecting, prefixed(List.of(bytes("zck-bound")), multipart("r")), "reply from " + bound.label());
    }

    private void publishSubscribe(End publisher, End subscriber) throws ZmqException {
        if (subscriber.type() == SocketType.XSUB) {
            send(subscriber, Message.of(new byte[] {1, 'A'}));
        }
        if (publisher.type() == SocketType.XPUB) {
            expectWhileCalling(
                    publisher,
                    Message.of(new byte[] {1, 'A'}),
                    "the subscription to \"A\" from " + subscriber.label(),
                    subscriber);
        } else {
            synchronise(publisher, subscriber, Message.of(bytes("A-sync")));
        }
        send(publisher, Message.of(bytes("B-unwanted"), ALL_OCTETS));
        for (int i = 0; i < MESSAGES; i++) {
            send(publisher, Message.of(bytes("A-" + i), ALL_OCTETS));
        }
        for (int i = 0; i < MESSAGES; i++) {
            Message got = receiveSkipping(subscriber, Message.of(bytes("A-sync")), "publication A-" + i);
            assertThat(
                    !Arrays.equals(got.frame(0), bytes("B-unwanted")),
                    subscriber,
                    "only topics matching the subscription \"A\"",
                    got);
            assertEquals(subscriber, Message.of(bytes("A-" + i), ALL_OCTETS), got, "publication " + i);
        }
    }

    private void clientServer(End client, End server) throws ZmqException {
        int routingId = 0;
        for (int i = 0; i < 3; i++) {
            send(client, single("q" + i));
            Message got = receive(server, "request " + i + " from " + client.label());
            assertThat(
                    got.routingId().isPresent() && got.routingId().getAsInt() != 0,
                    server,
                    "a non-zero routing id on the received message",
                    got);
            assertThat(
                    routingId == 0 || routingId == got.routingId().getAsInt(),
                    server,
                    "the same routing id for every message of one client",
                    got);
            routingId = got.routingId().getAsInt();
            assertEquals(server, single("q" + i), Message.of(got.frames()), "request " + i);
            send(server, single("r" + i).withRoutingId(routingId));
            Message reply = receive(client, "reply " + i + " from " + server.label());
            assertEquals(client, single("r" + i), Message.of(reply.frames()), "reply " + i);
        }
    }

    private void radioDish(End radio, End dish) throws ZmqException {
        synchronise(radio, dish, single("sync").withGroup("zck-g"));
        send(radio, single("unwanted").withGroup("zck-other"));
        for (int i = 0; i < MESSAGES; i++) {
            send(radio, single("g" + i).withGroup("zck-g"));
        }
        for (int i = 0; i < MESSAGES; i++) {
            Message got = receiveSkipping(dish, single("sync").withGroup("zck-g"), "group message " + i);
            assertEquals(dish, single("g" + i).withGroup("zck-g"), got, "group message " + i);
        }
    }

    private void peerPeer(End first, End second) throws ZmqException {
        End connecting = first.bound() ? second : first;
        End bound = connecting == first ? second : first;
        assertThat(connecting.peerRoutingId() != 0, connecting, "connectPeer returns a non-zero routing id", null);
        send(connecting, single("q").withRoutingId(connecting.peerRoutingId()));
        Message got = receive(bound, "request from " + connecting.label());
        assertThat(got.routingId().isPresent(), bound, "the sender's routing id on the received message", got);
        assertEquals(bound, single("q"), Message.of(got.frames()), "request");
        send(bound, single("r").withRoutingId(got.routingId().getAsInt()));
        Message reply = receive(connecting, "reply from " + bound.label());
        assertEquals(connecting, single("r").withRoutingId(connecting.peerRoutingId()), reply, "reply");
    }

    // ---- building blocks

    /** Sends the probe until one reaches the receiver (a subscription or join takes effect some time after connect). */
    private void synchronise(End sender, End receiver, Message probe) throws ZmqException {
        long deadline = System.nanoTime() + timeouts.expect().toNanos();
        while (System.nanoTime() < deadline) {
            send(sender, probe);
            try {
                Message got = receiver.socket().receive(SLICE);
                assertEquals(receiver, probe, got, "the synchronisation probe");
                return;
            } catch (ZmqException e) {
                if (e.kind() != ErrorKind.WOULD_BLOCK) {
                    throw failure(receiver, "receive failed while waiting for the probe: " + e);
                }
            }
        }
        throw failure(
                receiver,
                "no probe " + probe + " from " + sender.label() + " arrived within "
                        + timeouts.expect().toMillis() + " ms");
    }

    /**
     * Waits for a message while calling the other socket's receive without waiting: libzmq (4.3.4, 4.3.5) attaches a
     * bound socket's new connection, and so sends a SUB's subscriptions over it, only when the application calls
     * that socket. An application waiting on its XPUB would have its SUB in a poll loop; this does the same.
     */
    private void expectWhileCalling(End end, Message expected, String what, End other) throws ZmqException {
        long deadline = System.nanoTime() + timeouts.expect().toNanos();
        while (true) {
            try {
                assertEquals(end, expected, end.socket().receive(SLICE), what);
                return;
            } catch (ZmqException e) {
                if (e.kind() != ErrorKind.WOULD_BLOCK) {
                    throw failure(end, "expected " + what + ", receive failed: " + e);
                }
            }
            if (System.nanoTime() > deadline) {
                throw failure(
                        end,
                        "expected " + what + ", nothing arrived within "
                                + timeouts.expect().toMillis() + " ms (while " + other.label() + " was being called)");
            }
            expectNothingYet(other, Duration.ZERO);
        }
    }

    private Message receiveSkipping(End end, Message skipped, String what) throws ZmqException {
        while (true) {
            Message got = receive(end, what);
            if (!got.equals(skipped)) {
                return got;
            }
        }
    }

    private void expectNothingYet(End end, Duration wait) throws ZmqException {
        try {
            Message got = end.socket().receive(wait);
            throw failure(end, "received " + got + " before anything was sent to it");
        } catch (ZmqException e) {
            if (e.kind() != ErrorKind.WOULD_BLOCK) {
                throw e;
            }
        }
    }

    private void send(End end, Message message) throws ZmqException {
        try {
            end.socket().send(message, timeouts.expect());
        } catch (ZmqException e) {
            throw failure(end, "send of " + message + " failed: " + e);
        }
    }

    private Message receive(End end, String what) throws ZmqException {
        try {
            return end.socket().receive(timeouts.expect());
        } catch (ZmqException e) {
            if (e.kind() == ErrorKind.WOULD_BLOCK) {
                throw failure(
                        end,
                        "expected " + what + ", nothing arrived within "
                                + timeouts.expect().toMillis() + " ms");
            }
            throw failure(end, "expected " + what + ", receive failed: " + e);
        }
    }

    private void expect(End end, Message expected, String what) throws ZmqException {
        assertEquals(end, expected, receive(end, what), what);
    }

    private static void assertEquals(End end, Message expected, Message actual, String what) {
        if (!expected.equals(actual)) {
            throw failure(end, what + ": expected " + expected + " but received " + actual);
        }
    }

    private static void assertThat(boolean condition, End end, String expected, Message actual) {
        if (!condition) {
            throw failure(end, "expected " + expected + (actual == null ? "" : " but received " + actual));
        }
    }

    private static AssertionFailedError failure(End end, String text) {
        return new AssertionFailedError(end.label() + ": " + text);
    }

    private static Message message(End end, String tag) {
        return end.type().isSinglePart() ? single(tag) : multipart(tag);
    }

    /** A tag, every octet value, and an empty frame. */
    private static Message multipart(String tag) {
        return Message.of(bytes(tag), ALL_OCTETS, new byte[0]);
    }

    /** One frame: a tag followed by every octet value. */
    private static Message single(String tag) {
        byte[] head = bytes(tag + ":");
        byte[] frame = Arrays.copyOf(head, head.length + ALL_OCTETS.length);
        System.arraycopy(ALL_OCTETS, 0, frame, head.length, ALL_OCTETS.length);
        return Message.of(frame);
    }

    private static Message prefixed(List<byte[]> prefix, Message message) {
        if (prefix.isEmpty()) {
            return message;
        }
        List<byte[]> frames = new java.util.ArrayList<>(prefix);
        frames.addAll(message.frames());
        return Message.of(frames);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] allOctets() {
        byte[] octets = new byte[256];
        for (int i = 0; i < octets.length; i++) {
            octets[i] = (byte) i;
        }
        return octets;
    }

    private static void closeAll(Deque<ZmqSocket> open) throws ZmqException {
        ZmqException first = null;
        while (!open.isEmpty()) {
            try {
                open.pop().close();
            } catch (ZmqException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
