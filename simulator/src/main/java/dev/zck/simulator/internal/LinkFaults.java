package dev.zck.simulator.internal;

import java.util.ArrayDeque;

/**
 * The faults in force on one direction between two hosts (bytes written on {@code from}, read on {@code to}), for
 * every connection present and future, until healed; and the control segments (SYN, SYN-ACK, RST, window updates) a
 * partition holds.
 */
final class LinkFaults {
    long extraDelayNanos;
    boolean stalled;
    boolean partitioned;
    /** 0: segments of the configured size; else each segment is 1 to this many bytes, at seeded random. */
    int resliceMax;

    final ArrayDeque<Runnable> heldControl = new ArrayDeque<>();

    /** Ends Delay, Stall, Partition and Reslice. */
    void heal() {
        extraDelayNanos = 0;
        stalled = false;
        partitioned = false;
        resliceMax = 0;
    }
}
