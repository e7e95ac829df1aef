package dev.zck.simulator.proxy;

import dev.zck.simulator.Fault;
import dev.zck.simulator.TimedFault;
import dev.zck.simulator.proxy.internal.ProxyCore;
import dev.zck.simulator.proxy.internal.Sides;
import dev.zck.spec.Timeouts;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * A TCP proxy on loopback between two real implementations, so that the faults the simulator applies in virtual time
 * (delay, stall, partition, reset, silent drop, reslice) can be applied to real ZeroMQ stacks and their real TCP.
 *
 * <p>The implementation under test that binds listens at the target; the one that connects connects to {@link
 * #endpoint()} instead. Each accepted connection gets its own connection to the target, opened before anything is
 * read from the connecting side, and bytes are forwarded both ways with backpressure: a side is read only while the
 * other can take the bytes. The connecting side is host {@code a} and the listening side host {@code b} (names can be
 * changed with {@link Builder#hosts}), so {@code Link.from("a", "b")} is the flow towards the listener.
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.start(new InetSocketAddress("127.0.0.1", pullPort))) {
 *     push.connect(proxy.endpoint());
 *     proxy.inject(new Fault.Stall(Link.from("a", "b")));   // the PUSH meets TCP backpressure
 *     proxy.inject(new Fault.Heal(Link.from("a", "b")));
 * }
 * }</pre>
 *
 * <p>What each fault does here, in real time, on every connection open now and every later one until healed:
 *
 * <ul>
 *   <li>{@link Fault.Delay}: each chunk read is forwarded {@code extra} after it was read, in order (a timer on the
 *       event loop; nothing sleeps). A second delay replaces the first for bytes read from then on.
 *   <li>{@link Fault.Stall}: the writer's side is no longer read and nothing more is forwarded, so the kernel buffers
 *       fill and the writer meets TCP backpressure; connections stay up.
 *   <li>{@link Fault.Partition}: nothing is forwarded; what arrives is held (up to {@link Builder#holdLimit} per
 *       connection and direction, then the writer's side is no longer read) and delivered in order on heal. New
 *       connections are still accepted and opened upstream (only bytes, not TCP handshakes, are partitioned).
 *   <li>{@link Fault.Reset}: every open connection is closed on both sides with SO_LINGER 0, so both implementations
 *       see a reset; later connections are untouched.
 *   <li>{@link Fault.SilentDrop}: the connections open now discard every byte in the link's direction(s) from now on,
 *       and a close from that side is not passed on either; they are never closed by the proxy. It ends with those
 *       connections, not with {@link Fault.Heal}: a reconnection is a new, healthy connection.
 *   <li>{@link Fault.Reslice}: each chunk is written in seeded random pieces of 1 to {@code maxChunk} octets, each
 *       flushed on its own.
 *   <li>{@link Fault.Heal}: ends delay, stall, partition and reslice and delivers what is held, in order.
 *   <li>{@link Fault.Crash}, {@link Fault.Restart}: {@link UnsupportedOperationException}, host faults are
 *       simulator-only.
 * </ul>
 *
 * <p>Closes in either direction travel like bytes (delayed, held, dropped), and a reset from one implementation
 * reaches the other as a reset. The proxy runs on its own single event loop thread; {@link #close()} releases it.
 */
public final class FaultProxy implements AutoCloseable {
    /** What a partition holds per connection and direction before the writer's side is no longer read. */
    public static final int DEFAULT_HOLD_LIMIT = 1 << 20;

    private final ProxyCore core;
    private final InetSocketAddress target;

    private FaultProxy(ProxyCore core, InetSocketAddress target) {
        this.core = core;
        this.target = target;
    }

    /** A proxy to {@code target} with the default hosts ({@code a}, {@code b}), hold limit and seed 0. */
    public static FaultProxy start(InetSocketAddress target) {
        return builder(target).start();
    }

    /** To set the seed, the host names or the hold limit before starting. */
    public static Builder builder(InetSocketAddress target) {
        return new Builder(target);
    }

    /** Where the connecting implementation connects: {@code tcp://127.0.0.1:PORT}. */
    public String endpoint() {
        InetSocketAddress address = address();
        return "tcp://" + address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    /** The proxy's listening address (loopback, an ephemeral port). */
    public InetSocketAddress address() {
        return core.address();
    }

    /** Where the proxy connects to: the listening implementation. */
    public InetSocketAddress target() {
        return target;
    }

    /**
     * Applies a fault now; when this returns the fault is in force.
     *
     * @throws UnsupportedOperationException for {@link Fault.Crash} and {@link Fault.Restart}
     * @throws IllegalArgumentException when the fault's link does not join this proxy's two hosts
     * @throws IllegalStateException after {@link #close()}, or when the proxy's event loop does not take the fault
     *     within the expect timeout ({@code zck.timeout.expect})
     */
    public void inject(Fault fault) {
        core.inject(Objects.requireNonNull(fault, "fault"));
    }

    /**
     * Plays a schedule in real time from now: each fault is applied once its offset has passed, faults with the same
     * offset in list order. Every fault is checked before anything is scheduled.
     *
     * @return completes when the last fault is in force; fails if the proxy closes first
     * @throws UnsupportedOperationException for host faults, {@link IllegalArgumentException} for foreign links
     */
    public CompletionStage<Void> schedule(List<TimedFault> schedule) {
        return core.schedule(List.copyOf(schedule)).minimalCompletionStage();
    }

    /** The connections through the proxy with at least one side still open. */
    public int connections() {
        return core.connections();
    }

    /** The connections accepted since the proxy started: it goes up by one with each (re)connection. */
    public long accepted() {
        return core.accepted();
    }

    /** Stops listening, closes every connection and releases the event loop. Closing twice is harmless. */
    @Override
    public void close() {
        core.close();
    }

    @Override
    public String toString() {
        return "FaultProxy[" + endpoint() + " -> " + target + "]";
    }

    /** The proxy's settings. */
    public static final class Builder {
        private final InetSocketAddress target;
        private Sides sides = new Sides("a", "b");
        private int holdLimit = DEFAULT_HOLD_LIMIT;
        private long seed;

        private Builder(InetSocketAddress target) {
            this.target = Objects.requireNonNull(target, "target");
        }

        /**
         * The host names that links use for the two sides (default {@code a} and {@code b}), so that a schedule
         * written for simulated hosts can drive the proxy.
         */
        public Builder hosts(String connecting, String listening) {
            this.sides = new Sides(connecting, listening);
            return this;
        }

        /** Octets a partition holds per connection and direction before it stops reading; at least 1. */
        public Builder holdLimit(int octets) {
            if (octets < 1) {
                throw new IllegalArgumentException("the hold limit is at least 1 octet: " + octets);
            }
            this.holdLimit = octets;
            return this;
        }

        /** The seed of the reslicing cuts. */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public FaultProxy start() {
            return new FaultProxy(
                    ProxyCore.start(
                            target,
                            sides,
                            holdLimit,
                            seed,
                            Timeouts.fromSystemProperties().expect()),
                    target);
        }
    }
}
