package dev.zck.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.rules.RuleId;
import dev.zck.simulator.Fault;
import dev.zck.simulator.Link;
import dev.zck.simulator.TimedFault;
import dev.zck.simulator.proxy.FaultProxy;
import dev.zck.simulator.scenario.Scenarios;
import dev.zck.spi.ErrorKind;
import dev.zck.spi.Message;
import dev.zck.spi.SocketEvent;
import dev.zck.spi.SocketOption;
import dev.zck.spi.SocketType;
import dev.zck.spi.Transport;
import dev.zck.spi.ZmqException;
import dev.zck.spi.ZmqSocket;
import dev.zck.suites.SuiteBase;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Faults between two sockets of one real implementation, through the fault proxy: one socket binds, the other
 * connects to the proxy (host {@code a}), which connects to the binder (host {@code b}). Each test shows what a rule
 * means when the network misbehaves, through the SPI only; a subclass says which implementation.
 */
abstract class FaultProxyScenarios extends SuiteBase {
    static final Link A_TO_B = Link.from("a", "b");
    static final Link BOTH = Link.between("a", "b");
    static final int HWM = 10;
    static final int HEARTBEAT_IVL = 100;
    static final int HEARTBEAT_TIMEOUT = 300;
    static final int RECONNECT_IVL = 100;
    /** Big enough that a few of them fill the kernel's socket buffers. */
    static final int PAYLOAD = 64 * 1024;

    private final List<FaultProxy> proxies = new ArrayList<>();

    @BeforeEach
    final void tcpOnly() {
        requireTransports(Transport.TCP);
    }

    @AfterEach
    final void closeProxies() {
        proxies.forEach(FaultProxy::close);
        proxies.clear();
    }

    /**
     * Under a stall towards the PULL, the connecting PUSH meets TCP backpressure: DONTWAIT-like sends succeed until
     * its queue (SNDHWM, plus what the kernel buffers hold) is full, then fail with WOULD_BLOCK; nothing is dropped,
     * so after heal the PULL gets every accepted message in order, and new ones flow. The PULL's RCVHWM is not
     * reached, since nothing crosses the stall.
     */
    @Test
    @RuleId("HWM-MUTE-PUSH-BLOCKS")
    @DisplayName("HWM-MUTE-PUSH-BLOCKS: a stalled link makes PUSH block at its HWM; after heal nothing is lost")
    void stallBlocksPush() throws Exception {
        requireOptions(SocketOption.SNDHWM, SocketOption.RCVHWM);
        ZmqSocket pull = socket(SocketType.PULL);
        pull.set(SocketOption.RCVHWM, HWM);
        FaultProxy proxy = proxyTo(pull);
        ZmqSocket push = socket(SocketType.PUSH);
        push.set(SocketOption.SNDHWM, HWM);
        push.connect(proxy.endpoint());
        send(push, "sync");
        assertThat(receive(pull).frameAsString(0)).isEqualTo("sync");

        proxy.inject(new Fault.Stall(A_TO_B));
        int limit = 1000;
        int accepted = 0;
        while (accepted < limit && trySend(push, numbered(accepted), silence())) {
            accepted++;
        }
        assertThat(accepted)
                .as("messages PUSH accepted before blocking under the stall")
                .isGreaterThanOrEqualTo(HWM)
                .isLessThan(limit);
        expectNothing(pull);

        proxy.inject(new Fault.Heal(A_TO_B));
        for (int i = 0; i < accepted; i++) {
            assertThat(sequence(receive(pull)))
                    .as("message %d of %d", i, accepted)
                    .isEqualTo(i);
        }
        push.send(numbered(accepted), expect());
        assertThat(sequence(receive(pull))).isEqualTo(accepted);
    }

