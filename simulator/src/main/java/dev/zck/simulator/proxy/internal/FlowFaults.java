package dev.zck.simulator.proxy.internal;

/**
 * The faults in force on one flow, for the connections open now and those to come; only the event loop touches it.
 */
final class FlowFaults {
    long delayNanos;
    boolean stalled;
    boolean partitioned;
    /** 0 when off. */
    int resliceMax;

    /** Stall and partition both keep bytes from the reader. */
    boolean holding() {
        return stalled || partitioned;
    }

    void heal() {
        delayNanos = 0;
        stalled = false;
        partitioned = false;
        resliceMax = 0;
    }
}
