package dev.zck.simulator.internal;

import dev.zck.engine.transport.Transport;
import dev.zck.simulator.Fault;
import dev.zck.simulator.Link;
import dev.zck.simulator.SimConfig;
import dev.zck.simulator.SimEventLoop;
import dev.zck.simulator.WireTap;
import java.io.IOException;
import java.net.BindException;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * The simulated network: hosts, their ports and listeners, the connections between them, and the link faults in force.
 * Everything happens on the simulation's event loop, so the network needs no locks and every run of the same calls
 * is the same; its one random source (reslicing) is seeded by the simulation.
 *
 * <p>Setting up a connection costs a round trip: the SYN reaches the listener one latency after the connect (the
 * accepted end is active then), and the answer (SYN-ACK, or RST when nobody listens: "connection refused") reaches
 * the connecting end one latency later. Control segments (these, and window updates) cross partitions and delays as
 * data does.
 */
public final class Network {
    private static final int FIRST_EPHEMERAL_PORT = 49152;
    private static final int EPHEMERAL_PORTS = 65536 - FIRST_EPHEMERAL_PORT;

    private final SimEventLoop loop;
    private final SimConfig config;
    private final SplittableRandom random;
    private final Set<String> hosts = new LinkedHashSet<>();
    private final Map<SimAddress, SimServerChannel> listeners = new LinkedHashMap<>();
    private final Map<String, Set<Integer>> usedPorts = new HashMap<>();
    private final Map<String, Integer> nextEphemeral = new HashMap<>();
    private final Set<SimChannel> connecting = new LinkedHashSet<>();
    private final Set<Connection> connections = new LinkedHashSet<>();
    private final Map<List<String>, LinkFaults> faults = new HashMap<>();
    private long channels;
    private WireTap tap = WireTap.NONE;

    public Network(SimEventLoop loop, SimConfig config, long seed) {
        this.loop = loop;
        this.config = config;
        this.random = new SplittableRandom(seed);
    }

    public void addHost(String name) {
        if (name.isEmpty() || name.contains(":") || name.equals("*")) {
            throw new IllegalArgumentException("a simulated host is named without ':' and is not '*': '" + name + "'");
        }
        hosts.add(name);
    }

    public boolean hasHost(String name) {
        return hosts.contains(name);
    }

    /** The {@code tcp} transport of the sockets on {@code host}. */
    public Transport transport(String host) {
        return new SimTransport(this, host);
    }

    /** From now, {@code tap} sees every segment that reaches a reader. */
    public void tap(WireTap tap) {
        this.tap = tap == null ? WireTap.NONE : tap;
    }

    /** A segment from {@code writer} reached {@code reader}'s receive buffer. */
    void delivered(SimAddress writer, SimAddress reader, byte[] segment) {
        if (tap != WireTap.NONE) {
            tap.delivered(writer.toString(), reader.toString(), segment);
        }
    }

    /** Connections with at least one end open. */
    public int openConnections() {
        return connections.size();
    }

    SimEventLoop loop() {
        return loop;
    }

    SimConfig config() {
        return config;
    }

    SimChannelId newChannelId() {
        return new SimChannelId(nextChannelNumber());
    }

    long nextChannelNumber() {
        return channels++;
    }

    // ------------------------------------------------------------------ faults

    /** Applies a link fault, or a crash; a restart is the hosts' business (nothing to do on the network). */
    public void inject(Fault fault) {
        if (fault instanceof Fault.Delay d) {
            eachDirection(d.link(), f -> f.extraDelayNanos = d.extra().toNanos());
        } else if (fault instanceof Fault.Stall s) {
            eachDirection(s.link(), f -> f.stalled = true);
        } else if (fault instanceof Fault.Partition p) {
            eachDirection(p.link(), f -> f.partitioned = true);
        } else if (fault instanceof Fault.Reslice r) {
            eachDirection(r.link(), f -> f.resliceMax = r.maxChunk());
        } else if (fault instanceof Fault.Heal h) {
            heal(h.link());
        } else if (fault instanceof Fault.Reset r) {
            for (Connection c : List.copyOf(connections)) {
                if (c.joins(r.link().a(), r.link().b())) {
                    c.reset();
                }
            }
        } else if (fault instanceof Fault.SilentDrop s) {
            eachFlow(s.link(), Flow::drop);
        } else if (fault instanceof Fault.Crash c) {
            crash(c.host());
        }
        // Restart: the host's process starts again with nothing, which asks nothing of the network.
    }

    /**
     * The process on {@code host} dies, as its peers see it: every connection with an end there is reset, its
     * connection attempts end, its listeners close.
     */
    public void crash(String host) {
        for (Connection c : List.copyOf(connections)) {
            if (c.touches(host)) {
                c.reset();
            }
        }
        for (SimChannel channel : List.copyOf(connecting)) {
            if (channel.host().equals(host)) {
                channel.close();
            }
        }
        for (SimServerChannel listener : List.copyOf(listeners.values())) {
            if (listener.host().equals(host)) {
                listener.close();
            }
        }
    }

