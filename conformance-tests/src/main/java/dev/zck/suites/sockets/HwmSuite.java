package dev.zck.suites.sockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.zck.rules.RuleId;
import dev.zck.spi.ErrorKind;
import dev.zck.spi.Message;
import dev.zck.spi.SocketOption;
import dev.zck.spi.SocketType;
import dev.zck.spi.Transport;
import dev.zck.spi.ZmqException;
import dev.zck.spi.ZmqSocket;
import dev.zck.suites.SuiteBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.IntFunction;
import java.util.function.ToIntFunction;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * High-water marks, as libzmq has them (no RFC fixes the numbers): what each socket type does when its peers' queues
 * are full (drop or block), the 1000-message defaults, counting whole messages, and the inproc pipe that holds the
 * sender's SNDHWM plus the receiver's RCVHWM. Counts are exact where the catalog says STRICT (inproc, where no kernel
 * buffer hides anything); over TCP the suite only requires that blocking eventually happens and that nothing
 * accepted is lost.
 *
 * <p>Sends that must not wait use a zero timeout (libzmq ZMQ_DONTWAIT); numbered messages start at 1.
 */
public abstract class HwmSuite extends SuiteBase {
    /** The HWM used by the mute-state tests on both sides, as in the catalog. */
    private static final int H = 5;
    /** Sends a test makes at most when the queue is expected never to fill. */
    private static final int UNLIMITED_CAP = 10_000;
    /** Over TCP, how many 1 KB messages the kernel buffers may swallow before the sender must block. */
    private static final int TCP_CAP = 200_000;

    // ------------------------------------------------------------------ dropping types

    @Test
    @RuleId("HWM-MUTE-PUB-DROPS")
    void pubDropsForTheFullSubscriberOnly() throws Exception {
        requireTransports(Transport.INPROC);
        requireOptions(SocketOption.SNDHWM, SocketOption.RCVHWM, SocketOption.SUBSCRIBE);
        ZmqSocket pub = socket(SocketType.PUB);
        pub.set(SocketOption.SNDHWM, H);
        String endpoint = pub.bind(endpoint("inproc"));
        ZmqSocket stalled = subscriber(SocketType.SUB, endpoint);
        ZmqSocket reading = subscriber(SocketType.SUB, endpoint);
        awaitDelivery(pub, List.of(stalled, reading), Message.ofStrings("probe"));

        for (int i = 1; i <= 100; i++) {
            sendWithoutWaiting(pub, numbered(i), "PUB never blocks at the HWM");
            assertThat(number(receive(reading)))
                    .as("the subscriber that reads gets every message")
                    .isEqualTo(i);
        }
        expectLeadingRun(drain(stalled, HwmSuite::number), 2 * H, "the stalled subscriber");
    }

    @Test
    @RuleId("HWM-MUTE-XPUB-DROPS")
    void xpubDropsForAFullSubscriber() throws Exception {
        requireTransports(Transport.INPROC);
        requireOptions(SocketOption.SNDHWM, SocketOption.RCVHWM, SocketOption.SUBSCRIBE);
        ZmqSocket xpub = socket(SocketType.XPUB);
        xpub.set(SocketOption.SNDHWM, H);
        String endpoint = xpub.bind(endpoint("inproc"));
        ZmqSocket stalled = subscriber(SocketType.SUB, endpoint);
        assertThat(receive(xpub).frame(0))
                .as("XPUB reports the subscription to everything")
                .containsExactly(1);

        for (int i = 1; i <= 100; i++) {
            sendWithoutWaiting(xpub, numbered(i), "XPUB without XPUB_NODROP never blocks at the HWM");
        }
        expectLeadingRun(drain(stalled, HwmSuite::number), 2 * H, "the stalled subscriber");
    }

