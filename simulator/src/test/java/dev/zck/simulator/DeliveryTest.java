package dev.zck.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.engine.NoLeaks;
import dev.zck.engine.socket.internal.SocketCore;
import dev.zck.spi.Message;
import dev.zck.spi.SocketEvent;
import dev.zck.spi.SocketType;
import dev.zck.spi.ZmqException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** PUSH to PULL across the simulated network: order, timing from latency and bandwidth, Delay, Reslice, start order. */
@ExtendWith(NoLeaks.class)
class DeliveryTest {
    private static final Duration LATENCY = Duration.ofMillis(5);
    private static final long BANDWIDTH = 1_000_000; // bytes/s: one byte per virtual microsecond
    private static final int MESSAGES = 1000;
    private static final int BODY = 1000;
    /** A 1000-octet frame is a long frame: flags, 8 octets of size, the body. */
    private static final int WIRE = 1 + 8 + BODY;

    private static final SimConfig CONFIG =
            SimConfig.defaults().withLatency(LATENCY).withBandwidth(BANDWIDTH);

    @Test
    void thousandMessagesArriveInOrderWhenLatencyAndBandwidthSay() throws ZmqException {
        List<Long> arrivals = arrivalsAfterConnecting(null);

        assertThat(arrivals).hasSize(MESSAGES + 1);
        long t0 = arrivals.get(MESSAGES);
        int segment = CONFIG.segmentSize();
        long total = (long) MESSAGES * WIRE;
        for (int m = 0; m < MESSAGES; m++) {
            // The wire is busy from t0 with full segments; a message is whole when the segment holding its last
            // octet has arrived: that segment's end on the wire (one octet per microsecond) plus the latency.
            long lastOctet = (long) (m + 1) * WIRE;
            long segmentEnd = Math.min((lastOctet + segment - 1) / segment * segment, total);
            long expected = t0 + LATENCY.toNanos() + segmentEnd * 1_000;
            assertThat(arrivals.get(m)).as("arrival of message %d", m).isEqualTo(expected);
        }
    }

    @Test
    void aDelayShiftsEveryArrivalByExactlyTheDelay() throws ZmqException {
        Duration delay = Duration.ofMillis(20);
        List<Long> plain = arrivalsAfterConnecting(null);
        List<Long> delayed = arrivalsAfterConnecting(new Fault.Delay(Link.from("a", "b"), delay));

        for (int m = 0; m < MESSAGES; m++) {
            long plainRelative = plain.get(m) - plain.get(MESSAGES);
            long delayedRelative = delayed.get(m) - delayed.get(MESSAGES);
            assertThat(delayedRelative - plainRelative)
                    .as("shift of message %d", m)
                    .isEqualTo(delay.toNanos());
        }
    }

    /**
     * Connects, waits for both handshakes, injects {@code fault} (if any), sends the messages at once and runs until
     * all have arrived. Returns each message's arrival time, then the time they were sent.
     */
    private static List<Long> arrivalsAfterConnecting(Fault fault) throws ZmqException {
        try (PushPull p = PushPull.connected(1, CONFIG, PushPull.Options.NONE, PushPull.Options.NONE)) {
            Simulation sim = p.sim();
            Trace trace = p.trace();
            SocketCore push = p.push();
            if (fault != null) {
                sim.network().inject(fault);
            }
            long t0 = sim.loop().nowNanos();
            for (int m = 0; m < MESSAGES; m++) {
                assertThat(push.trySend(Message.of(numbered(m, BODY)))).isTrue();
            }
            assertThat(sim.loop().runUntil(() -> trace.received("pull").size() == MESSAGES, Duration.ofSeconds(10)))
                    .isTrue();
            List<Long> arrivals = new ArrayList<>();
            List<Trace.Received> received = trace.received("pull");
            for (int m = 0; m < MESSAGES; m++) {
                assertThat(received.get(m).message().frame(0)).isEqualTo(numbered(m, BODY));
                arrivals.add(received.get(m).nanos());
            }
            arrivals.add(t0);
            return arrivals;
        }
    }

    /** Every octet is a read of its own: access records (a stack trace per buffer access) are off, leaks are not. */
    @Test
    void resliceToSingleOctetsKeepsEveryMessageIntact() {
        NoLeaks.withoutAccessRecords(DeliveryTest::resliceRun);
    }

