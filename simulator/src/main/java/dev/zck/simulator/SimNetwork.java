package dev.zck.simulator;

import dev.zck.simulator.internal.Network;

/**
 * The simulated network of a {@link Simulation}, where faults are applied: every link fault of the vocabulary holds
 * from now for the connections present and future between the two hosts until healed (SilentDrop and Reset act on the
 * connections present now), and a crash resets a host's connections as its peers see it. Faults take effect at the
 * simulation's current virtual time.
 */
public final class SimNetwork {
    private final Network network;

    SimNetwork(Network network) {
        this.network = network;
    }

    /**
     * Applies {@code fault} now. {@link Fault.Crash} acts at the network level only, as {@link #crash} does; {@link
     * Fault.Restart} asks nothing of the network (use {@link Simulation#inject} for the hosts' part of both).
     */
    public void inject(Fault fault) {
        network.inject(fault);
    }

    /**
     * The process on {@code host} dies as the network sees it: every connection with an end there is reset (both ends
     * see ECONNRESET), its connection attempts end and its listeners close. Its sockets are the host's business
     * ({@link SimHost#crash}).
     */
    public void crash(String host) {
        network.crash(host);
    }

    /** From now, {@code tap} sees every segment of every connection as it reaches its reader (null: none). */
    public void tap(WireTap tap) {
        network.tap(tap);
    }

    /** The connections with at least one end still open. */
    public int openConnections() {
        return network.openConnections();
    }
}