    @Test
    @RuleId("HWM-MUTE-XSUB-DROPS")
    void xsubDropsUpstreamMessagesForAFullPublisher() throws Exception {
        requireTransports(Transport.INPROC);
        requireOptions(SocketOption.SNDHWM, SocketOption.RCVHWM);
        ZmqSocket xpub = socket(SocketType.XPUB);
        xpub.set(SocketOption.RCVHWM, H);
        String endpoint = xpub.bind(endpoint("inproc"));
        ZmqSocket xsub = socket(SocketType.XSUB);
        xsub.set(SocketOption.SNDHWM, H);
        xsub.connect(endpoint);
        send(xsub, "\u0001x");
        assertThat(receive(xpub).frameAsString(0))
                .as("the subscription shows the link is up")
                .isEqualTo("\u0001x");

        for (int i = 1; i <= 100; i++) {
            sendWithoutWaiting(xsub, upstream(i), "XSUB never blocks on upstream messages");
        }
        expectLeadingRun(drain(xpub, HwmSuite::upstreamNumber), 2 * H, "the XPUB that was not serviced");
    }

    @Test
    @RuleId("HWM-MUTE-ROUTER-DROPS")
    void routerDropsForAFullPeerUnlessMandatory() throws Exception {
        requireTransports(Transport.INPROC);
        requireOptions(
                SocketOption.SNDHWM, SocketOption.RCVHWM, SocketOption.ROUTING_ID, SocketOption.ROUTER_MANDATORY);
        for (boolean mandatory : new boolean[] {false, true}) {
            ZmqSocket router = socket(SocketType.ROUTER);
            router.set(SocketOption.SNDHWM, H);
            router.set(SocketOption.ROUTER_MANDATORY, mandatory);
            String endpoint = router.bind(endpoint("inproc"));
            ZmqSocket dealer = socket(SocketType.DEALER);
            dealer.set(SocketOption.RCVHWM, H);
            dealer.set(SocketOption.ROUTING_ID, "D".getBytes());
            dealer.connect(endpoint);
            send(dealer, "hello");
            assertThat(receive(router).frameAsString(0)).isEqualTo("D");
            IntFunction<Message> toD = i -> Message.ofStrings("D", Integer.toString(i));
            if (!mandatory) {
                for (int i = 1; i <= 50; i++) {
                    sendWithoutWaiting(router, toD.apply(i), "ROUTER drops for a full peer");
                }
                expectLeadingRun(drain(dealer, HwmSuite::number), 2 * H, "the DEALER that did not read");
            } else {
                int accepted = sendUntilWouldBlock(router, 50, toD);
                assertThat(accepted)
                        .as("with ROUTER_MANDATORY a full peer gives EAGAIN, after at most SNDHWM+RCVHWM sends")
                        .isBetween(1, 2 * H);
                expectNumbered(dealer, accepted, HwmSuite::number);
            }
        }
    }

    @Test
    @RuleId("HWM-MUTE-RADIO-DROPS")
    void radioDropsForAFullDish() throws Exception {
        requireTransports(Transport.INPROC);
        requireOptions(SocketOption.SNDHWM, SocketOption.RCVHWM, SocketOption.JOIN);
        ZmqSocket radio = socket(SocketType.RADIO);
        radio.set(SocketOption.SNDHWM, H);
        String endpoint = radio.bind(endpoint("inproc"));
        ZmqSocket dish = socket(SocketType.DISH);
        dish.set(SocketOption.RCVHWM, H);
        dish.set(SocketOption.JOIN, "g");
        dish.connect(endpoint);
        awaitDelivery(radio, List.of(dish), Message.ofStrings("probe").withGroup("g"));

        for (int i = 1; i <= 100; i++) {
            sendWithoutWaiting(radio, numbered(i).withGroup("g"), "RADIO never blocks at the HWM");
        }
        expectLeadingRun(drain(dish, HwmSuite::number), 2 * H, "the DISH that did not read");
    }

    // ------------------------------------------------------------------ blocking types, inproc

