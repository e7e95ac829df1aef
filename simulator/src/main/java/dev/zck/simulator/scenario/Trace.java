package dev.zck.simulator.scenario;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Predicate;

/**
 * Everything a scenario run observed, in order, with virtual timestamps: every step and its result, every message
 * received, every socket event, and the bytes on the wire per connection and direction. The same scenario and seed
 * give the same trace, byte for byte ({@link #render()}, {@link #hash()}).
 */
public final class Trace {
    private final String scenario;
    private final long seed;
    private final List<TraceEvent> events;
    private final long virtualNanos;
    private String rendered;
    private String hash;

    public Trace(String scenario, long seed, List<TraceEvent> events, long virtualNanos) {
        this.scenario = scenario;
        this.seed = seed;
        this.events = List.copyOf(events);
        this.virtualNanos = virtualNanos;
    }

    public String scenario() {
        return scenario;
    }

    public long seed() {
        return seed;
    }

    public List<TraceEvent> events() {
        return events;
    }

    /** The events of one kind. */
    public List<TraceEvent> events(TraceEvent.Kind kind) {
        return events.stream().filter(e -> e.kind() == kind).toList();
    }

    /** The events of one kind about one subject (a socket id). */
    public List<TraceEvent> events(TraceEvent.Kind kind, String subject) {
        return select(e -> e.kind() == kind && e.subject().equals(subject));
    }

    public List<TraceEvent> select(Predicate<TraceEvent> which) {
        return events.stream().filter(which).toList();
    }

    /** Virtual time at the end of the run, in nanoseconds. */
    public long virtualNanos() {
        return virtualNanos;
    }

    /** One line per event, each ending in a newline; stable across runs and machines. */
    public String render() {
        if (rendered == null) {
            StringBuilder b = new StringBuilder(events.size() * 64);
            for (TraceEvent e : events) {
                e.appendTo(b);
                b.append('\n');
            }
            rendered = b.toString();
        }
        return rendered;
    }

    /** SHA-256 of {@link #render()} in UTF-8, as 64 hex digits. */
    public String hash() {
        if (hash == null) {
            try {
                MessageDigest digest = MessageDigest.getInstance("SHA-256");
                hash = HexFormat.of().formatHex(digest.digest(render().getBytes(StandardCharsets.UTF_8)));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalStateException("every JVM has SHA-256", e);
            }
        }
        return hash;
    }

    /** The first 12 hex digits of the hash, as printed. */
    public String shortHash() {
        return hash().substring(0, 12);
    }

    /** e.g. {@code standard seed 7: 1234 events, virtual 2.345000000 s, sha 3f9a01b2c3d4}. */
    @Override
    public String toString() {
        return scenario + " seed " + seed + ": " + events.size() + " events, virtual " + virtualSeconds() + " s, sha "
                + shortHash();
    }

    /** Virtual seconds at the end, with three decimals. */
    public String virtualSeconds() {
        long millis = virtualNanos / 1_000_000;
        return millis / 1000 + "." + String.format("%03d", millis % 1000);
    }
}
