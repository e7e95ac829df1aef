package dev.zck.simulator;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The simulated network's physics: how long bytes take between two hosts (latency, plus the time to put them on the
 * wire at the link's bandwidth) and how many bytes the TCP stacks buffer per connection end. Buffers bound what a
 * stalled reader lets a writer queue before the writer feels backpressure, so they are part of what a test observes.
 *
 * @param latency one-way latency of every link without its own profile
 * @param bandwidth bytes per second of every link without its own profile
 * @param sendBuffer bytes a connection end holds that are written but not yet on the wire (SO_SNDBUF)
 * @param receiveBuffer bytes a connection end accepts before its reader takes them (SO_RCVBUF): the TCP window
 * @param segmentSize the largest segment on the wire (MSS); a reader receives each segment as one buffer
 * @param links per-link profiles, keyed by the two host names (either order)
 */
public record SimConfig(
        Duration latency,
        long bandwidth,
        int sendBuffer,
        int receiveBuffer,
        int segmentSize,
        Map<Set<String>, LinkProfile> links) {

    /** The latency and bandwidth of the link between two hosts, both directions. */
    public record LinkProfile(Duration latency, long bandwidth) {
        public LinkProfile {
            if (latency.isNegative()) {
                throw new IllegalArgumentException("latency is not negative: " + latency);
            }
            if (bandwidth <= 0) {
                throw new IllegalArgumentException("bandwidth is positive (bytes/s): " + bandwidth);
            }
        }
    }

    public SimConfig {
        new LinkProfile(latency, bandwidth);
        if (sendBuffer < 1 || receiveBuffer < 1 || segmentSize < 1) {
            throw new IllegalArgumentException("buffers and segments hold at least one byte: send " + sendBuffer
                    + ", receive " + receiveBuffer + ", segment " + segmentSize);
        }
        links = Map.copyOf(links);
    }

    /** 1 ms latency, 125 MB/s (1 Gbit/s), 64 KiB send and receive buffers, 1460-byte segments. */
    public static SimConfig defaults() {
        return new SimConfig(Duration.ofMillis(1), 125_000_000, 64 * 1024, 64 * 1024, 1460, Map.of());
    }

    public SimConfig withLatency(Duration value) {
        return new SimConfig(value, bandwidth, sendBuffer, receiveBuffer, segmentSize, links);
    }

    public SimConfig withBandwidth(long bytesPerSecond) {
        return new SimConfig(latency, bytesPerSecond, sendBuffer, receiveBuffer, segmentSize, links);
    }

    public SimConfig withSendBuffer(int bytes) {
        return new SimConfig(latency, bandwidth, bytes, receiveBuffer, segmentSize, links);
    }

    public SimConfig withReceiveBuffer(int bytes) {
        return new SimConfig(latency, bandwidth, sendBuffer, bytes, segmentSize, links);
    }

    public SimConfig withSegmentSize(int bytes) {
        return new SimConfig(latency, bandwidth, sendBuffer, receiveBuffer, bytes, links);
    }

    /** The link between hosts {@code a} and {@code b} gets its own latency and bandwidth, both ways. */
    public SimConfig withLink(String a, String b, Duration linkLatency, long linkBandwidth) {
        Map<Set<String>, LinkProfile> more = new HashMap<>(links);
        more.put(Set.of(a, b), new LinkProfile(linkLatency, linkBandwidth));
        return new SimConfig(latency, bandwidth, sendBuffer, receiveBuffer, segmentSize, more);
    }

    /** The profile of the link from {@code a} to {@code b} (a host to itself gets the default). */
    public LinkProfile profile(String a, String b) {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        LinkProfile own = a.equals(b) ? null : links.get(Set.of(a, b));
        return own != null ? own : new LinkProfile(latency, bandwidth);
    }
}
