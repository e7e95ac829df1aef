package dev.zck.simulator;

/**
 * Sees the bytes of every simulated connection as they reach the reader's receive buffer, segment by segment, in the
 * order they arrive: what a packet capture at the reader would show.
 */
@FunctionalInterface
public interface WireTap {
    /** Taps nothing. */
    WireTap NONE = (from, to, segment) -> {};

    /**
     * A segment arrived.
     *
     * @param from the writer's end, {@code host:port}
     * @param to the reader's end, {@code host:port}
     * @param segment the segment's bytes, to read and not to keep or change
     */
    void delivered(String from, String to, byte[] segment);
}