    /**
     * Under a stall towards the SUB, the connecting PUB never blocks: every send succeeds at once (no waiting
     * allowed) although the subscriber's queue is full; after heal the SUB receives fewer messages than were sent,
     * in order. Which ones is not fixed: the queue takes new messages again whenever the sender's I/O thread has
     * moved some into the kernel, so both JeroMQ and libzmq deliver runs with gaps, not just the first ones.
     */
    @Test
    @RuleId({"HWM-MUTE-PUB-DROPS", "PUB-DROP-AT-HWM"})
    @DisplayName("HWM-MUTE-PUB-DROPS, PUB-DROP-AT-HWM: a stalled link makes PUB drop, never block")
    void stallMakesPubDrop() throws Exception {
        requireOptions(SocketOption.SNDHWM, SocketOption.RCVHWM, SocketOption.SUBSCRIBE);
        ZmqSocket sub = socket(SocketType.SUB);
        sub.set(SocketOption.RCVHWM, HWM);
        sub.set(SocketOption.SUBSCRIBE, new byte[0]);
        FaultProxy proxy = proxyTo(sub);
        ZmqSocket pub = socket(SocketType.PUB);
        pub.set(SocketOption.SNDHWM, HWM);
        pub.connect(proxy.endpoint());
        awaitSubscription(pub, sub);

        proxy.inject(new Fault.Stall(A_TO_B));
        int sent = 300;
        long start = System.nanoTime();
        for (int i = 0; i < sent; i++) {
            pub.send(numbered(i), Duration.ZERO); // WOULD_BLOCK here would fail the test
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(expect());

        proxy.inject(new Fault.Heal(A_TO_B));
        List<Integer> got = receiveUntilQuiet(sub);
        assertThat(got).as("received after heal").isNotEmpty().hasSizeLessThan(sent);
        assertThat(got)
                .as("in order, none twice")
                .isSortedAccordingTo(Integer::compare)
                .doesNotHaveDuplicates();
    }

    /**
     * A reset cuts the connection under both sockets; the connecting PUSH reconnects through the proxy, which opens
     * a new connection to the PULL, and messages sent after the reconnection arrive, in order and none twice.
     * ZeroMQ does not promise the messages in flight at the reset (they may be lost), so the test sends nothing
     * between the reset and the new handshake.
     */
    @Test
    @RuleId({"SOCK-RECONNECT", "SOCK-NO-DUPLICATES"})
    @DisplayName(
            "SOCK-RECONNECT, SOCK-NO-DUPLICATES: after a reset the connecting side reconnects and delivery resumes")
    void resetReconnects() throws Exception {
        requireOptions(SocketOption.RECONNECT_IVL);
        requireEvents(SocketEvent.Kind.HANDSHAKE_SUCCEEDED);
        ZmqSocket pull = socket(SocketType.PULL);
        FaultProxy proxy = proxyTo(pull);
        ZmqSocket push = socket(SocketType.PUSH);
        push.set(SocketOption.RECONNECT_IVL, RECONNECT_IVL);
        push.connect(proxy.endpoint());
        for (int i = 0; i < 10; i++) {
            push.send(numbered(i), expect());
        }
        for (int i = 0; i < 10; i++) {
            assertThat(sequence(receive(pull))).isEqualTo(i);
        }
        awaitHandshakes(pull, 1);

        proxy.inject(new Fault.Reset(BOTH));
        awaitHandshakes(pull, 1); // the new connection's
        assertThat(proxy.accepted()).as("connections through the proxy").isEqualTo(2);
        if (implementation().capabilities().reports(SocketEvent.Kind.DISCONNECTED)) {
            assertThat(awaitEvent(push, SocketEvent.Kind.DISCONNECTED))
                    .as("PUSH saw its connection go")
                    .isPresent();
        }
        for (int i = 10; i < 20; i++) {
            push.send(numbered(i), expect());
        }
        for (int i = 10; i < 20; i++) {
            assertThat(sequence(receive(pull))).as("after the reconnection").isEqualTo(i);
        }
        expectNothing(pull);
    }

    /**
     * The schedule of a simulator scenario drives the proxy: the faults of {@code push-pull-reset} (a reset of the
     * link between its hosts {@code a} and {@code b}) meet a real implementation, which reconnects and resumes as the
     * reference engine does in the simulator.
     */
    @Test
    @RuleId({"SOCK-RECONNECT", "SOCK-NO-DUPLICATES"})
    @DisplayName(
            "SOCK-RECONNECT, SOCK-NO-DUPLICATES: the push-pull-reset scenario's fault schedule, played by the proxy")
    void aSimulatorScheduleDrivesTheProxy() throws Exception {
        requireOptions(SocketOption.RECONNECT_IVL);
        List<TimedFault> schedule = Scenarios.pushPullReset().faultSchedule();
        assertThat(schedule).extracting(TimedFault::fault).containsExactly(new Fault.Reset(BOTH));
        ZmqSocket pull = socket(SocketType.PULL);
        FaultProxy proxy = proxyTo(pull);
        ZmqSocket push = socket(SocketType.PUSH);
        push.set(SocketOption.RECONNECT_IVL, RECONNECT_IVL);
        push.connect(proxy.endpoint());
        send(push, "before");
        assertThat(receive(pull).frameAsString(0)).isEqualTo("before");

        proxy.schedule(schedule).toCompletableFuture().get(expect().toMillis(), TimeUnit.MILLISECONDS);
        await("PUSH connects again through the proxy", () -> proxy.accepted() == 2);
        for (int i = 0; i < 10; i++) {
            push.send(numbered(i), expect());
        }
        for (int i = 0; i < 10; i++) {
            assertThat(sequence(receive(pull))).as("after the reconnection").isEqualTo(i);
        }
    }

    /**
     * A partition keeps PINGs from being answered: with HEARTBEAT_IVL 100 ms and HEARTBEAT_TIMEOUT 300 ms the
     * connecting side closes the connection within the bound and connects again (a new connection through the
     * proxy); after heal, messages flow over it.
     */
    @Test
    @RuleId({"HEARTBEAT-TIMEOUT-CLOSES", "ZMTP31-HB-TIMEOUT"})
    @DisplayName("HEARTBEAT-TIMEOUT-CLOSES, ZMTP31-HB-TIMEOUT: under a partition the heartbeat timeout closes the"
            + " connection and the connecting side reconnects")
    void partitionTripsTheHeartbeat() throws Exception {
        heartbeatClosesTheConnection(new Fault.Partition(BOTH));
    }

    /** As with a partition, but the bytes are lost for good; the new connection is healthy without a heal. */
    @Test
    @RuleId({"HEARTBEAT-TIMEOUT-CLOSES", "ZMTP31-HB-TIMEOUT"})
    @DisplayName("HEARTBEAT-TIMEOUT-CLOSES, ZMTP31-HB-TIMEOUT: a silently dropped connection is noticed by"
            + " heartbeats and replaced")
    void silentDropTripsTheHeartbeat() throws Exception {
        heartbeatClosesTheConnection(new Fault.SilentDrop(BOTH));
    }

    /** Delayed bytes arrive late but in order. */
    @Test
    @RuleId("SOCK-ORDER-PER-PEER")
    @DisplayName("SOCK-ORDER-PER-PEER: a delayed link delivers every message late, in order")
    void delayKeepsOrder() throws Exception {
        Duration delay = Duration.ofMillis(200);
        ZmqSocket pull = socket(SocketType.PULL);
        FaultProxy proxy = proxyTo(pull);
        ZmqSocket push = socket(SocketType.PUSH);
        push.connect(proxy.endpoint());
        send(push, "sync");
        assertThat(receive(pull).frameAsString(0)).isEqualTo("sync");

        proxy.inject(new Fault.Delay(A_TO_B, delay));
        long[] sentAt = new long[5];
        for (int i = 0; i < sentAt.length; i++) {
            sentAt[i] = System.nanoTime();
            push.send(numbered(i), expect());
        }
        for (int i = 0; i < sentAt.length; i++) {
            assertThat(sequence(receive(pull))).isEqualTo(i);
            assertThat(Duration.ofNanos(System.nanoTime() - sentAt[i]))
                    .as("message %d in transit", i)
                    .isGreaterThanOrEqualTo(delay);
        }
    }

    /**
     * With every stream cut into pieces of 1 to 7 octets from the first greeting octet on, the handshake completes
     * and multipart messages (empty frames, short and long frames, every octet value) cross both ways byte-exact
     * and in order.
     */
    @Test
    @RuleId({"ZMTP3-FRAME-MORE", "ZMTP3-FRAME-LONG-FOR-LARGE", "SOCK-ORDER-PER-PEER"})
    @DisplayName("ZMTP3-FRAME-MORE, ZMTP3-FRAME-LONG-FOR-LARGE, SOCK-ORDER-PER-PEER: resliced streams carry"
            + " multipart messages byte-exact")
    void reslicedStreamsStayByteExact() throws Exception {
        ZmqSocket binder = socket(SocketType.DEALER);
        FaultProxy proxy = proxyTo(binder);
        proxy.inject(new Fault.Reslice(BOTH, 7));
        ZmqSocket connector = socket(SocketType.DEALER);
        connector.connect(proxy.endpoint());
        List<Message> messages = multipartMessages();
        for (Message message : messages) {
            connector.send(message, expect());
        }
        for (Message message : messages) {
            assertThat(receive(binder)).isEqualTo(message);
        }
        for (Message message : messages) {
            binder.send(message, expect());
        }
        for (Message message : messages) {
            assertThat(receive(connector)).isEqualTo(message);
        }
    }

    private void heartbeatClosesTheConnection(Fault fault) throws Exception {
        requireOptions(SocketOption.HEARTBEAT_IVL, SocketOption.HEARTBEAT_TIMEOUT, SocketOption.RECONNECT_IVL);
        ZmqSocket pull = socket(SocketType.PULL);
        heartbeat(pull);
        FaultProxy proxy = proxyTo(pull);
        ZmqSocket push = socket(SocketType.PUSH);
        heartbeat(push);
        push.set(SocketOption.RECONNECT_IVL, RECONNECT_IVL);
        push.connect(proxy.endpoint());
        send(push, "sync");
        assertThat(receive(pull).frameAsString(0)).isEqualTo("sync");
        long connections = proxy.accepted();

        long start = System.nanoTime();
        proxy.inject(fault);
        if (implementation().capabilities().reports(SocketEvent.Kind.DISCONNECTED)) {
            assertThat(awaitEvent(push, SocketEvent.Kind.DISCONNECTED))
                    .as("PUSH closed the connection after %s", fault.describe())
                    .isPresent();
            assertThat(Duration.ofNanos(System.nanoTime() - start))
                    .as("not before a PING sent after the fault could have timed out")
                    .isGreaterThanOrEqualTo(Duration.ofMillis(HEARTBEAT_TIMEOUT - HEARTBEAT_IVL));
        }
        await("PUSH connects again through the proxy", () -> proxy.accepted() > connections);

        proxy.inject(new Fault.Heal(BOTH));
        send(push, "after");
        assertThat(receive(pull).frameAsString(0)).isEqualTo("after");
    }

    private static void heartbeat(ZmqSocket socket) throws ZmqException {
        socket.set(SocketOption.HEARTBEAT_IVL, HEARTBEAT_IVL);
        socket.set(SocketOption.HEARTBEAT_TIMEOUT, HEARTBEAT_TIMEOUT);
    }

    /** Binds {@code socket} on loopback and starts a proxy to it, closed after the test. */
    FaultProxy proxyTo(ZmqSocket socket) throws ZmqException {
        URI bound = URI.create(socket.bind("tcp://127.0.0.1:0"));
        FaultProxy proxy = FaultProxy.start(new InetSocketAddress(bound.getHost(), bound.getPort()));
        proxies.add(proxy);
        return proxy;
    }

    /** Sends until the SUB receives one, so that its subscription is known to be in effect at the PUB. */
    private void awaitSubscription(ZmqSocket pub, ZmqSocket sub) throws ZmqException {
        long deadline = System.nanoTime() + expect().toNanos();
        while (true) {
            pub.send(Message.ofStrings("sync"), Duration.ZERO);
            if (tryReceive(sub, Duration.ofMillis(20)).isPresent()) {
                return;
            }
            assertThat(deadline - System.nanoTime())
                    .as("the SUB's subscription reached the PUB")
                    .isPositive();
        }
    }

    /** The sequence numbers received until nothing comes for the silence timeout, synchronisation messages skipped. */
    private List<Integer> receiveUntilQuiet(ZmqSocket socket) throws ZmqException {
        List<Integer> got = new ArrayList<>();
        while (true) {
            Optional<Message> message = tryReceive(socket, silence());
            if (message.isEmpty()) {
                return got;
            }
            if (!message.get().frameAsString(0).equals("sync")) {
                got.add(sequence(message.get()));
            }
        }
    }

    /** The next event of {@code kind} within the expect timeout, skipping others. */
    private Optional<SocketEvent> awaitEvent(ZmqSocket socket, SocketEvent.Kind kind) throws ZmqException {
        long deadline = System.nanoTime() + expect().toNanos();
        while (deadline - System.nanoTime() > 0) {
            Optional<SocketEvent> event = socket.nextEvent(Duration.ofNanos(deadline - System.nanoTime()));
            if (event.isPresent() && event.get().kind() == kind) {
                return event;
            }
        }
        return Optional.empty();
    }

    private void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + expect().toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(deadline - System.nanoTime()).as(what).isPositive();
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
        }
    }

    /** Whether the send went through within {@code timeout}; false on WOULD_BLOCK. */
    private static boolean trySend(ZmqSocket socket, Message message, Duration timeout) throws ZmqException {
        try {
            socket.send(message, timeout);
            return true;
        } catch (ZmqException e) {
            if (e.kind() == ErrorKind.WOULD_BLOCK) {
                return false;
            }
            throw e;
        }
    }

    /** Message {@code n}: its number, then a payload that makes a few messages fill the kernel's buffers. */
    static Message numbered(int n) {
        return Message.of(Integer.toString(n).getBytes(StandardCharsets.US_ASCII), new byte[PAYLOAD]);
    }

    static int sequence(Message message) {
        return Integer.parseInt(message.frameAsString(0));
    }

    /** Multipart messages with empty, one-octet, 255- and 256-octet (short and long form) and 4 KiB frames. */
    private static List<Message> multipartMessages() {
        byte[] everyOctet = new byte[256];
        for (int i = 0; i < everyOctet.length; i++) {
            everyOctet[i] = (byte) i;
        }
        byte[] large = new byte[4 * 1024];
        for (int i = 0; i < large.length; i++) {
            large[i] = (byte) (i * 7 + 3);
        }
        List<Message> messages = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            messages.add(Message.of(
                    Integer.toString(i).getBytes(StandardCharsets.US_ASCII),
                    new byte[0],
                    new byte[] {(byte) i},
                    new byte[255],
                    everyOctet,
                    large));
        }
        return messages;
    }
}
