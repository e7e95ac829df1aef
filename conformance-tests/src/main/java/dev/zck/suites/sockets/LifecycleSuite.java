package dev.zck.suites.sockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.zck.engine.rawpeer.RawFrame;
import dev.zck.engine.rawpeer.RawPeer;
import dev.zck.engine.rawpeer.RawPeerException;
import dev.zck.engine.rawpeer.RawPeerListener;
import dev.zck.engine.rawpeer.ZmtpBytes;
import dev.zck.rules.RuleId;
import dev.zck.spec.Timeouts;
import dev.zck.spi.ErrorKind;
import dev.zck.spi.Message;
import dev.zck.spi.SocketOption;
import dev.zck.spi.SocketType;
import dev.zck.spi.Transport;
import dev.zck.spi.ZmqException;
import dev.zck.spi.ZmqSocket;
import dev.zck.suites.EachTransport;
import dev.zck.suites.SuiteBase;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestReporter;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A socket's life around its connections: binding or connecting either way round, connecting before the peer exists,
 * reconnection and its timing (RECONNECT_IVL, its jitter and backoff), what LINGER keeps after close, what IMMEDIATE
 * queues, and the ordering and no-duplicate guarantees across connections.
 *
 * <p>Timing rules measure against the kit's own loopback listener, which accepts and closes at once, and check with
 * generous bounds; where a rule prescribes a delay (a peer that binds later) the kit lets that time pass on a timed
 * accept, never a bare sleep.
 */
public abstract class LifecycleSuite extends SuiteBase {
    /** Every pair of socket types RFC 23/28..52 allow to talk, first the sending or requesting side. */
    private static final List<SocketType[]> PAIRS = List.of(
            pair(SocketType.PAIR, SocketType.PAIR),
            pair(SocketType.PUB, SocketType.SUB),
            pair(SocketType.PUB, SocketType.XSUB),
            pair(SocketType.XPUB, SocketType.SUB),
            pair(SocketType.XPUB, SocketType.XSUB),
            pair(SocketType.REQ, SocketType.REP),
            pair(SocketType.REQ, SocketType.ROUTER),
            pair(SocketType.DEALER, SocketType.REP),
            pair(SocketType.DEALER, SocketType.ROUTER),
            pair(SocketType.DEALER, SocketType.DEALER),
            pair(SocketType.ROUTER, SocketType.ROUTER),
            pair(SocketType.PUSH, SocketType.PULL),
            pair(SocketType.CLIENT, SocketType.SERVER),
            pair(SocketType.RADIO, SocketType.DISH),
            pair(SocketType.SCATTER, SocketType.GATHER),
            pair(SocketType.PEER, SocketType.PEER),
            pair(SocketType.CHANNEL, SocketType.CHANNEL));

    // ------------------------------------------------------------------ SOCK

