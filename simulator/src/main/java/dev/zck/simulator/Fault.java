package dev.zck.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * The closed vocabulary of faults, the same for the simulated network (virtual time, exact) and the fault proxy (real
 * TCP between real implementations, real time). A schedule is a list of faults at points in time; {@link Heal} ends
 * the link faults. Host faults ({@link Crash}, {@link Restart}) exist only in the simulator, where the kit owns the
 * process; the proxy refuses them.
 */
public sealed interface Fault {

    /** A short, stable rendering for traces and reports, e.g. {@code partition a->b}. */
    String describe();

    /** Every byte on the link arrives {@code extra} later than it would have (added to the link's latency). */
    record Delay(Link link, Duration extra) implements Fault {
        public Delay {
            Objects.requireNonNull(link, "link");
            if (extra.isNegative()) {
                throw new IllegalArgumentException("a delay is not negative: " + extra);
            }
        }

        @Override
        public String describe() {
            return "delay " + link + " " + extra.toMillis() + "ms";
        }
    }

    /**
     * The reader stops reading: bytes on the link are no longer taken out of the receiver's buffer, so the buffers
     * fill and the writer sees TCP backpressure (a PUSH then blocks at its HWM, a PUB drops). The connection stays up.
     */
    record Stall(Link link) implements Fault {
        public Stall {
            Objects.requireNonNull(link, "link");
        }

        @Override
        public String describe() {
            return "stall " + link;
        }
    }

    /**
     * Nothing crosses the link: bytes written are held (as TCP retransmits them) and delivered in order after {@link
     * Heal}; no end is told. Heartbeats across it go unanswered.
     */
    record Partition(Link link) implements Fault {
        public Partition {
            Objects.requireNonNull(link, "link");
        }

        @Override
        public String describe() {
            return "partition " + link;
        }
    }

    /** Every connection on the link is reset now: both ends see it close (ECONNRESET); reconnecting is allowed. */
    record Reset(Link link) implements Fault {
        public Reset {
            Objects.requireNonNull(link, "link");
        }

        @Override
        public String describe() {
            return "reset " + link;
        }
    }

    /**
     * Half-open connections: every connection on the link stops carrying bytes in the link's direction(s) for good,
     * the bytes are lost and no end is told (a peer that vanished without a FIN or RST). Only heartbeats notice.
     */
    record SilentDrop(Link link) implements Fault {
        public SilentDrop {
            Objects.requireNonNull(link, "link");
        }

        @Override
        public String describe() {
            return "silent-drop " + link;
        }
    }

    /**
     * The byte stream is cut into chunks of 1 to {@code maxChunk} octets at seeded random points, each delivered on
     * its own (what a reader sees of a stream is any slicing of it).
     */
    record Reslice(Link link, int maxChunk) implements Fault {
        public Reslice {
            Objects.requireNonNull(link, "link");
            if (maxChunk < 1) {
                throw new IllegalArgumentException("maxChunk is at least 1: " + maxChunk);
            }
        }

        @Override
        public String describe() {
            return "reslice " + link + " max " + maxChunk;
        }
    }

    /** Ends every {@link Delay}, {@link Stall}, {@link Partition} and {@link Reslice} on the link. */
    record Heal(Link link) implements Fault {
        public Heal {
            Objects.requireNonNull(link, "link");
        }

        @Override
        public String describe() {
            return "heal " + link;
        }
    }

    /**
     * The process on the host dies: its sockets and their queues are gone, its listeners close, and its peers see
     * every connection reset. Simulator only.
     */
    record Crash(String host) implements Fault {
        public Crash {
            Objects.requireNonNull(host, "host");
        }

        @Override
        public String describe() {
            return "crash " + host;
        }
    }

    /**
     * A crashed host's process starts again: its sockets are created anew with the same types and options and bind
     * and connect the same endpoints; nothing else survives. Simulator only.
     */
    record Restart(String host) implements Fault {
        public Restart {
            Objects.requireNonNull(host, "host");
        }

        @Override
        public String describe() {
            return "restart " + host;
        }
    }
}