    @Test
    @RuleId("HWM-MUTE-PUSH-BLOCKS")
    void pushBlocksOnlyWhenEveryPeerIsFull() throws Exception {
        requireTransports(Transport.INPROC);
        requireOptions(SocketOption.SNDHWM, SocketOption.RCVHWM);
        ZmqSocket push = socket(SocketType.PUSH);
        push.set(SocketOption.SNDHWM, H);
        String endpoint = push.bind(endpoint("inproc"));
        ZmqSocket stalled = socket(SocketType.PULL);
        stalled.set(SocketOption.RCVHWM, H);
        stalled.connect(endpoint);

        int accepted = sendUntilWouldBlock(push, 1000, HwmSuite::numbered);
        assertThat(accepted)
                .as("DONTWAIT sends to one stalled PULL succeed until its queue is full (inproc: at most 2 x HWM)")
                .isBetween(1, 2 * H);
        expectNumbered(stalled, accepted, HwmSuite::number);

        // A second PULL that reads: PUSH skips the full one and never stays blocked.
        ZmqSocket reading = socket(SocketType.PULL);
        reading.set(SocketOption.RCVHWM, H);
        reading.connect(endpoint);
        int toReader = 0;
        for (int i = 1; i <= 1000; i++) {
            // A bounded wait rather than DONTWAIT: libzmq learns of the reader's progress lazily (activate_write).
            try {
                push.send(numbered(i), expect());
            } catch (ZmqException e) {
                fail("PUSH blocked at message " + i + " although one PULL keeps reading: " + e.getMessage(), e);
            }
            for (Optional<Message> m = tryReceive(reading, Duration.ZERO);
                    m.isPresent();
                    m = tryReceive(reading, Duration.ZERO)) {
                toReader++;
            }
        }
        int toStalled = drain(stalled, HwmSuite::number).size();
        toReader += drain(reading, HwmSuite::number).size();
        assertThat(toStalled).as("the stalled PULL holds at most 2 x HWM").isLessThanOrEqualTo(2 * H);
        assertThat(toReader + toStalled).as("no message is lost").isEqualTo(1000);
    }

    @Test
    @RuleId("HWM-MUTE-DEALER-BLOCKS")
    void dealerBlocksWhenItsPeerIsFull() throws Exception {
        requireTransports(Transport.INPROC);
        requireOptions(SocketOption.SNDHWM, SocketOption.RCVHWM);
        ZmqSocket router = socket(SocketType.ROUTER);
        router.set(SocketOption.RCVHWM, H);
        String endpoint = router.bind(endpoint("inproc"));
        ZmqSocket dealer = socket(SocketType.DEALER);
        dealer.set(SocketOption.SNDHWM, H);
        dealer.connect(endpoint);

        int accepted = sendUntilWouldBlock(dealer, 1000, HwmSuite::numbered);
        assertThat(accepted)
                .as("DONTWAIT sends to a ROUTER that does not read succeed until its queue is full (at most 2 x HWM)")
                .isBetween(1, 2 * H);
        expectNumbered(router, accepted, m -> Integer.parseInt(m.frameAsString(m.size() - 1)));
    }

    @Test
    @RuleId("HWM-MUTE-PAIR-BLOCKS")
    void pairBlocksAtTwiceTheHwm() throws Exception {
        blockingPairTakesExactlyTwiceTheHwm(SocketType.PAIR, SocketType.PAIR);
    }

    @Test
    @RuleId("HWM-MUTE-CHANNEL-BLOCKS")
    void channelBlocksAtTwiceTheHwm() throws Exception {
        blockingPairTakesExactlyTwiceTheHwm(SocketType.CHANNEL, SocketType.CHANNEL);
    }

    @Test
    @RuleId("HWM-MUTE-SCATTER-BLOCKS")
    void scatterBlocksAtTwiceTheHwm() throws Exception {
        blockingPairTakesExactlyTwiceTheHwm(SocketType.SCATTER, SocketType.GATHER);
    }

    @Test
    @RuleId("HWM-MUTE-CLIENT-BLOCKS")
    void clientBlocksAtTwiceTheHwm() throws Exception {
        blockingPairTakesExactlyTwiceTheHwm(SocketType.CLIENT, SocketType.SERVER);
    }

    /** inproc {@code sender} SNDHWM=5 to {@code receiver} RCVHWM=5 (both set on both): exactly 10, then EAGAIN. */
    private void blockingPairTakesExactlyTwiceTheHwm(SocketType senderType, SocketType receiverType) throws Exception {
        requireTransports(Transport.INPROC);
        requireOptions(SocketOption.SNDHWM, SocketOption.RCVHWM);
        ZmqSocket receiver = socket(receiverType);
        receiver.set(SocketOption.SNDHWM, H);
        receiver.set(SocketOption.RCVHWM, H);
        String endpoint = receiver.bind(endpoint("inproc"));
        ZmqSocket sender = socket(senderType);
        sender.set(SocketOption.SNDHWM, H);
        sender.set(SocketOption.RCVHWM, H);
        sender.connect(endpoint);

        int accepted = sendUntilWouldBlock(sender, 1000, HwmSuite::numbered);
        assertThat(accepted)
                .as(
                        "%s to a %s that does not read over inproc: SNDHWM + RCVHWM messages, then EAGAIN",
                        senderType, receiverType)
                .isEqualTo(2 * H);
        expectNumbered(receiver, accepted, HwmSuite::number);
    }