    private static void resliceRun() {
        try (Simulation sim = Simulation.create(7)) {
            Trace trace = new Trace(sim);
            SocketCore pull = trace.drain("pull", sim.host("b").socket(SocketType.PULL));
            pull.bind("tcp://b:5555");
            sim.network().inject(new Fault.Reslice(Link.between("a", "b"), 1));
            SocketCore push = trace.watch("push", sim.host("a").socket(SocketType.PUSH));
            push.connect("tcp://b:5555");
            SplittableRandom random = new SplittableRandom(3);
            List<Message> sent = new ArrayList<>();
            for (int m = 0; m < 60; m++) {
                List<byte[]> frames = new ArrayList<>();
                int count = 1 + random.nextInt(3);
                for (int f = 0; f < count; f++) {
                    frames.add(numbered(m * 10 + f, random.nextInt(300)));
                }
                Message message = Message.of(frames);
                sent.add(message);
                assertThat(push.trySend(message)).isTrue();
            }
            assertThat(sim.loop().runUntil(() -> trace.received("pull").size() == sent.size(), Duration.ofSeconds(10)))
                    .isTrue();
            assertThat(trace.received("pull").stream().map(Trace.Received::message))
                    .containsExactlyElementsOf(sent);
        } catch (ZmqException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aPushConnectingBeforeThePullBindsDeliversOnceItIsBound() throws ZmqException {
        try (Simulation sim = Simulation.create(5)) {
            Trace trace = new Trace(sim);
            SocketCore push = trace.watch("push", sim.host("a").socket(SocketType.PUSH));
            sim.host("b");
            push.connect("tcp://b:5555");
            for (int m = 0; m < 10; m++) {
                assertThat(push.trySend(Message.of(numbered(m, 10)))).isTrue();
            }
            sim.loop().advanceBy(Duration.ofMillis(500));
            assertThat(trace.events("push", SocketEvent.Kind.CONNECT_RETRIED))
                    .isNotEmpty()
                    .allSatisfy(e -> assertThat(e.event().detail()).contains("Connection refused"));

            SocketCore pull = trace.drain("pull", sim.host("b").socket(SocketType.PULL));
            pull.bind("tcp://b:5555");
            assertThat(sim.loop().runUntil(() -> trace.received("pull").size() == 10, Duration.ofSeconds(1)))
                    .isTrue();
            assertThat(trace.received("pull").stream().map(r -> r.message().frame(0)))
                    .containsExactly(java.util.stream.IntStream.range(0, 10)
                            .mapToObj(m -> numbered(m, 10))
                            .toArray(byte[][]::new));
        }
    }

    @Test
    void aLingeringPushThatClosesDeliversWhatItQueuedThenThePullSeesTheEnd() throws ZmqException {
        try (PushPull p = PushPull.open(9, CONFIG, PushPull.Options.NONE, PushPull.Options.NONE)) {
            Trace trace = p.trace();
            SocketCore push = p.push();
            for (int m = 0; m < 100; m++) {
                assertThat(push.trySend(Message.of(numbered(m, BODY)))).isTrue();
            }
            push.close(10_000);
            p.await("pull", SocketEvent.Kind.DISCONNECTED, Duration.ofSeconds(10));

            List<Trace.Received> received = trace.received("pull");
            assertThat(received).hasSize(100);
            // 100 messages at one octet per microsecond: the FIN follows the last octet, no sooner.
            long last = received.get(99).nanos();
            assertThat(last).isGreaterThan(100L * WIRE * 1_000);
            assertThat(trace.events("pull", SocketEvent.Kind.DISCONNECTED)
                            .get(0)
                            .nanos())
                    .isEqualTo(last);
        }
    }

    /** {@code size} octets starting with the message number, the rest a pattern of it. */
    static byte[] numbered(int number, int size) {
        byte[] body = new byte[size];
        for (int i = 0; i < size; i++) {
            body[i] = (byte) (number * 31 + i);
        }
        if (size >= 4) {
            ByteBuffer.wrap(body).putInt(number);
        }
        return body;
    }
}
