package dev.zck.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.engine.NoLeaks;
import dev.zck.engine.socket.internal.SocketCore;
import dev.zck.spi.Message;
import dev.zck.spi.SocketEvent.Kind;
import dev.zck.spi.SocketOption;
import dev.zck.spi.SocketType;
import dev.zck.spi.ZmqException;
import io.netty.util.concurrent.Future;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Whole runs: the same seed gives the same run, no thread is started, an hour of virtual time is quick. */
@ExtendWith(NoLeaks.class)
class SimulationRunTest {
    private static final String[] WORKERS = {"w1", "w2", "w3"};

    @Test
    void theSameSeedGivesByteIdenticalTraces() {
        Set<String> distinct = new HashSet<>();
        NoLeaks.withoutAccessRecords(() -> {
            for (long seed = 1; seed <= 20; seed++) {
                String first = String.join("\n", scenario(seed));
                String second = String.join("\n", scenario(seed));
                assertThat(second).as("trace of seed %d, run twice", seed).isEqualTo(first);
                distinct.add(first);
            }
        });
        assertThat(distinct).as("the seed decides jitter and reslicing").hasSize(20);
    }

    @Test
    void aRunStartsNoThread() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long before = threads.getTotalStartedThreadCount();
        List<String> trace = scenario(99);
        long after = threads.getTotalStartedThreadCount();

        assertThat(trace).isNotEmpty();
        assertThat(after - before).as("threads started during a run").isZero();
    }

    @Test
    void anHourOfVirtualTimeWithHeartbeatsTakesLittleWallTime() throws ZmqException {
        try (Simulation sim = Simulation.create(8)) {
            Trace trace = new Trace(sim);
            SocketCore pull = trace.drain("pull", sim.host("b").socket(SocketType.PULL));
            SocketCore push = trace.watch("push", sim.host("a").socket(SocketType.PUSH));
            for (SocketCore s : List.of(push, pull)) {
                s.set(SocketOption.HEARTBEAT_IVL, 1000);
                s.set(SocketOption.HEARTBEAT_TIMEOUT, 3000);
            }
            pull.bind("tcp://b:5555");
            push.connect("tcp://b:5555");

            // Paranoid leak detection stays on; only the stack trace it takes on every buffer access is skipped.
            long start = System.nanoTime();
            NoLeaks.withoutAccessRecords(() -> sim.loop().advanceBy(Duration.ofHours(1)));
            double wallSeconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(
                    "1 h of virtual time, PINGs every second both ways (7200 PING/PONG pairs): %.2f s of wall time%n",
                    wallSeconds);

            assertThat(sim.loop().now()).isGreaterThanOrEqualTo(Duration.ofHours(1));
            assertThat(trace.events("push", Kind.HANDSHAKE_SUCCEEDED)).hasSize(1);
            assertThat(trace.events("push", Kind.DISCONNECTED)).isEmpty();
            assertThat(wallSeconds).as("wall seconds for a virtual hour").isLessThan(3);
            assertThat(push.trySend(Message.ofStrings("still there"))).isTrue();
            assertThat(sim.loop().runUntil(() -> trace.received("pull").size() == 1, Duration.ofSeconds(1)))
                    .isTrue();
        }
    }

    /**
     * Three workers and a hub: each worker's DEALER asks the hub's ROUTER, which echoes, and its PUSH feeds the hub's
     * PULL. Every link is resliced (at random sizes), reconnects have jitter, and the links suffer a reset, a
     * partition and a delay. Returns the trace.
     */
    private static List<String> scenario(long seed) {
        try (Simulation sim = Simulation.create(seed)) {
            Trace trace = new Trace(sim);
            SimHost hub = sim.host("hub");
            SocketCore router = trace.watch("router", hub.socket(SocketType.ROUTER));
            router.bind("tcp://hub:6000");
            echo(router);
            SocketCore pull = trace.drain("pull", hub.socket(SocketType.PULL));
            pull.bind("tcp://hub:5555");
            SocketCore[] dealers = new SocketCore[WORKERS.length];
            SocketCore[] pushes = new SocketCore[WORKERS.length];
            for (int w = 0; w < WORKERS.length; w++) {
                SimHost host = sim.host(WORKERS[w]);
                sim.network().inject(new Fault.Reslice(Link.between(WORKERS[w], "hub"), 1 + w * 20));
                dealers[w] = trace.drain(WORKERS[w] + ".dealer", host.socket(SocketType.DEALER));
                pushes[w] = trace.watch(WORKERS[w] + ".push", host.socket(SocketType.PUSH));
                for (SocketCore s : List.of(dealers[w], pushes[w])) {
                    s.set(SocketOption.RECONNECT_IVL, 50);
                    s.set(SocketOption.HEARTBEAT_IVL, 40);
                    s.set(SocketOption.HEARTBEAT_TIMEOUT, 120);
                }
                dealers[w].connect("tcp://hub:6000");
                pushes[w].connect("tcp://hub:5555");
            }
            for (int step = 0; step < 100; step++) {
                switch (step) {
                    case 20 -> sim.network().inject(new Fault.Reset(Link.between("w1", "hub")));
                    case 30 -> sim.network().inject(new Fault.Partition(Link.between("w2", "hub")));
                    case 40 -> sim.network().inject(new Fault.Delay(Link.from("w3", "hub"), Duration.ofMillis(7)));
                    case 60 -> sim.network().inject(new Fault.Heal(Link.between("w2", "hub")));
                    case 70 -> sim.network().inject(new Fault.Reset(Link.between("w3", "hub")));
                    default -> {}
                }
                for (int w = 0; w < WORKERS.length; w++) {
                    dealers[w].trySend(Message.ofStrings("request " + step, "x".repeat(step)));
                    pushes[w].trySend(Message.ofStrings(WORKERS[w] + " item " + step));
                }
                sim.loop().advanceBy(Duration.ofMillis(10));
            }
            sim.loop().advanceBy(Duration.ofSeconds(1));
            assertThat(trace.lines())
                    .anyMatch(line -> line.contains("CONNECT_RETRIED") || line.contains("DISCONNECTED"));
            return trace.lines();
        } catch (ZmqException e) {
            throw new AssertionError(e);
        }
    }

    /** The ROUTER sends every request back to the DEALER it came from. */
    private static void echo(SocketCore router) {
        Future<Message> next = router.receive(24 * 3600 * 1000L);
        next.addListener(f -> {
            if (f.isSuccess()) {
                router.trySend(next.getNow());
                echo(router);
            }
        });
    }
}