    private void heal(Link link) {
        eachDirection(link, f -> {
            f.heal();
            List<Runnable> held = new ArrayList<>(f.heldControl);
            f.heldControl.clear();
            held.forEach(task -> loop.executeAt(loop.nowNanos(), task));
        });
        eachFlow(link, Flow::healed);
    }

    private void eachDirection(Link link, Consumer<LinkFaults> action) {
        if (link.affects(link.a(), link.b())) {
            action.accept(faults(link.a(), link.b()));
        }
        if (link.affects(link.b(), link.a())) {
            action.accept(faults(link.b(), link.a()));
        }
    }

    private void eachFlow(Link link, Consumer<Flow> action) {
        for (Connection c : List.copyOf(connections)) {
            for (Flow flow : List.of(c.up(), c.down())) {
                if (link.affects(flow.from(), flow.to())) {
                    action.accept(flow);
                }
            }
        }
    }

    LinkFaults faults(String from, String to) {
        return faults.computeIfAbsent(List.of(from, to), k -> new LinkFaults());
    }

    // ------------------------------------------------------------------ timing

    /** One way from {@code from} to {@code to}: the link's latency plus any Delay. */
    long latencyNanos(String from, String to) {
        return config.profile(from, to).latency().toNanos() + faults(from, to).extraDelayNanos;
    }

    /** The time {@code bytes} take to go onto the wire at the link's bandwidth, rounded up. */
    long transmitNanos(String from, String to, int bytes) {
        long bandwidth = config.profile(from, to).bandwidth();
        return (bytes * 1_000_000_000L + bandwidth - 1) / bandwidth;
    }

    /** The size of the next segment: the configured one, or a random one while the link is resliced. */
    int segmentSize(String from, String to) {
        int max = faults(from, to).resliceMax;
        return max > 0 ? 1 + random.nextInt(max) : config.segmentSize();
    }

    /** Sends a control segment: {@code arrival} runs where it arrives, one latency later, after any partition. */
    void control(String from, String to, Runnable arrival) {
        loop.executeAt(loop.nowNanos() + latencyNanos(from, to), () -> {
            LinkFaults f = faults(from, to);
            if (f.partitioned) {
                f.heldControl.add(() -> control(from, to, arrival));
            } else {
                arrival.run();
            }
        });
    }

    // ------------------------------------------------------------------ listeners and connections

    SimAddress listen(SimServerChannel listener, SimAddress wanted) throws BindException {
        SimAddress address = new SimAddress(wanted.host(), allocate(wanted.host(), wanted.port()));
        listeners.put(address, listener);
        return address;
    }

    void unlisten(SimServerChannel listener, SimAddress address) {
        if (listeners.remove(address, listener)) {
            release(address);
        }
    }

    /** A channel starts connecting: its local address, on an ephemeral port. */
    SimAddress connecting(SimChannel channel) throws IOException {
        SimAddress local = new SimAddress(channel.host(), allocate(channel.host(), 0));
        connecting.add(channel);
        return local;
    }

    void connect(SimChannel client, SimAddress target) {
        control(client.host(), target.host(), () -> syn(client, target));
    }

    private void syn(SimChannel client, SimAddress target) {
        if (!client.isConnecting()) {
            return;
        }
        SimServerChannel listener = listeners.get(target);
        String from = client.host();
        if (listener == null || !listener.isActive()) {
            control(
                    target.host(),
                    from,
                    () -> client.connectFailed(new ConnectException("Connection refused: " + target)));
            return;
        }
        SimChannel accepted = new SimChannel(this, listener, target, client.local());
        Connection connection = new Connection(this, client, accepted);
        connections.add(connection);
        accepted.accepted(connection);
        control(target.host(), from, () -> client.established(connection));
        listener.accept(accepted);
    }

    void connected(SimChannel channel) {
        connecting.remove(channel);
    }

    void closed(SimChannel channel) {
        connecting.remove(channel);
        if (channel.local() != null && channel.parent() == null) {
            release(channel.local());
        }
    }

    void forget(Connection connection) {
        connections.remove(connection);
    }

    private int allocate(String host, int port) throws BindException {
        Set<Integer> used = usedPorts.computeIfAbsent(host, h -> new HashSet<>());
        if (port != 0) {
            if (!used.add(port)) {
                throw new BindException("Address already in use: " + host + ":" + port);
            }
            return port;
        }
        int next = nextEphemeral.getOrDefault(host, FIRST_EPHEMERAL_PORT);
        for (int i = 0; i < EPHEMERAL_PORTS; i++) {
            int candidate = FIRST_EPHEMERAL_PORT + (next - FIRST_EPHEMERAL_PORT + i) % EPHEMERAL_PORTS;
            if (used.add(candidate)) {
                nextEphemeral.put(host, candidate + 1 > 65535 ? FIRST_EPHEMERAL_PORT : candidate + 1);
                return candidate;
            }
        }
        throw new BindException("no free port on " + host);
    }

    private void release(SimAddress address) {
        Set<Integer> used = usedPorts.get(address.host());
        if (used != null) {
            used.remove(address.port());
        }
    }
}