    @Test
    @RuleId("HWM-MUTE-SERVER-EAGAIN")
    void serverGivesEagainForAFullClient() throws Exception {
        requireTransports(Transport.INPROC);
        requireOptions(SocketOption.SNDHWM, SocketOption.RCVHWM);
        ZmqSocket server = socket(SocketType.SERVER);
        server.set(SocketOption.SNDHWM, H);
        String endpoint = server.bind(endpoint("inproc"));
        ZmqSocket client = socket(SocketType.CLIENT);
        client.set(SocketOption.RCVHWM, H);
        client.connect(endpoint);
        send(client, "hello");
        int clientId = routingIdOf(receive(server));

        int accepted = sendUntilWouldBlock(server, 1000, i -> numbered(i).withRoutingId(clientId));
        assertThat(accepted)
                .as("SERVER to a CLIENT that does not read over inproc: SNDHWM + RCVHWM messages, then EAGAIN")
                .isEqualTo(2 * H);
        expectNumbered(client, accepted, HwmSuite::number);
    }

    @Test
    @RuleId("HWM-MUTE-PEER-EAGAIN")
    void peerGivesEagainForAFullPeer() throws Exception {
        requireTransports(Transport.INPROC);
        requireOptions(SocketOption.SNDHWM, SocketOption.RCVHWM);
        ZmqSocket b = socket(SocketType.PEER);
        b.set(SocketOption.RCVHWM, H);
        String endpoint = b.bind(endpoint("inproc"));
        ZmqSocket a = socket(SocketType.PEER);
        a.set(SocketOption.SNDHWM, H);
        int bId = connectPeer(a, endpoint);

        int accepted = sendUntilWouldBlock(a, 1000, i -> numbered(i).withRoutingId(bId));
        assertThat(accepted)
                .as("PEER to a PEER that does not read over inproc: SNDHWM + RCVHWM messages, then EAGAIN")
                .isEqualTo(2 * H);
        expectNumbered(b, accepted, HwmSuite::number);
    }

    // ------------------------------------------------------------------ blocking types, tcp

    @Test
    @RuleId("HWM-MUTE-PULL-BLOCKS")
    void fullPullPushesBackOverTcp() throws Exception {
        pushedBackOverTcp(SocketType.PUSH, SocketType.PULL);
    }

    @Test
    @RuleId("HWM-MUTE-GATHER-BLOCKS")
    void fullGatherPushesBackOverTcp() throws Exception {
        pushedBackOverTcp(SocketType.SCATTER, SocketType.GATHER);
    }

    private void pushedBackOverTcp(SocketType senderType, SocketType receiverType) throws Exception {
        requireTransports(Transport.TCP);
        requireOptions(SocketOption.SNDHWM, SocketOption.RCVHWM);
        ZmqSocket receiver = socket(receiverType);
        receiver.set(SocketOption.RCVHWM, H);
        String endpoint = receiver.bind(endpoint("tcp"));
        ZmqSocket sender = socket(senderType);
        sender.set(SocketOption.SNDHWM, H);
        sender.connect(endpoint);
        send(sender, "warm-up");
        assertThat(receive(receiver).frameAsString(0))
                .as("the connection is up before counting")
                .isEqualTo("warm-up");

        int accepted = sendUntilWouldBlock(sender, TCP_CAP, HwmSuite::kilobyte);
        assertThat(accepted)
                .as(
                        "over TCP the kernel buffers take some messages, but a %s that stops reading must eventually"
                                + " make the %s's DONTWAIT sends fail with EAGAIN (tried %d messages of 1 KB)",
                        receiverType, senderType, TCP_CAP)
                .isLessThan(TCP_CAP);
        for (int i = 1; i <= accepted; i++) {
            Message m = receive(receiver);
            assertThat(kilobyteNumber(m))
                    .as("every accepted message arrives, in order, without gaps (%d accepted)", accepted)
                    .isEqualTo(i);
            assertThat(m.byteCount()).isEqualTo(1024);
        }
        expectNothing(receiver);
    }

