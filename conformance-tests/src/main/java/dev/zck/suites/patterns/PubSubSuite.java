package dev.zck.suites.patterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.zck.engine.rawpeer.RawFrame;
import dev.zck.engine.rawpeer.RawGreeting;
import dev.zck.engine.rawpeer.RawPeer;
import dev.zck.engine.rawpeer.RawPeerException;
import dev.zck.engine.rawpeer.RawPeerListener;
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
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * PUBSUB (RFC 29): PUB, SUB, XPUB and XSUB, and libzmq's subscription forwarding (SUBFWD), including DISH's JOINs.
 *
 * <p>A publisher only sends to subscriptions it has received, so every test that publishes first proves that the
 * subscriptions arrived: it publishes probes until the subscriber sees one (see {@link #synchronise}), or, for XPUB,
 * reads the subscription message. Where the arrival of an unsubscription must be known, the subscriber subscribes to
 * a fresh marker topic after it: a connection delivers subscriptions in order.
 */
public abstract class PubSubSuite extends PatternsBase {
    private static final String PROBE = "zck-probe";
    private static final int FLOOD = 20_000;
    private static final int FLOOD_SIZE = 1024;

    // ================================================================== PUB

    @EachTransport
    @RuleId("PUB-SEND-ONLY")
    void pubCannotReceive(String transport) throws Exception {
        requireOptions(SocketOption.SUBSCRIBE);
        ZmqSocket pub = socket(SocketType.PUB);
        String endpoint = pub.bind(endpoint(transport));
        ZmqSocket sub = socket(SocketType.SUB);
        sub.set(SocketOption.SUBSCRIBE, new byte[0]);
        sub.connect(endpoint);
        synchronise(pub, PROBE, sub);

        expectReceiveError(pub, Duration.ZERO);
        expectReceiveError(pub, expect());
    }

    @EachTransport
    @RuleId("PUB-PREFIX-MATCH")
    void pubDeliversWhenTheSubscriptionIsAPrefix(String transport) throws Exception {
        requireOptions(SocketOption.SUBSCRIBE);
        ZmqSocket pub = socket(SocketType.PUB);
        String endpoint = pub.bind(endpoint(transport));
        ZmqSocket sub = socket(SocketType.SUB);
        sub.set(SocketOption.SUBSCRIBE, bytes("AB"));
        sub.set(SocketOption.SUBSCRIBE, bytes(0x00, 0xff));
        sub.set(SocketOption.SUBSCRIBE, bytes("END"));
        sub.set(SocketOption.SUBSCRIBE, bytes(PROBE));
        sub.connect(endpoint);
        synchronise(pub, PROBE, sub);

        for (byte[] frame : List.of(
                bytes("A"),
                bytes("AX"),
                bytes("aBC"),
                bytes("ABC"),
                bytes("AB"),
                bytes(0x00, 0xff, 0x01),
                bytes(0x00, 0xfe))) {
            pub.send(Message.of(frame), expect());
        }
        send(pub, "END");

        List<Message> delivered = receiveUntil(sub, "END");
        assertThat(delivered)
                .as("with subscriptions AB, 00 ff and END")
                .containsExactly(
                        Message.ofStrings("ABC"), Message.ofStrings("AB"), Message.of(bytes(0x00, 0xff, 0x01)));
        expectNothing(sub);
    }

    @EachTransport
    @RuleId("PUB-MATCH-FIRST-FRAME")
    void pubMatchesTheFirstFrameOnly(String transport) throws Exception {
        requireOptions(SocketOption.SUBSCRIBE);
        ZmqSocket pub = socket(SocketType.PUB);
        String endpoint = pub.bind(endpoint(transport));
        ZmqSocket sub = socket(SocketType.SUB);
        sub.set(SocketOption.SUBSCRIBE, bytes("AB"));
        sub.set(SocketOption.SUBSCRIBE, bytes(PROBE));
        sub.connect(endpoint);
        synchronise(pub, PROBE, sub);

        send(pub, "X", "AB");
        send(pub, "AB", "X", "Y");
        send(pub, PROBE + "#fin");

        List<Message> delivered = receiveUntil(sub, PROBE + "#fin");
        assertThat(delivered).containsExactly(Message.ofStrings("AB", "X", "Y"));
    }

    @EachTransport
    @RuleId("PUB-DROP-AT-HWM")
    void pubDropsForAFullSubscriberOnly(String transport) throws Exception {
        requireOptions(SocketOption.SNDHWM, SocketOption.RCVHWM, SocketOption.SUBSCRIBE);
        ZmqSocket pub = socket(SocketType.PUB);
        pub.set(SocketOption.SNDHWM, 1000);
        String endpoint = pub.bind(endpoint(transport));
        ZmqSocket fast = socket(SocketType.SUB);
        fast.set(SocketOption.SUBSCRIBE, new byte[0]);
        fast.connect(endpoint);
        ZmqSocket slow = socket(SocketType.SUB);
        slow.set(SocketOption.RCVHWM, 10);
        slow.set(SocketOption.SUBSCRIBE, new byte[0]);
        slow.connect(endpoint);
        synchronise(pub, PROBE, slow, fast);

        // The publisher never runs more than half a high-water mark ahead of the fast subscriber, so the fast one
        // has room for everything, while the slow one, which does not read, runs full at once.
        Semaphore window = new Semaphore(500);
        AtomicReference<Throwable> readerFailure = new AtomicReference<>();
        AtomicInteger fastCount = new AtomicInteger();
        Thread reader = new Thread(
                () -> {
                    try {
                        for (int i = 0; i < FLOOD; i++) {
                            Message m = fast.receive(expect());
                            assertThat(sequence(m))
                                    .as("message %d at the fast subscriber", i)
                                    .isEqualTo(i);
                            fastCount.incrementAndGet();
                            window.release();
                        }
                    } catch (Throwable t) {
                        readerFailure.set(t);
                        window.release(FLOOD);
                    }
                },
                "zck-fast-subscriber");
        reader.start();
        long slowest = 0;
        try {
            for (int i = 0; i < FLOOD && readerFailure.get() == null; i++) {
                assertThat(window.tryAcquire(expect().toNanos(), TimeUnit.NANOSECONDS))
                        .as("the fast subscriber keeps receiving (%d of %d)", fastCount.get(), FLOOD)
                        .isTrue();
                long start = System.nanoTime();
                pub.send(numbered(i, FLOOD_SIZE), expect());
                slowest = Math.max(slowest, System.nanoTime() - start);
            }
        } finally {
            reader.join(expect().toMillis() * 2);
        }
        if (readerFailure.get() != null) {
            throw new AssertionError("the fast subscriber", readerFailure.get());
        }
        assertThat(fastCount.get()).as("messages at the fast subscriber").isEqualTo(FLOOD);
        assertThat(Duration.ofNanos(slowest))
                .as("the slowest PUB send (a PUB never blocks)")
                .isLessThan(Duration.ofSeconds(1));

        List<Integer> atSlow = new ArrayList<>();
        for (Message m : drain(slow)) {
            atSlow.add(sequence(m));
        }
        assertThat(atSlow)
                .as("the stalled subscriber's messages, in order")
                .isSorted()
                .doesNotHaveDuplicates();
        assertThat(atSlow.size())
                .as("the stalled subscriber (RCVHWM 10) misses messages")
                .isLessThan(FLOOD);
    }

    @Test
    @RuleId("PUB-FILTER-AT-PUBLISHER")
    void pubFiltersAtThePublisher() throws Exception {
        requireTransport(Transport.TCP);
        ZmqSocket pub = socket(SocketType.PUB);
        String endpoint = pub.bind(endpoint("tcp"));
        List<String> seen = new ArrayList<>();
        try (RawPeer peer = RawPeer.connect(endpoint, timeouts)) {
            RawGreeting greeting = handshakeReadingGreeting(peer, "SUB");
            peer.send(subscription(greeting, bytes("A")));
            try (MessageReader reader = new MessageReader(peer)) {
                long deadline = System.nanoTime() + expect().toNanos();
                while (true) {
                    send(pub, "A0");
                    Optional<List<byte[]>> got = reader.poll(PROBE_INTERVAL);
                    if (got.isPresent()) {
                        seen.add(text(got.get().get(0)));
                        break;
                    }
                    assertThat(System.nanoTime() - deadline)
                            .as("the raw subscriber's SUBSCRIBE never took effect")
                            .isNegative();
                }
                for (String m : List.of("B1", "A1", "B2", "A2")) {
                    send(pub, m);
                }
                while (!seen.contains("A2")) {
                    List<byte[]> m = reader.poll(expect())
                            .orElseThrow(
                                    () -> new AssertionError("A1 and A2 did not reach the raw subscriber: " + seen));
                    seen.add(text(m.get(0)));
                }
            }
        }
        List<String> after = seen.stream().filter(s -> !s.equals("A0")).toList();
        requireOptionalBehaviour(
                after.stream().noneMatch(s -> s.startsWith("B")),
                "sends messages matching no subscription over TCP (no filtering at the publisher): " + after);
        assertThat(after).containsExactly("A1", "A2");
    }

    // ================================================================== XPUB

    @EachTransport
    @RuleId("XPUB-SUBSCRIPTIONS-TO-APP")
    void xpubHandsSubscriptionsToTheApplication(String transport) throws Exception {
        requireOptions(SocketOption.SUBSCRIBE, SocketOption.UNSUBSCRIBE);
        ZmqSocket xpub = socket(SocketType.XPUB);
        String endpoint = xpub.bind(endpoint(transport));
        ZmqSocket sub = socket(SocketType.SUB);
        sub.connect(endpoint);

        sub.set(SocketOption.SUBSCRIBE, bytes("A"));
        assertThat(receive(xpub)).isEqualTo(Message.of(bytes(0x01, 'A')));
        sub.set(SocketOption.UNSUBSCRIBE, bytes("A"));
        assertThat(receive(xpub)).isEqualTo(Message.of(bytes(0x00, 'A')));
        sub.set(SocketOption.SUBSCRIBE, new byte[0]);
        assertThat(receive(xpub)).isEqualTo(Message.of(bytes(0x01)));
        expectNothing(xpub);
    }

    @EachTransport
    @RuleId("XPUB-DEDUP-DEFAULT")
    void xpubReportsEachTopicOnce(String transport) throws Exception {
        requireOptions(SocketOption.SUBSCRIBE, SocketOption.UNSUBSCRIBE);
        ZmqSocket xpub = socket(SocketType.XPUB);
        String endpoint = xpub.bind(endpoint(transport));
        ZmqSocket sub0 = socket(SocketType.SUB);
        sub0.connect(endpoint);
        ZmqSocket sub1 = socket(SocketType.SUB);
        sub1.connect(endpoint);

        sub0.set(SocketOption.SUBSCRIBE, bytes("A"));
        assertThat(receive(xpub)).isEqualTo(Message.of(bytes(0x01, 'A')));

        // A second subscriber to A, then a marker: the marker must be the next thing the XPUB reports.
        sub1.set(SocketOption.SUBSCRIBE, bytes("A"));
        sub1.set(SocketOption.SUBSCRIBE, bytes("m1"));
        Message next = receive(xpub);
        requireOptionalBehaviour(
                !next.equals(Message.of(bytes(0x01, 'A'))), "reports a second subscriber's subscription to A again");
        assertThat(next).isEqualTo(Message.of(prefixed(0x01, "m1")));

        // The same subscriber subscribing again is no news either.
        sub0.set(SocketOption.SUBSCRIBE, bytes("A"));
        sub0.set(SocketOption.SUBSCRIBE, bytes("m0"));
        assertThat(receive(xpub)).isEqualTo(Message.of(prefixed(0x01, "m0")));

        // sub0 drops A completely, but sub1 still wants it: no unsubscription yet.
        sub0.set(SocketOption.UNSUBSCRIBE, bytes("A"));
        sub0.set(SocketOption.UNSUBSCRIBE, bytes("A"));
        sub0.set(SocketOption.SUBSCRIBE, bytes("m3"));
        assertThat(receive(xpub)).isEqualTo(Message.of(prefixed(0x01, "m3")));

        sub1.set(SocketOption.UNSUBSCRIBE, bytes("A"));
        assertThat(receive(xpub)).isEqualTo(Message.of(bytes(0x00, 'A')));
        expectNothing(xpub);
    }

    @EachTransport
    @RuleId("XPUB-VERBOSE")
    void xpubVerbosePassesEverySubscription(String transport) throws Exception {
        requireOptions(SocketOption.XPUB_VERBOSE, SocketOption.SUBSCRIBE);
        ZmqSocket xpub = socket(SocketType.XPUB);
        xpub.set(SocketOption.XPUB_VERBOSE, true);
        String endpoint = xpub.bind(endpoint(transport));
        ZmqSocket sub0 = socket(SocketType.SUB);
        sub0.connect(endpoint);
        ZmqSocket sub1 = socket(SocketType.SUB);
        sub1.connect(endpoint);

        Message subscribeA = Message.of(bytes(0x01, 'A'));
        sub0.set(SocketOption.SUBSCRIBE, bytes("A"));
        assertThat(receive(xpub)).isEqualTo(subscribeA);
        sub1.set(SocketOption.SUBSCRIBE, bytes("A"));
        assertThat(receive(xpub)).as("a second subscriber's subscription").isEqualTo(subscribeA);
        sub0.set(SocketOption.SUBSCRIBE, bytes("A"));
        assertThat(receive(xpub)).as("a repeated subscription").isEqualTo(subscribeA);
        expectNothing(xpub);
    }

    @EachTransport
    @RuleId("XPUB-UNSUB-ON-DISCONNECT")
    void xpubReportsUnsubscriptionsOfAClosedSubscriber(String transport) throws Exception {
        requireOptions(SocketOption.SUBSCRIBE);
        ZmqSocket xpub = socket(SocketType.XPUB);
        String endpoint = xpub.bind(endpoint(transport));
        ZmqSocket sub = socket(SocketType.SUB);
        sub.set(SocketOption.SUBSCRIBE, bytes("A"));
        sub.set(SocketOption.SUBSCRIBE, bytes("B"));
        sub.connect(endpoint);
        assertThat(List.of(receive(xpub), receive(xpub)))
                .containsExactlyInAnyOrder(Message.of(bytes(0x01, 'A')), Message.of(bytes(0x01, 'B')));

        close(sub);
        assertThat(List.of(receive(xpub), receive(xpub)))
                .as("unsubscriptions for the closed subscriber's topics")
                .containsExactlyInAnyOrder(Message.of(bytes(0x00, 'A')), Message.of(bytes(0x00, 'B')));
        expectNothing(xpub);
    }

    @EachTransport
    @RuleId("XPUB-UPSTREAM-DATA-TO-APP")
    void xpubDeliversUpstreamMessages(String transport) throws Exception {
        ZmqSocket xpub = socket(SocketType.XPUB);
        String endpoint = xpub.bind(endpoint(transport));
        ZmqSocket xsub = socket(SocketType.XSUB);
        xsub.connect(endpoint);

        xsub.send(Message.of(bytes(0x01, 'A')), expect());
        send(xsub, "hello");
        assertThat(receive(xpub)).isEqualTo(Message.of(bytes(0x01, 'A')));
        assertThat(receive(xpub)).isEqualTo(Message.ofStrings("hello"));
        expectNothing(xpub);
    }

    @Test
    @RuleId("XPUB-NODROP")
    void xpubNodropWouldBlockInsteadOfDropping() throws Exception {
        requireTransport(Transport.INPROC);
        requireOptions(SocketOption.XPUB_NODROP, SocketOption.SNDHWM, SocketOption.SUBSCRIBE);
        ZmqSocket xpub = socket(SocketType.XPUB);
        xpub.set(SocketOption.SNDHWM, 10);
        xpub.set(SocketOption.XPUB_NODROP, true);
        String endpoint = xpub.bind(endpoint("inproc"));
        ZmqSocket sub = socket(SocketType.SUB);
        sub.set(SocketOption.SUBSCRIBE, new byte[0]);
        sub.connect(endpoint);
        assertThat(receive(xpub)).isEqualTo(Message.of(bytes(0x01)));

        expectNoDropAtHwm(xpub, sub);
    }

    @Test
    @RuleId("XPUB-NODROP")
    void pubNodropWouldBlockInsteadOfDropping() throws Exception {
        requireTransport(Transport.INPROC);
        requireOptions(SocketOption.XPUB_NODROP, SocketOption.SNDHWM, SocketOption.SUBSCRIBE);
        ZmqSocket pub = socket(SocketType.PUB);
        pub.set(SocketOption.SNDHWM, 10);
        pub.set(SocketOption.XPUB_NODROP, true);
        String endpoint = pub.bind(endpoint("inproc"));
        ZmqSocket sub = socket(SocketType.SUB);
        sub.set(SocketOption.SUBSCRIBE, new byte[0]);
        sub.connect(endpoint);
        synchronise(pub, PROBE, sub);

        expectNoDropAtHwm(pub, sub);
    }

    private void expectNoDropAtHwm(ZmqSocket publisher, ZmqSocket sub) throws ZmqException {
        int accepted = sendUntilWouldBlock(publisher, 1_000_000, i -> numbered(i, FLOOD_SIZE));
        assertThat(accepted).as("sends accepted before WOULD_BLOCK").isGreaterThanOrEqualTo(10);
        expectSendError(publisher, numbered(accepted, FLOOD_SIZE), ErrorKind.WOULD_BLOCK);
        List<Message> got = drain(sub);
        assertThat(got).as("every accepted message, and only those").hasSize(accepted);
        for (int i = 0; i < accepted; i++) {
            assertThat(sequence(got.get(i))).isEqualTo(i);
        }
    }

    // ================================================================== SUB

    @EachTransport
    @RuleId("SUB-NOTHING-BEFORE-SUBSCRIBE")
    void subReceivesNothingBeforeSubscribing(String transport) throws Exception {
        requireOptions(SocketOption.SUBSCRIBE);
        ZmqSocket pub = socket(SocketType.PUB);
        String endpoint = pub.bind(endpoint(transport));
        ZmqSocket sub = socket(SocketType.SUB);
        sub.connect(endpoint);
        awaitHandshakes(pub, 1);

        long end = System.nanoTime() + silence().toNanos();
        while (System.nanoTime() < end) {
            send(pub, "x");
            assertThat(tryReceive(sub, PROBE_INTERVAL))
                    .as("a SUB without subscriptions")
                    .isEmpty();
        }

        sub.set(SocketOption.SUBSCRIBE, new byte[0]);
        long deadline = System.nanoTime() + expect().toNanos();
        while (true) {
            send(pub, "x");
            Optional<Message> got = tryReceive(sub, PROBE_INTERVAL);
            if (got.isPresent()) {
                assertThat(got.get()).isEqualTo(Message.ofStrings("x"));
                return;
            }
            assertThat(System.nanoTime() - deadline)
                    .as("the SUB receives after subscribing")
                    .isNegative();
        }
    }

    @EachTransport
    @RuleId("SUB-EMPTY-SUBSCRIPTION-ALL")
    void emptySubscriptionMatchesEverything(String transport) throws Exception {
        requireOptions(SocketOption.SUBSCRIBE);
        ZmqSocket pub = socket(SocketType.PUB);
        String endpoint = pub.bind(endpoint(transport));
        ZmqSocket sub = socket(SocketType.SUB);
        sub.set(SocketOption.SUBSCRIBE, new byte[0]);
        sub.connect(endpoint);
        synchronise(pub, PROBE, sub);

        List<Message> sent = List.of(
                Message.of(new byte[0]),
                Message.of(bytes(0x00)),
                Message.of(bytes(0xff, 0x01)),
                Message.ofStrings("text"));
        for (Message m : sent) {
            pub.send(m, expect());
        }
        send(pub, PROBE + "#fin");
        assertThat(receiveUntil(sub, PROBE + "#fin")).containsExactlyElementsOf(sent);
    }

    @EachTransport
    @RuleId("SUB-COUNTED-SUBSCRIPTIONS")
    void subscriptionsAreCounted(String transport) throws Exception {
        requireOptions(SocketOption.SUBSCRIBE, SocketOption.UNSUBSCRIBE);
        ZmqSocket pub = socket(SocketType.PUB);
        String endpoint = pub.bind(endpoint(transport));
        ZmqSocket sub = socket(SocketType.SUB);
        sub.set(SocketOption.SUBSCRIBE, bytes("A"));
        sub.set(SocketOption.SUBSCRIBE, bytes("A"));
        sub.set(SocketOption.SUBSCRIBE, bytes("P1"));
        sub.connect(endpoint);
        synchronise(pub, "P1", sub);

        sub.set(SocketOption.UNSUBSCRIBE, bytes("A"));
        sub.set(SocketOption.SUBSCRIBE, bytes("P2"));
        synchronise(pub, "P2", sub);
        send(pub, "A1");
        send(pub, "P2#fin");
        assertThat(receiveUntil(sub, "P2#fin"))
                .as("after one of two unsubscriptions")
                .containsExactly(Message.ofStrings("A1"));

        sub.set(SocketOption.UNSUBSCRIBE, bytes("A"));
        sub.set(SocketOption.SUBSCRIBE, bytes("P3"));
        synchronise(pub, "P3", sub);
        for (int i = 0; i < 3; i++) {
            send(pub, "A2");
        }
        send(pub, "P3#fin");
        assertThat(receiveUntil(sub, "P3#fin"))
                .as("after the second unsubscription")
                .isEmpty();
        expectNothing(sub);
    }

    @Test
    @RuleId("SUB-DISCARD-WHEN-FULL")
    void subDiscardsWhenItsQueueIsFull() throws Exception {
        requireTransport(Transport.TCP);
        requireOptions(SocketOption.RCVHWM, SocketOption.SUBSCRIBE);
        try (RawPeerListener listener = RawPeerListener.listen(timeouts)) {
            ZmqSocket sub = socket(SocketType.SUB);
            sub.set(SocketOption.RCVHWM, 10);
            sub.set(SocketOption.SUBSCRIBE, new byte[0]);
            sub.connect(listener.endpoint());
            RawPeer peer = handshake(listener.accept(), "PUB");
            assertThat(readSubscription(peer)).isEqualTo(bytes(0x01));

            int batch = 500;
            for (int first = 0; first < FLOOD; first += batch) {
                byte[][] frames = new byte[batch][];
                for (int i = 0; i < batch; i++) {
                    frames[i] = ZmtpBytes.frame(
                            false, numbered(first + i, FLOOD_SIZE).frame(0));
                }
                try {
                    peer.send(ZmtpBytes.concat(frames));
                } catch (RawPeerException e) {
                    throw new AssertionError(
                            "the publisher's writes stalled after " + first + " messages: the SUB pushed back instead"
                                    + " of discarding (libzmq's documented deviation)",
                            e);
                }
            }
            List<Integer> got = new ArrayList<>();
            for (Message m : drain(sub)) {
                got.add(sequence(m));
            }
            assertThat(got).as("what the SUB kept, in order").isSorted().doesNotHaveDuplicates();
            assertThat(got.size()).as("messages kept by a SUB with RCVHWM 10").isLessThan(FLOOD);

            peer.send(ZmtpBytes.message(bytes("last")));
            assertThat(receive(sub)).as("the connection still works").isEqualTo(Message.ofStrings("last"));
        }
    }

    @Test
    @RuleId("SUB-LOCAL-PREFIX-FILTER")
    void subFiltersLocally() throws Exception {
        requireTransport(Transport.TCP);
        requireOptions(SocketOption.SUBSCRIBE);
        try (RawPeerListener listener = RawPeerListener.listen(timeouts)) {
            ZmqSocket sub = socket(SocketType.SUB);
            sub.set(SocketOption.SUBSCRIBE, bytes("A"));
            sub.connect(listener.endpoint());
            RawPeer peer = handshake(listener.accept(), "PUB");
            assertThat(readSubscription(peer)).isEqualTo(bytes(0x01, 'A'));

            peer.send(ZmtpBytes.concat(ZmtpBytes.message(bytes("B1")), ZmtpBytes.message(bytes("A1"))));
            Message first = receive(sub);
            requireOptionalBehaviour(
                    !first.equals(Message.ofStrings("B1")), "delivers messages matching no subscription");
            assertThat(first).isEqualTo(Message.ofStrings("A1"));
            expectNothing(sub);
        }
    }

    // ================================================================== XSUB

    @EachTransport
    @RuleId("XSUB-SEND-SUBSCRIPTION")
    void xsubSubscribesWithMessages(String transport) throws Exception {
        ZmqSocket pub = socket(SocketType.PUB);
        String endpoint = pub.bind(endpoint(transport));
        ZmqSocket xsub = socket(SocketType.XSUB);
        xsub.connect(endpoint);

        xsub.send(Message.of(prefixed(0x01, "A")), expect());
        synchronise(pub, "A", xsub);

        xsub.send(Message.of(prefixed(0x00, "A")), expect());
        xsub.send(Message.of(prefixed(0x01, "P")), expect());
        synchronise(pub, "P", xsub);
        for (int i = 0; i < 3; i++) {
            send(pub, "A2");
        }
        send(pub, "P#fin");
        assertThat(receiveUntil(xsub, "P#fin")).as("after the XSUB cancelled A").isEmpty();
        expectNothing(xsub);
    }

    @EachTransport
    @RuleId("XSUB-DATA-TO-ALL-PUBLISHERS")
    void xsubSendsDataToEveryPublisher(String transport) throws Exception {
        ZmqSocket xpub1 = socket(SocketType.XPUB);
        String endpoint1 = xpub1.bind(endpoint(transport));
        ZmqSocket xpub2 = socket(SocketType.XPUB);
        String endpoint2 = xpub2.bind(endpoint(transport));
        ZmqSocket xsub = socket(SocketType.XSUB);
        xsub.connect(endpoint1);
        xsub.connect(endpoint2);
        awaitHandshakes(xsub, 2);

        send(xsub, "hello");
        assertThat(receive(xpub1)).isEqualTo(Message.ofStrings("hello"));
        assertThat(receive(xpub2)).isEqualTo(Message.ofStrings("hello"));
        expectNothing(xpub1);
        expectNothing(xpub2);
    }

    @Test
    @RuleId("XSUB-UNSUB-ON-CLOSE")
    void xsubCancelsItsSubscriptionsWhenClosing() throws Exception {
        requireTransport(Transport.TCP);
        requireOptions(SocketOption.LINGER);
        try (RawPeerListener listener = RawPeerListener.listen(timeouts)) {
            ZmqSocket xsub = socket(SocketType.XSUB);
            xsub.set(SocketOption.LINGER, 1000);
            xsub.connect(listener.endpoint());
            RawPeer peer = handshake(listener.accept(), "PUB");
            xsub.send(Message.of(prefixed(0x01, "A")), expect());
            xsub.send(Message.of(prefixed(0x01, "B")), expect());
            assertThat(readSubscription(peer)).isEqualTo(prefixed(0x01, "A"));
            assertThat(readSubscription(peer)).isEqualTo(prefixed(0x01, "B"));

            close(xsub);
            byte[] beforeClose = peer.expectClose();
            Set<String> cancelled = new HashSet<>();
            for (RawFrame frame : parseFrames(beforeClose)) {
                if (frame.isCommand() && frame.commandName().equals("CANCEL")) {
                    cancelled.add(text(frame.commandData()));
                } else if (!frame.isCommand() && frame.size() > 0 && frame.body()[0] == 0) {
                    cancelled.add(text(Arrays.copyOfRange(frame.body(), 1, frame.size())));
                }
            }
            assertThat(cancelled)
                    .as("topics cancelled before the connection closed (%s)", ZmtpBytes.toHex(beforeClose))
                    .containsExactlyInAnyOrder("A", "B");
        }
    }

    // ================================================================== SUBFWD

    @Test
    @RuleId("SUBFWD-RESEND-ON-RECONNECT")
    void subResendsItsSubscriptionsOnReconnection() throws Exception {
        requireOptions(SocketOption.SUBSCRIBE);
        expectSubscriptionAfterEachConnection(SocketType.SUB);
    }

    @Test
    @RuleId("SUBFWD-RESEND-ON-RECONNECT")
    void xsubResendsItsSubscriptionsOnReconnection() throws Exception {
        expectSubscriptionAfterEachConnection(SocketType.XSUB);
    }

    private void expectSubscriptionAfterEachConnection(SocketType type) throws Exception {
        requireTransport(Transport.TCP);
        try (RawPeerListener listener = RawPeerListener.listen(timeouts)) {
            ZmqSocket sub = socket(type);
            if (type == SocketType.SUB) {
                sub.set(SocketOption.SUBSCRIBE, bytes("A"));
            } else {
                sub.send(Message.of(prefixed(0x01, "A")), expect());
            }
            sub.connect(listener.endpoint());
            RawPeer first = handshake(listener.accept(), "PUB");
            assertThat(readSubscription(first)).as("on the first connection").isEqualTo(prefixed(0x01, "A"));
            first.close();

            RawPeer second = handshake(listener.accept(), "PUB");
            assertThat(readSubscription(second)).as("on the new connection").isEqualTo(prefixed(0x01, "A"));
            second.send(ZmtpBytes.message(bytes("A-again")));
            assertThat(receive(sub)).isEqualTo(Message.ofStrings("A-again"));
        }
    }

    @Test
    @RuleId("SUBFWD-RESEND-ON-RECONNECT")
    void subReceivesAgainFromARestartedPublisher() throws Exception {
        requireTransport(Transport.TCP);
        requireOptions(SocketOption.SUBSCRIBE);
        String endpoint = unusedTcpEndpoint();
        ZmqSocket pub = socket(SocketType.PUB);
        pub.bind(endpoint);
        ZmqSocket sub = socket(SocketType.SUB);
        sub.set(SocketOption.SUBSCRIBE, bytes("A"));
        sub.connect(endpoint);
        synchronise(pub, "A", sub);

        close(pub);
        ZmqSocket restarted = socket(SocketType.PUB);
        bindOnceFree(restarted, endpoint);
        synchronise(restarted, "A", sub);
    }

    @Test
    @RuleId("SUBFWD-DISH-REJOIN")
    void dishRejoinsItsGroupsOnReconnection() throws Exception {
        requireTransport(Transport.TCP);
        requireOptions(SocketOption.JOIN);
        try (RawPeerListener listener = RawPeerListener.listen(timeouts)) {
            ZmqSocket dish = socket(SocketType.DISH);
            dish.set(SocketOption.JOIN, "g");
            dish.connect(listener.endpoint());
            RawPeer first = handshake(listener.accept(), "RADIO");
            assertThat(text(first.expectCommand("JOIN").commandData())).isEqualTo("g");
            first.close();

            RawPeer second = handshake(listener.accept(), "RADIO");
            assertThat(text(second.expectCommand("JOIN").commandData())).isEqualTo("g");
            second.send(ZmtpBytes.message(bytes("g"), bytes("body")));
            assertThat(receive(dish)).isEqualTo(Message.ofStrings("body").withGroup("g"));
        }
    }

    @EachTransport
    @RuleId("SUBFWD-PROXY")
    void subscriptionsPassThroughAProxy(String transport) throws Exception {
        requireOptions(SocketOption.SUBSCRIBE);
        ZmqSocket xpub = socket(SocketType.XPUB);
        String front = xpub.bind(endpoint(transport));
        ZmqSocket xsub = socket(SocketType.XSUB);
        String back = xsub.bind(endpoint(transport));
        ZmqSocket pub = socket(SocketType.PUB);
        pub.connect(back);
        ZmqSocket sub = socket(SocketType.SUB);
        sub.connect(front);
        sub.set(SocketOption.SUBSCRIBE, new byte[0]);

        Message subscription = receive(xpub);
        assertThat(subscription).isEqualTo(Message.of(bytes(0x01)));
        xsub.send(subscription, expect());

        long deadline = System.nanoTime() + expect().toNanos();
        for (int n = 0; ; n++) {
            send(pub, "x#" + n);
            Optional<Message> upstream = tryReceive(xsub, PROBE_INTERVAL);
            if (upstream.isPresent()) {
                xpub.send(upstream.get(), expect());
            }
            Optional<Message> delivered = tryReceive(sub, PROBE_INTERVAL);
            if (delivered.isPresent()) {
                assertThat(delivered.get().frameAsString(0)).startsWith("x#");
                return;
            }
            assertThat(System.nanoTime() - deadline)
                    .as("data through the proxy after its subscription")
                    .isNegative();
        }
    }

    @EachTransport
    @RuleId("SUBFWD-UNSUB-ON-CLOSE")
    void xpubReportsUnsubscribeWhenTheLastSubscriberLeaves(String transport) throws Exception {
        requireOptions(SocketOption.SUBSCRIBE);
        ZmqSocket xpub = socket(SocketType.XPUB);
        String endpoint = xpub.bind(endpoint(transport));
        ZmqSocket sub1 = socket(SocketType.SUB);
        sub1.set(SocketOption.SUBSCRIBE, bytes("A"));
        sub1.set(SocketOption.SUBSCRIBE, bytes("m1"));
        sub1.connect(endpoint);
        ZmqSocket sub2 = socket(SocketType.SUB);
        sub2.set(SocketOption.SUBSCRIBE, bytes("A"));
        sub2.set(SocketOption.SUBSCRIBE, bytes("m2"));
        sub2.connect(endpoint);
        assertThat(List.of(receive(xpub), receive(xpub), receive(xpub)))
                .as("one subscription to A, and the markers")
                .containsExactlyInAnyOrder(
                        Message.of(bytes(0x01, 'A')),
                        Message.of(prefixed(0x01, "m1")),
                        Message.of(prefixed(0x01, "m2")));

        close(sub1);
        assertThat(receive(xpub)).as("only sub1's marker is gone").isEqualTo(Message.of(prefixed(0x00, "m1")));
        expectNothing(xpub);

        close(sub2);
        assertThat(List.of(receive(xpub), receive(xpub)))
                .containsExactlyInAnyOrder(Message.of(bytes(0x00, 'A')), Message.of(prefixed(0x00, "m2")));
        expectNothing(xpub);
    }

    // ================================================================== helpers

    private void expectReceiveError(ZmqSocket socket, Duration timeout) {
        long start = System.nanoTime();
        try {
            Message m = socket.receive(timeout);
            fail("%s received %s", socket.type(), m);
        } catch (ZmqException e) {
            assertThat(e.kind())
                    .as("receive on %s: %s", socket.type(), e.getMessage())
                    .isEqualTo(ErrorKind.UNSUPPORTED);
        }
        if (!timeout.isZero()) {
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("a receive on %s fails at once, not at its timeout", socket.type())
                    .isLessThan(timeout);
        }
    }

    /** Splits octets into ZMTP 3.x frames (whole frames only). */
    private static List<RawFrame> parseFrames(byte[] octets) {
        List<RawFrame> frames = new ArrayList<>();
        ByteBuffer in = ByteBuffer.wrap(octets);
        while (in.remaining() >= 2) {
            int flags = in.get() & 0xff;
            long size = (flags & RawFrame.LONG) != 0
                    ? (in.remaining() >= 8 ? in.getLong() : Long.MAX_VALUE)
                    : in.get() & 0xff;
            if (size > in.remaining()) {
                break;
            }
            byte[] body = new byte[(int) size];
            in.get(body);
            frames.add(new RawFrame(flags, body));
        }
        return frames;
    }
}
