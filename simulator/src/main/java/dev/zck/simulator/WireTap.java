package dev.zck.simulator;

/**
 * Sees the bytes of every simulated connection as they reach the reader's receive buffer, segment by segment, in the
 * order they arrive: what a packet capture at the reader would show, without the bytes themselves.
 */
@FunctionalInterface
public interface WireTap {
    /** Taps nothing. */
    WireTap NONE = (from, to, bytes) -> {};

    /**
     * A segment arrived.
     *
     * @param from the writer's end, {@code host:port}
     * @param to the reader's end, {@code host:port}
     * @param bytes the segment's length
     */
    void delivered(String from, String to, int bytes);
}