    @Test
    @RuleId("HWM-MUTE-REQ-BLOCKS")
    void reqBlocksInsteadOfDroppingARequest() throws Exception {
        requireTransports(Transport.TCP);
        requireOptions(SocketOption.IMMEDIATE);
        String endpoint = Loopback.freeEndpoint();
        ZmqSocket req = socket(SocketType.REQ);
        req.set(SocketOption.IMMEDIATE, true);
        req.connect(endpoint);
        expectWouldBlockNow(req, Message.ofStrings("too early"), "REQ with IMMEDIATE and no completed connection");

        ZmqSocket rep = socket(SocketType.REP);
        rep.bind(endpoint);
        send(req, "request");
        assertThat(receive(rep).frameAsString(0))
                .as("REP receives the request sent once connected, and not the refused one")
                .isEqualTo("request");
        send(rep, "reply");
        assertThat(receive(req).frameAsString(0)).isEqualTo("reply");
        send(req, "second");
        assertThat(receive(rep).frameAsString(0))
                .as("the refused request never shows up later")
                .isEqualTo("second");
    }

    // ------------------------------------------------------------------ HWM semantics

    @Test
    @RuleId("HWM-DEFAULT-1000")
    void defaultsAreAThousandAndZeroIsUnlimited() throws Exception {
        requireTransports(Transport.INPROC);
        requireOptions(SocketOption.SNDHWM, SocketOption.RCVHWM);
        ZmqSocket pull = socket(SocketType.PULL);
        ZmqSocket push = socket(SocketType.PUSH);
        for (ZmqSocket s : List.of(pull, push)) {
            assertThat(s.get(SocketOption.SNDHWM))
                    .as("default SNDHWM of %s", s.type())
                    .isEqualTo(1000);
            assertThat(s.get(SocketOption.RCVHWM))
                    .as("default RCVHWM of %s", s.type())
                    .isEqualTo(1000);
        }
        String endpoint = pull.bind(endpoint("inproc"));
        push.connect(endpoint);
        int accepted = sendUntilWouldBlock(push, UNLIMITED_CAP, HwmSuite::numbered);
        assertThat(accepted)
                .as("default inproc PUSH to PULL: 1000 + 1000 messages, then EAGAIN")
                .isEqualTo(2000);
        expectNumbered(pull, accepted, HwmSuite::number);

        ZmqSocket unlimitedPull = socket(SocketType.PULL);
        unlimitedPull.set(SocketOption.RCVHWM, 0);
        unlimitedPull.set(SocketOption.SNDHWM, 0);
        String other = unlimitedPull.bind(endpoint("inproc"));
        ZmqSocket unlimitedPush = socket(SocketType.PUSH);
        unlimitedPush.set(SocketOption.SNDHWM, 0);
        unlimitedPush.set(SocketOption.RCVHWM, 0);
        unlimitedPush.connect(other);
        assertThat(sendUntilWouldBlock(unlimitedPush, UNLIMITED_CAP, HwmSuite::numbered))
                .as("with both HWMs 0 there is no limit: %d sends without EAGAIN", UNLIMITED_CAP)
                .isEqualTo(UNLIMITED_CAP);
        expectNumbered(unlimitedPull, UNLIMITED_CAP, HwmSuite::number);
    }

    @Test
    @RuleId("HWM-COUNTS-MESSAGES")
    void hwmCountsWholeMessages() throws Exception {
        requireTransports(Transport.INPROC);
        requireOptions(SocketOption.SNDHWM, SocketOption.RCVHWM);
        ZmqSocket pull = socket(SocketType.PULL);
        pull.set(SocketOption.RCVHWM, 1);
        String endpoint = pull.bind(endpoint("inproc"));
        ZmqSocket push = socket(SocketType.PUSH);
        push.set(SocketOption.SNDHWM, 1);
        push.connect(endpoint);

        int accepted = sendUntilWouldBlock(push, 100, i -> Message.ofStrings(Integer.toString(i), "b", "c"));
        assertThat(accepted)
                .as("SNDHWM=RCVHWM=1 over inproc holds two messages of three frames each (frames are not counted)")
                .isEqualTo(2);
        for (int i = 1; i <= accepted; i++) {
            assertThat(receive(pull)).isEqualTo(Message.ofStrings(Integer.toString(i), "b", "c"));
        }
        expectNothing(pull);
    }

