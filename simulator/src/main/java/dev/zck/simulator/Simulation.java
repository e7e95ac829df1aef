package dev.zck.simulator;

import dev.zck.simulator.internal.Network;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A deterministic simulation of reference-engine processes on a simulated TCP network, all on one virtual clock: the
 * engine runs unchanged, on a {@link SimEventLoop} instead of NIO, so a test can make any timing happen exactly and a
 * failure replays from its seed. Every random choice (reconnect jitter, reslicing) derives from the one seed, and
 * nothing runs except when the caller steps the loop, on the caller's thread: the same seed and the same calls give
 * the same run, byte for byte.
 *
 * <pre>{@code
 * try (Simulation sim = Simulation.create(42, SimConfig.defaults().withLatency(Duration.ofMillis(5)))) {
 *     SocketCore pull = sim.host("b").socket(SocketType.PULL);
 *     pull.bind("tcp://b:5555");
 *     SocketCore push = sim.host("a").socket(SocketType.PUSH);
 *     push.connect("tcp://b:5555");
 *     push.trySend(Message.ofStrings("hello"));
 *     Future<Message> got = pull.receive(1_000);                  // its timeout runs on virtual time
 *     sim.loop().runUntil(got::isDone, Duration.ofSeconds(1));    // steps the clock until it is done
 *     sim.network().inject(new Fault.Partition(Link.between("a", "b")));
 *     sim.loop().advanceBy(Duration.ofSeconds(30));               // 30 virtual seconds, at once
 * }
 * }</pre>
 */
public final class Simulation implements AutoCloseable {
    private final long seed;
    private final SimConfig config;
    private final SimEventLoop loop = new SimEventLoop();
    private final Network network;
    private final SimNetwork simNetwork;
    private final Map<String, SimHost> hosts = new LinkedHashMap<>();

    private Simulation(long seed, SimConfig config) {
        this.seed = seed;
        this.config = config;
        this.network = new Network(loop, config, seed);
        this.simNetwork = new SimNetwork(network);
    }

    /** A simulation with the default network ({@link SimConfig#defaults()}). */
    public static Simulation create(long seed) {
        return create(seed, SimConfig.defaults());
    }

    public static Simulation create(long seed, SimConfig config) {
        return new Simulation(seed, config);
    }

    public long seed() {
        return seed;
    }

    public SimConfig config() {
        return config;
    }

    /** The clock and scheduler every host shares. */
    public SimEventLoop loop() {
        return loop;
    }

    public SimNetwork network() {
        return simNetwork;
    }

    /** The host named {@code name}, created on first use (a name without ':'). */
    public SimHost host(String name) {
        return hosts.computeIfAbsent(name, n -> {
            network.addHost(n);
            return new SimHost(n, loop, network, seed);
        });
    }

    /** Applies a fault now: link faults on the network, {@link Fault.Crash} and {@link Fault.Restart} on the host. */
    public void inject(Fault fault) {
        if (fault instanceof Fault.Crash crash) {
            host(crash.host()).crash();
        } else if (fault instanceof Fault.Restart restart) {
            host(restart.host()).restart();
        } else {
            network.inject(fault);
        }
    }

    /** Closes every socket at once, lets the closes finish (releasing every buffer) and stops the loop. */
    @Override
    public void close() {
        if (loop.isShutdown()) {
            return;
        }
        hosts.values().forEach(SimHost::closeAll);
        loop.runUntilIdle();
        loop.shutdownGracefully();
    }
}