    Stream<Arguments> pairsOnEachTransport() {
        List<Arguments> all = new ArrayList<>();
        for (Transport transport : List.of(Transport.TCP, Transport.INPROC)) {
            if (implementation().capabilities().supports(transport)) {
                for (SocketType[] pair : PAIRS) {
                    all.add(Arguments.of(transport.scheme(), pair[0], pair[1]));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} {1}-{2}")
    @MethodSource("pairsOnEachTransport")
    @RuleId("SOCK-BIND-AND-CONNECT")
    void everyPairWorksWhicheverSideBinds(String transport, SocketType a, SocketType b) throws Exception {
        requireTypes(a, b);
        exchange(transport, a, b, true);
        exchange(transport, a, b, false);
    }

    @Test
    @RuleId("SOCK-ASYNC-CONNECT")
    void connectWorksBeforeThePeerBinds() throws Exception {
        requireTransports(Transport.TCP);
        String endpoint = Loopback.freeEndpoint();
        ZmqSocket push = socket(SocketType.PUSH);
        push.connect(endpoint); // must not fail although nothing listens
        send(push, "hi");
        Loopback.letTimePass(Duration.ofMillis(500));
        ZmqSocket pull = socket(SocketType.PULL);
        pull.bind(endpoint);
        assertThat(receive(pull).frameAsString(0))
                .as("the message queued before the peer existed arrives once it binds")
                .isEqualTo("hi");
    }

    @Test
    @RuleId("SOCK-NO-DUPLICATES")
    void noMessageArrivesTwiceAcrossBrokenConnections() throws Exception {
        requireTransports(Transport.TCP);
        ZmqSocket pull = socket(SocketType.PULL);
        String target = pull.bind(endpoint("tcp"));
        try (CuttingProxy proxy = new CuttingProxy(target)) {
            ZmqSocket push = socket(SocketType.PUSH);
            push.connect(proxy.endpoint());
            List<Integer> got = new ArrayList<>();
            int last = 9_999;
            for (int i = 0; i <= last; i++) {
                push.send(Message.ofStrings(Integer.toString(i)), expect());
                if (i % 500 == 499) {
                    for (Optional<Message> m = tryReceive(pull, Duration.ZERO);
                            m.isPresent();
                            m = tryReceive(pull, Duration.ZERO)) {
                        got.add(Integer.parseInt(m.get().frameAsString(0)));
                    }
                    if (i == 2_999 || i == 5_999) {
                        proxy.cut();
                    }
                }
            }
            while (got.isEmpty() || got.get(got.size() - 1) != last) {
                Optional<Message> m = tryReceive(pull, expect());
                if (m.isEmpty()) {
                    fail("message " + last + ", sent long after the connection came back, never arrived; last seen "
                            + (got.isEmpty() ? "none" : got.get(got.size() - 1)));
                }
                got.add(Integer.parseInt(m.get().frameAsString(0)));
            }
            Set<Integer> seen = new HashSet<>();
            Set<Integer> twice = new TreeSet<>();
            for (int n : got) {
                if (!seen.add(n)) {
                    twice.add(n);
                }
            }
            assertThat(twice)
                    .as("no number arrives twice (gaps are allowed: %d of %d arrived)", got.size(), last + 1)
                    .isEmpty();
            assertThat(proxy.connections())
                    .as("the implementation reconnected after each of the two cuts")
                    .isGreaterThanOrEqualTo(3);
        }
    }

    @EachTransport
    @RuleId("SOCK-ORDER-PER-PEER")
    void messagesBetweenTwoPeersKeepTheirOrder(String transport) throws Exception {
        ZmqSocket receiver = socket(SocketType.DEALER);
        String endpoint = receiver.bind(endpoint(transport));
        ZmqSocket sender = socket(SocketType.DEALER);
        sender.connect(endpoint);
        int total = 10_000;
        int chunk = 500;
        for (int start = 0; start < total; start += chunk) {
            for (int i = start; i < start + chunk; i++) {
                sender.send(sequenced(i), expect());
            }
            for (int i = start; i < start + chunk; i++) {
                Message m = receive(receiver);
                assertThat(m)
                        .as("message %d of %d, in order and whole", i, total)
                        .isEqualTo(sequenced(i));
            }
        }
        expectNothing(receiver);
    }

    /** Message {@code i}: mixed sizes (some over 255 octets), every fourth one in three frames. */
    private static Message sequenced(int i) {
        String first = i + ":" + ".".repeat(i * 37 % 600);
        return i % 4 == 0 ? Message.of(first.getBytes(), "second".getBytes(), new byte[300]) : Message.ofStrings(first);
    }

    // ------------------------------------------------------------------ LINGER

    /*
     * Over TCP the peer that binds late is a scripted ZMTP PULL, not one of the implementation's sockets: a lingering
     * PUSH disconnects as soon as it has flushed, and RFC 30 lets a PULL discard what a peer that has since
     * disconnected sent but its application had not read yet, so only the wire shows for certain what the closed
     * socket delivered. Over inproc the queue is shared and the implementation's PULL is the observer.
     */

    @EachTransport
    @RuleId("LINGER-DEFAULT-INFINITE")
    void defaultLingerDeliversAfterClose(String transport) throws Exception {
        requireOptions(SocketOption.LINGER);
        String endpoint = transport.equals("tcp") ? Loopback.freeEndpoint() : endpoint(transport);
        ZmqSocket push = socket(SocketType.PUSH);
        assertThat(push.get(SocketOption.LINGER)).as("default LINGER").isEqualTo(-1);
        push.connect(endpoint);
        List<String> pending = List.of("pending 0", "pending 1", "pending 2", "pending 3", "pending 4");
        for (String m : pending) {
            send(push, m);
        }
        close(push);
        List<String> got = new ArrayList<>();
        if (transport.equals("tcp")) {
            got.addAll(deliveredToLatePull(endpoint, expect(), pending.size()));
        } else {
            ZmqSocket pull = socket(SocketType.PULL);
            pull.bind(endpoint);
            for (int i = 0; i < pending.size(); i++) {
                got.add(receive(pull).frameAsString(0));
            }
        }
        assertThat(got)
                .as("a closed PUSH with the default linger still delivers what it queued, once the peer binds")
                .isEqualTo(pending);
    }

    @Test
    @RuleId("LINGER-ZERO-DISCARDS")
    void zeroLingerDiscardsAtClose() throws Exception {
        requireTransports(Transport.TCP);
        requireOptions(SocketOption.LINGER);
        String endpoint = Loopback.freeEndpoint();
        ZmqSocket push = socket(SocketType.PUSH);
        push.set(SocketOption.LINGER, 0);
        push.connect(endpoint);
        for (int i = 0; i < 5; i++) {
            send(push, "pending " + i);
        }
        close(push);
        assertThat(deliveredToLatePull(endpoint, reconnectWindow(), 5))
                .as("with LINGER 0 nothing queued before close is delivered")
                .isEmpty();
    }

    @Test
    @RuleId("LINGER-POSITIVE-BOUNDED")
    void positiveLingerFlushesWithinThePeriodThenDiscards() throws Exception {
        requireTransports(Transport.TCP);
        requireOptions(SocketOption.LINGER);
        // Within the period: the peer binds 100 ms after close and gets everything.
        String endpoint = Loopback.freeEndpoint();
        ZmqSocket push = socket(SocketType.PUSH);
        push.set(SocketOption.LINGER, 500);
        push.connect(endpoint);
        List<String> pending = List.of("pending 0", "pending 1", "pending 2", "pending 3", "pending 4");
        for (String m : pending) {
            send(push, m);
        }
        close(push);
        Loopback.letTimePass(Duration.ofMillis(100));
        assertThat(deliveredToLatePull(endpoint, expect(), pending.size()))
                .as("a peer bound 100 ms after close, within LINGER=500, gets what was pending")
                .isEqualTo(pending);

        // After the period: the lingering socket stops trying (seen on a listener that accepts and closes each
        // attempt), and a peer bound afterwards gets nothing.
        ZmqSocket late = socket(SocketType.PUSH);
        late.set(SocketOption.LINGER, 500);
        String lateEndpoint;
        try (Loopback.Listener attempts = Loopback.Listener.open()) {
            lateEndpoint = attempts.endpoint();
            late.connect(lateEndpoint);
            for (int i = 0; i < 5; i++) {
                send(late, "dropped " + i);
            }
            long closed = System.nanoTime();
            close(late);
            Duration quiet = Duration.ofMillis(600);
            while (attempts.acceptAndClose(quiet).isPresent()) {
                assertThat(millisSince(closed))
                        .as("a socket closed with LINGER=500 stops reconnecting once the period is over")
                        .isLessThan(500 + expect().toMillis());
            }
        }
        assertThat(deliveredToLatePull(lateEndpoint, reconnectWindow(), 5))
                .as("messages still pending when LINGER=500 ran out are dropped")
                .isEmpty();
    }

    /**
     * Listens on the port of {@code endpoint} as a scripted ZMTP 3.1 PULL, waits up to {@code within} for the
     * implementation's connection, completes the NULL handshake and returns the first frames of the messages it then
     * sends, up to {@code atMost} of them, until it closes or stays silent for {@code within}.
     */
    private List<String> deliveredToLatePull(String endpoint, Duration within, int atMost) {
        List<String> got = new ArrayList<>();
        try (RawPeerListener pull = RawPeerListener.listen(Loopback.port(endpoint), new Timeouts(within, within))) {
            RawPeer peer;
            try {
                peer = pull.accept();
            } catch (RawPeerException e) {
                if (e.kind() == RawPeerException.Kind.TIMEOUT) {
                    return got;
                }
                throw e;
            }
            peer.send(ZmtpBytes.greeting(3, 1, "NULL", false));
            peer.readGreeting();
            peer.send(ZmtpBytes.ready("PULL"));
            peer.expectCommand("READY");
            while (got.size() < atMost) {
                List<RawFrame> message;
                try {
                    message = peer.readMessage();
                } catch (RawPeerException e) {
                    if (e.kind() == RawPeerException.Kind.TIMEOUT || e.kind() == RawPeerException.Kind.CLOSED) {
                        return got;
                    }
                    throw e;
                }
                got.add(new String(message.get(0).body(), StandardCharsets.UTF_8));
            }
        }
        return got;
    }

    // ------------------------------------------------------------------ IMMEDIATE

    @Test
    @RuleId("IMMEDIATE-COMPLETED-ONLY")
    void immediateQueuesOnCompletedConnectionsOnly() throws Exception {
        requireTransports(Transport.TCP);
        requireOptions(SocketOption.IMMEDIATE);
        for (boolean immediate : new boolean[] {true, false}) {
            ZmqSocket pull = socket(SocketType.PULL);
            String live = pull.bind(endpoint("tcp"));
            ZmqSocket push = socket(SocketType.PUSH);
            push.set(SocketOption.IMMEDIATE, immediate);
            push.connect(Loopback.freeEndpoint());
            push.connect(live);
            for (int i = 0; i < 10; i++) {
                send(push, Integer.toString(i)); // with IMMEDIATE the first waits for the live connection
            }
            int expected = immediate ? 10 : 5;
            for (int i = 0; i < expected; i++) {
                assertThat(receive(pull)).isNotNull();
            }
            assertThat(tryReceive(pull, silence()))
                    .as(
                            immediate
                                    ? "with IMMEDIATE all 10 go to the only completed connection"
                                    : "without IMMEDIATE the dead endpoint's queue takes every other message (5 of 10)")
                    .isEmpty();
        }

        ZmqSocket dealer = socket(SocketType.DEALER);
        dealer.set(SocketOption.IMMEDIATE, true);
        dealer.connect(Loopback.freeEndpoint());
        try {
            dealer.send(Message.ofStrings("nowhere"), Duration.ZERO);
            fail("a DEALER with IMMEDIATE and only a dead endpoint must not queue (DONTWAIT send succeeded)");
        } catch (ZmqException e) {
            assertThat(e.kind()).as("send error: %s", e.getMessage()).isEqualTo(ErrorKind.WOULD_BLOCK);
        }
    }

    @Test
    @RuleId("IMMEDIATE-DROP-ON-DISCONNECT")
    void immediateDropsTheQueueOfABrokenConnection() throws Exception {
        requireTransports(Transport.TCP);
        requireOptions(SocketOption.IMMEDIATE, SocketOption.LINGER);
        ZmqSocket router = socket(SocketType.ROUTER);
        String endpoint = router.bind(endpoint("tcp"));
        ZmqSocket dealer = socket(SocketType.DEALER);
        dealer.set(SocketOption.IMMEDIATE, true);
        dealer.connect(endpoint);
        send(dealer, "hello");
        Message hello = receive(router);
        router.send(Message.of(hello.frame(0), "welcome".getBytes()), expect());
        assertThat(receive(dealer).frameAsString(0)).isEqualTo("welcome");

        router.set(SocketOption.LINGER, 0);
        close(router);
        // Until the DEALER notices, a send may still be queued; those messages must never reach the next ROUTER.
        long deadline = System.nanoTime() + expect().toNanos();
        int queuedBeforeNoticing = 0;
        while (true) {
            try {
                dealer.send(Message.ofStrings("before " + queuedBeforeNoticing), Duration.ZERO);
                queuedBeforeNoticing++;
            } catch (ZmqException e) {
                assertThat(e.kind()).as("send error: %s", e.getMessage()).isEqualTo(ErrorKind.WOULD_BLOCK);
                break;
            }
            assertThat(System.nanoTime() - deadline)
                    .as("with IMMEDIATE and its only connection gone, DONTWAIT sends give EAGAIN")
                    .isNegative();
            Loopback.letTimePass(Duration.ofMillis(10));
        }

        ZmqSocket again = socket(SocketType.ROUTER);
        again.bind(endpoint);
        send(dealer, "after"); // waits for the reconnection
        Message after = receive(again);
        assertThat(after.frameAsString(after.size() - 1))
                .as(
                        "the new ROUTER gets only what was sent after the reconnection (%d sent before it was noticed)",
                        queuedBeforeNoticing)
                .isEqualTo("after");
        expectNothing(again);
    }

    // ------------------------------------------------------------------ RECONNECT

    @Test
    @RuleId("RECONNECT-IVL-DEFAULT")
    void reconnectsAfterAboutAHundredMilliseconds() throws Exception {
        requireTransports(Transport.TCP);
        requireOptions(SocketOption.RECONNECT_IVL);
        ZmqSocket push = socket(SocketType.PUSH);
        assertThat(push.get(SocketOption.RECONNECT_IVL))
                .as("default RECONNECT_IVL")
                .isEqualTo(100);
        List<Long> gaps = reconnectGaps(push, 20);
        assertThat(gaps.stream().mapToLong(Long::longValue).min().orElseThrow())
                .as("no reconnection before RECONNECT_IVL (100 ms) after a close; gaps %s", gaps)
                .isGreaterThanOrEqualTo(100 - SLACK_MS);
        assertThat(median(gaps))
                .as("reconnections follow within about twice RECONNECT_IVL (median, with slack; gaps %s)", gaps)
                .isLessThan(350);
    }

    @Test
    @RuleId("RECONNECT-IVL-JITTER")
    void stochastic_reconnectWaitsSpreadAboveTheInterval(TestReporter report) throws Exception {
        requireTransports(Transport.TCP);
        requireOptions(SocketOption.RECONNECT_IVL);
        int ivl = 200;
        ZmqSocket push = socket(SocketType.PUSH);
        push.set(SocketOption.RECONNECT_IVL, ivl);
        List<Long> gaps = reconnectGaps(push, 20);
        double mean = gaps.stream().mapToLong(Long::longValue).average().orElseThrow();
        double sd = Math.sqrt(
                gaps.stream().mapToDouble(g -> (g - mean) * (g - mean)).sum() / (gaps.size() - 1));
        report.publishEntry(
                "RECONNECT-IVL-JITTER",
                String.format(
                        "IVL=%d ms, %d gaps: min %d, max %d, mean %.1f, sd %.1f ms (libzmq: spread over [IVL, 2 IVL),"
                                + " sd about IVL/sqrt(12) = %.0f)",
                        ivl,
                        gaps.size(),
                        gaps.stream().mapToLong(Long::longValue).min().orElseThrow(),
                        gaps.stream().mapToLong(Long::longValue).max().orElseThrow(),
                        mean,
                        sd,
                        ivl / Math.sqrt(12)));
        // Stable whatever the random draws: never earlier than IVL, and no doubling from one attempt to the next.
        assertThat(gaps.stream().mapToLong(Long::longValue).min().orElseThrow())
                .as("jitter only adds to RECONNECT_IVL; gaps %s", gaps)
                .isGreaterThanOrEqualTo(ivl - SLACK_MS);
        assertThat(median(gaps.subList(gaps.size() / 2, gaps.size())))
                .as("without RECONNECT_IVL_MAX the base does not grow (median of the later gaps; gaps %s)", gaps)
                .isLessThan(3L * ivl);
    }

    @Test
    @RuleId("RECONNECT-IVL-BACKOFF")
    void backoffDoublesUpToTheMaximum() throws Exception {
        requireTransports(Transport.TCP);
        requireOptions(SocketOption.RECONNECT_IVL, SocketOption.RECONNECT_IVL_MAX);
        // IVL=100, MAX=1600: attempts at 0, 0.1, 0.3, 0.7, 1.5, 3.1 s. The listener opens at 2.3 s, midway between
        // two attempts (the catalog says 1.6 s; midway, scheduling noise cannot move an attempt across it), so the
        // connection comes at 3.1 s; without backoff it would come at once.
        long arrived = firstConnectionAfterListening(100, 1_600, Duration.ofMillis(2_300));
        assertThat(arrived)
                .as("with RECONNECT_IVL=100 and RECONNECT_IVL_MAX=1600 the attempt after 1.5 s comes at 3.1 s")
                .isBetween(2_800L, 4_000L);

        // IVL=1000, MAX=300: every wait is 300 ms, attempts at 0, 0.3, 0.6 s; the listener opens at 0.45 s.
        long clamped = firstConnectionAfterListening(1_000, 300, Duration.ofMillis(450));
        assertThat(clamped)
                .as("with RECONNECT_IVL_MAX=300 below RECONNECT_IVL=1000 every wait is 300 ms (attempt at 0.6 s)")
                .isBetween(450L, 949L);
    }

    /** Milliseconds from connect until the first connection reaches a listener that opens {@code opensAt} later. */
    private long firstConnectionAfterListening(int ivl, int max, Duration opensAt) throws Exception {
        int port = Loopback.port(Loopback.freeEndpoint());
        ZmqSocket push = socket(SocketType.PUSH);
        push.set(SocketOption.RECONNECT_IVL, ivl);
        push.set(SocketOption.RECONNECT_IVL_MAX, max);
        long start = System.nanoTime();
        push.connect(Loopback.endpoint(port));
        Loopback.letTimePass(opensAt.minusNanos(System.nanoTime() - start));
        try (Loopback.Listener listener = Loopback.Listener.open(port)) {
            OptionalLong arrived = listener.acceptAndClose(expect());
            assertThat(arrived)
                    .as("a connection reaches the listener opened after %s", opensAt)
                    .isPresent();
            close(push);
            return (arrived.getAsLong() - start) / 1_000_000;
        }
    }

    @Test
    @RuleId("RECONNECT-IVL-DISABLED")
    void reconnectIvlMinusOneNeverReconnects() throws Exception {
        requireTransports(Transport.TCP);
        requireOptions(SocketOption.RECONNECT_IVL);
        ZmqSocket bound = socket(SocketType.PAIR);
        String endpoint = bound.bind(endpoint("tcp"));
        ZmqSocket connecting = socket(SocketType.PAIR);
        connecting.set(SocketOption.RECONNECT_IVL, -1);
        connecting.connect(endpoint);
        bounce(connecting, bound, "first");

        bound.unbind(endpoint);
        bound.bind(endpoint);
        Duration window = Duration.ofMillis(500).plus(silence());
        boolean taken;
        try {
            connecting.send(Message.ofStrings("lost"), window);
            taken = true;
        } catch (ZmqException e) {
            assertThat(e.kind()).as("send error: %s", e.getMessage()).isEqualTo(ErrorKind.WOULD_BLOCK);
            taken = false;
        }
        if (taken) {
            assertThat(tryReceive(bound, window))
                    .as("with RECONNECT_IVL=-1 the lost connection is not made again, even with the peer back")
                    .isEmpty();
        }

        connecting.connect(endpoint);
        bounce(connecting, bound, "second");
    }

    private void bounce(ZmqSocket a, ZmqSocket b, String what) throws ZmqException {
        send(a, what);
        assertThat(receive(b).frameAsString(0)).isEqualTo(what);
        send(b, what + " back");
        assertThat(receive(a).frameAsString(0)).isEqualTo(what + " back");
    }

    // ------------------------------------------------------------------ helpers

    /** Clock reading and scheduling granularity allowed below a lower bound. */
    private static final long SLACK_MS = 2;

    /**
     * Connects {@code socket} to a listener that accepts and closes every connection, and returns {@code count}
     * milliseconds gaps between a close and the next connection.
     */
    private List<Long> reconnectGaps(ZmqSocket socket, int count) throws ZmqException {
        List<Long> gaps = new ArrayList<>();
        try (Loopback.Listener listener = Loopback.Listener.open()) {
            socket.connect(listener.endpoint());
            OptionalLong closed = listener.acceptAndClose(expect());
            assertThat(closed).as("the first connection attempt").isPresent();
            for (int i = 0; i < count; i++) {
                OptionalLong next = listener.acceptAndClose(expect());
                assertThat(next)
                        .as("reconnection %d of %d within %s (gaps so far %s)", i + 1, count, expect(), gaps)
                        .isPresent();
                gaps.add((next.getAsLong() - closed.getAsLong()) / 1_000_000);
                closed = next;
            }
            close(socket);
        }
        return gaps;
    }

    private static long median(List<Long> values) {
        List<Long> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }

    /** How long to watch for a message that must not come back through a reconnection: at least a second. */
    private Duration reconnectWindow() {
        Duration second = Duration.ofSeconds(1);
        return silence().compareTo(second) > 0 ? silence() : second;
    }

    private static SocketType[] pair(SocketType a, SocketType b) {
        return new SocketType[] {a, b};
    }

    /** One request (and, where the pattern has one, its reply) between {@code aType} and {@code bType}. */
    private void exchange(String transport, SocketType aType, SocketType bType, boolean aBinds) throws Exception {
        String how = aType + (aBinds ? " bound to " : " connected to ") + bType;
        ZmqSocket a = socket(aType);
        ZmqSocket b = socket(bType);
        if (aType == SocketType.ROUTER && bType == SocketType.ROUTER) {
            requireOptions(SocketOption.ROUTING_ID);
            a.set(SocketOption.ROUTING_ID, "A".getBytes());
            b.set(SocketOption.ROUTING_ID, "B".getBytes());
        }
        if (bType == SocketType.SUB) {
            requireOptions(SocketOption.SUBSCRIBE);
            b.set(SocketOption.SUBSCRIBE, new byte[0]);
        }
        if (bType == SocketType.DISH) {
            requireOptions(SocketOption.JOIN);
            b.set(SocketOption.JOIN, "g");
        }
        ZmqSocket binder = aBinds ? a : b;
        ZmqSocket connector = aBinds ? b : a;
        String endpoint = binder.bind(endpoint(transport));
        int binderId = 0;
        if (connector.type() == SocketType.PEER) {
            try {
                binderId = connector.connectPeer(endpoint);
            } catch (ZmqException e) {
                Assumptions.assumeTrue(e.kind() != ErrorKind.UNSUPPORTED, () -> UNSUPPORTED + "connectPeer: " + e);
                throw e;
            }
        } else {
            connector.connect(endpoint);
        }
        if (bType == SocketType.XSUB) {
            send(b, "\u0001");
        }
        switch (aType) {
            case PAIR, DEALER, CHANNEL -> {
                if (bType == SocketType.REP) {
                    send(a, "", "ping");
                    assertThat(receive(b)).as(how).isEqualTo(Message.ofStrings("ping"));
                    send(b, "pong");
                    assertThat(receive(a)).as(how).isEqualTo(Message.ofStrings("", "pong"));
                } else if (bType == SocketType.ROUTER) {
                    send(a, "ping");
                    Message request = receive(b);
                    assertThat(request.frameAsString(1)).as(how).isEqualTo("ping");
                    b.send(Message.of(request.frame(0), "pong".getBytes()), expect());
                    assertThat(receive(a)).as(how).isEqualTo(Message.ofStrings("pong"));
                } else {
                    send(a, "ping");
                    assertThat(receive(b)).as(how).isEqualTo(Message.ofStrings("ping"));
                    send(b, "pong");
                    assertThat(receive(a)).as(how).isEqualTo(Message.ofStrings("pong"));
                }
            }
            case REQ -> {
                send(a, "ping");
                if (bType == SocketType.ROUTER) {
                    Message request = receive(b);
                    assertThat(request.size()).as(how + ": id, delimiter, body").isEqualTo(3);
                    assertThat(request.frameAsString(2)).as(how).isEqualTo("ping");
                    b.send(Message.of(request.frame(0), new byte[0], "pong".getBytes()), expect());
                } else {
                    assertThat(receive(b)).as(how).isEqualTo(Message.ofStrings("ping"));
                    send(b, "pong");
                }
                assertThat(receive(a)).as(how).isEqualTo(Message.ofStrings("pong"));
            }
            case ROUTER -> {
                Message got = probe(a, b, Message.ofStrings("B", "ping"), how);
                assertThat(got).as(how).isEqualTo(Message.ofStrings("A", "ping"));
                b.send(Message.ofStrings("A", "pong"), expect());
                assertThat(receive(a)).as(how).isEqualTo(Message.ofStrings("B", "pong"));
            }
            case PUB, XPUB -> {
                Message got = probe(a, b, Message.ofStrings("ping"), how);
                assertThat(got).as(how).isEqualTo(Message.ofStrings("ping"));
            }
            case RADIO -> {
                Message got = probe(a, b, Message.ofStrings("ping").withGroup("g"), how);
                assertThat(got.frameAsString(0)).as(how).isEqualTo("ping");
                assertThat(got.group()).as(how).contains("g");
            }
            case PUSH, SCATTER -> {
                send(a, "ping");
                assertThat(receive(b).frameAsString(0)).as(how).isEqualTo("ping");
            }
            case CLIENT -> {
                send(a, "ping");
                Message request = receive(b);
                assertThat(request.frameAsString(0)).as(how).isEqualTo("ping");
                b.send(
                        Message.ofStrings("pong")
                                .withRoutingId(request.routingId().orElseThrow()),
                        expect());
                assertThat(receive(a).frameAsString(0)).as(how).isEqualTo("pong");
            }
            case PEER -> {
                connector.send(Message.ofStrings("ping").withRoutingId(binderId), expect());
                Message request = receive(binder);
                assertThat(request.frameAsString(0)).as(how).isEqualTo("ping");
                binder.send(
                        Message.ofStrings("pong")
                                .withRoutingId(request.routingId().orElseThrow()),
                        expect());
                assertThat(receive(connector).frameAsString(0)).as(how).isEqualTo("pong");
            }
            default -> throw new IllegalStateException("no exchange for " + how);
        }
    }

    /**
     * Sends {@code message} without waiting until the receiver gets one (the sender drops while the subscription,
     * join or peer identity has not reached it), then returns the first message received.
     */
    private Message probe(ZmqSocket sender, ZmqSocket receiver, Message message, String how) throws ZmqException {
        long deadline = System.nanoTime() + expect().toNanos();
        while (true) {
            sender.send(message, Duration.ZERO);
            Optional<Message> got = tryReceive(receiver, Duration.ofMillis(20));
            if (got.isPresent()) {
                return got.get();
            }
            assertThat(System.nanoTime() - deadline)
                    .as("%s: a message gets through within %s", how, expect())
                    .isNegative();
        }
    }
}