    @ParameterizedTest(name = "SNDHWM={0} RCVHWM={1}, {2} first")
    @CsvSource({"1,1,bind", "1,1,connect", "1,0,bind", "1,0,connect", "0,1,bind", "0,1,connect"})
    @RuleId("HWM-INPROC-SUM")
    void inprocPipeHoldsSenderPlusReceiverHwm(int sndhwm, int rcvhwm, String first) throws Exception {
        requireTransports(Transport.INPROC);
        requireOptions(SocketOption.SNDHWM, SocketOption.RCVHWM);
        String endpoint = endpoint("inproc");
        ZmqSocket push = socket(SocketType.PUSH);
        push.set(SocketOption.SNDHWM, sndhwm);
        ZmqSocket pull = socket(SocketType.PULL);
        pull.set(SocketOption.RCVHWM, rcvhwm);
        if (first.equals("bind")) {
            pull.bind(endpoint);
            push.connect(endpoint);
        } else {
            push.connect(endpoint);
            pull.bind(endpoint);
        }
        int expected = sndhwm == 0 || rcvhwm == 0 ? UNLIMITED_CAP : sndhwm + rcvhwm;
        int accepted = sendUntilWouldBlock(push, UNLIMITED_CAP, HwmSuite::numbered);
        assertThat(accepted)
                .as(
                        expected == UNLIMITED_CAP
                                ? "a 0 HWM on either side makes the inproc pipe unlimited (%d sends without EAGAIN)"
                                : "the inproc pipe holds SNDHWM + RCVHWM = %d messages",
                        expected)
                .isEqualTo(expected);
        expectNumbered(pull, accepted, HwmSuite::number);
    }

    // ------------------------------------------------------------------ helpers

    private ZmqSocket subscriber(SocketType type, String endpoint) throws ZmqException {
        ZmqSocket sub = socket(type);
        sub.set(SocketOption.RCVHWM, H);
        sub.set(SocketOption.SUBSCRIBE, new byte[0]);
        sub.connect(endpoint);
        return sub;
    }

    private int connectPeer(ZmqSocket peer, String endpoint) throws ZmqException {
        try {
            return peer.connectPeer(endpoint);
        } catch (ZmqException e) {
            Assumptions.assumeTrue(e.kind() != ErrorKind.UNSUPPORTED, () -> UNSUPPORTED + "connectPeer: " + e);
            throw e;
        }
    }

    private static int routingIdOf(Message message) {
        assertThat(message.routingId())
                .as("a SERVER message carries the sender's routing id")
                .isPresent();
        return message.routingId().getAsInt();
    }

    /**
     * Sends a probe (the sender drops while nobody is subscribed or joined) until every receiver has got one, then
     * throws away what is queued, so that counting starts with empty queues and effective subscriptions.
     */
    private void awaitDelivery(ZmqSocket sender, List<ZmqSocket> receivers, Message probe) throws ZmqException {
        Set<ZmqSocket> waiting = Collections.newSetFromMap(new IdentityHashMap<>());
        waiting.addAll(receivers);
        long deadline = System.nanoTime() + expect().toNanos();
        while (!waiting.isEmpty()) {
            assertThat(System.nanoTime() - deadline)
                    .as(
                            "probes from %s reached %d of %d receivers within %s",
                            sender.type(), receivers.size() - waiting.size(), receivers.size(), expect())
                    .isNegative();
            sender.send(probe, Duration.ZERO);
            for (ZmqSocket receiver : List.copyOf(waiting)) {
                if (tryReceive(receiver, Duration.ofMillis(10)).isPresent()) {
                    waiting.remove(receiver);
                }
            }
        }
        for (ZmqSocket receiver : receivers) {
            while (tryReceive(receiver, Duration.ofMillis(50)).isPresent()) {
                // leftover probes
            }
        }
    }

    private static Message numbered(int i) {
        return Message.ofStrings(Integer.toString(i));
    }

    private static int number(Message message) {
        return Integer.parseInt(message.frameAsString(0));
    }

    /** A 1 KB message whose first octets are the number, then a space and padding. */
    private static Message kilobyte(int i) {
        StringBuilder body = new StringBuilder(Integer.toString(i)).append(' ');
        while (body.length() < 1024) {
            body.append('.');
        }
        return Message.ofStrings(body.toString());
    }

    /** An XSUB message that is not a subscription: 02 then the number. */
    private static Message upstream(int i) {
        return Message.ofStrings("\u0002" + i);
    }

    private static int upstreamNumber(Message message) {
        String text = message.frameAsString(0);
        assertThat(text).as("upstream messages start with 02").startsWith("\u0002");
        return Integer.parseInt(text.substring(1));
    }

    private static int kilobyteNumber(Message message) {
        String text = message.frameAsString(0);
        return Integer.parseInt(text.substring(0, text.indexOf(' ')));
    }

    /** Sends {@code message(1)}, {@code message(2)}... with DONTWAIT until EAGAIN or {@code cap}; returns how many. */
    private static int sendUntilWouldBlock(ZmqSocket socket, int cap, IntFunction<Message> message)
            throws ZmqException {
        int sent = 0;
        while (sent < cap) {
            try {
                socket.send(message.apply(sent + 1), Duration.ZERO);
            } catch (ZmqException e) {
                if (e.kind() == ErrorKind.WOULD_BLOCK) {
                    break;
                }
                throw e;
            }
            sent++;
        }
        return sent;
    }

    private static void sendWithoutWaiting(ZmqSocket socket, Message message, String why) throws ZmqException {
        try {
            socket.send(message, Duration.ZERO);
        } catch (ZmqException e) {
            if (e.kind() == ErrorKind.WOULD_BLOCK) {
                fail(why + ", yet a DONTWAIT send of " + message + " gave EAGAIN", e);
            }
            throw e;
        }
    }

    private static void expectWouldBlockNow(ZmqSocket socket, Message message, String who) throws ZmqException {
        try {
            socket.send(message, Duration.ZERO);
        } catch (ZmqException e) {
            assertThat(e.kind()).as("%s: send error (%s)", who, e.getMessage()).isEqualTo(ErrorKind.WOULD_BLOCK);
            return;
        }
        fail(who + " must not take a message it cannot queue (DONTWAIT send succeeded)");
    }

    /** Receives exactly messages 1..count in order, then nothing more. */
    private void expectNumbered(ZmqSocket socket, int count, ToIntFunction<Message> number) throws ZmqException {
        for (int i = 1; i <= count; i++) {
            assertThat(number.applyAsInt(receive(socket)))
                    .as("message %d of the %d accepted arrives, in order", i, count)
                    .isEqualTo(i);
        }
        expectNothing(socket);
    }

    /** Everything queued on {@code socket}, until nothing arrives for the silence timeout. */
    private List<Integer> drain(ZmqSocket socket, ToIntFunction<Message> number) throws ZmqException {
        List<Integer> got = new ArrayList<>();
        for (Optional<Message> m = tryReceive(socket, silence()); m.isPresent(); m = tryReceive(socket, silence())) {
            got.add(number.applyAsInt(m.get()));
        }
        return got;
    }

    /** A dropping socket's stalled peer kept between 1 and {@code atMost} messages: the first ones, 1, 2, 3... */
    private static void expectLeadingRun(List<Integer> kept, int atMost, String who) {
        assertThat(kept)
                .as("%s keeps the first messages, up to its queue size", who)
                .isNotEmpty();
        assertThat(kept.size())
                .as("%s keeps at most SNDHWM + RCVHWM = %d messages, got %s", who, atMost, kept)
                .isLessThanOrEqualTo(atMost);
        for (int i = 0; i < kept.size(); i++) {
            assertThat(kept.get(i))
                    .as("%s keeps messages from the start of the sequence: %s", who, kept)
                    .isEqualTo(i + 1);
        }
    }
}
