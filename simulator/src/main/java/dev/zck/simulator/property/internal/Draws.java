package dev.zck.simulator.property.internal;

import dev.zck.simulator.property.Rand;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Where generators get their randomness: a sequence of choices, each a number in {@code [0, max]}, drawn from a
 * {@link Rand} on a random try and read back from a recorded (or shrunk) sequence on a replay. Every choice is
 * recorded, so that any case, however composed its generator, is the sequence of choices that made it; that is what
 * integrated shrinking edits. Choice 0 is always the simplest value (the shortest list, the smallest number).
 *
 * <p>A replayed choice larger than its {@code max} is clamped to it, and choices past the end of the sequence read as
 * 0: a shrunk sequence is always readable, it just may not mean the same case any more.
 */
public final class Draws {
    /** The most choices one case may make before it is given up as runaway generation. */
    public static final int MAX_CHOICES = 1 << 20;

    private final Rand rand;
    private final long[] prefix;
    private final int size;
    private long[] values = new long[16];
    private long[] maxes = new long[16];
    private int length;
    private final List<Choices.Span> spans = new ArrayList<>();

    private Draws(Rand rand, long[] prefix, int size) {
        this.rand = rand;
        this.prefix = prefix;
        this.size = size;
    }

    /** Draws from {@code rand}; {@code size} bounds the length of unbounded lists and action sequences. */
    public static Draws random(Rand rand, int size) {
        return new Draws(rand, null, size);
    }

    /** Reads back {@code choices}. */
    public static Draws replay(long[] choices, int size) {
        return new Draws(null, choices, size);
    }

    /** How big the case may get: the bound of unbounded lists and action sequences. */
    public int size() {
        return size;
    }

    /** A choice in {@code [0, max]}, uniform on a random try. */
    public long draw(long max) {
        if (max < 0) {
            throw new IllegalArgumentException("a choice's max is not negative: " + max);
        }
        if (rand == null) {
            return record(replayed(max), max);
        }
        return record(max == Long.MAX_VALUE ? rand.nextLong() >>> 1 : rand.nextLong(max + 1), max);
    }

    /** A choice of 0 or 1, 1 with probability {@code p} on a random try. */
    public boolean weighted(double p) {
        long value = rand == null ? replayed(1) : rand.nextDouble() < p ? 1 : 0;
        return record(value, 1) == 1;
    }

    private long replayed(long max) {
        return length < prefix.length ? Math.min(Math.max(prefix[length], 0), max) : 0;
    }

    private long record(long value, long max) {
        if (length == MAX_CHOICES) {
            throw new Invalid("a case made more than " + MAX_CHOICES + " random choices (runaway generation?)");
        }
        if (length == values.length) {
            values = Arrays.copyOf(values, length * 2);
            maxes = Arrays.copyOf(maxes, length * 2);
        }
        values[length] = value;
        maxes[length] = max;
        length++;
        return value;
    }

    /** How many choices have been made: where the next one will be. */
    public int position() {
        return length;
    }

    /** Records that one generator call covered the choices from {@code start} to now. */
    public void span(int start) {
        if (length - start > 1) {
            spans.add(new Choices.Span(start, length));
        }
    }

    /**
     * Whether a list of {@code count} elements, to be {@code min} to {@code max} long, gets one more: always below
     * {@code min}, never at {@code max}, else after a "one more?" choice. Drawing a choice before each optional
     * element lets the shrinker delete an element by deleting its span (the choice and the element). The number of
     * optional elements is geometric with a mean of half the room, cut at {@code max}.
     */
    public boolean another(int count, int min, int max) {
        if (count < min) {
            return true;
        }
        if (count >= max) {
            return false;
        }
        double mean = Math.max(1.0, (max - min) / 2.0);
        return weighted(mean / (mean + 1));
    }

    /** Every choice made so far, with the spans. */
    public Choices choices() {
        return choicesSince(0);
    }

    /** The choices made since {@code start}, with the spans inside them, numbered from {@code start}. */
    public Choices choicesSince(int start) {
        List<Choices.Span> inside = new ArrayList<>();
        for (Choices.Span span : new LinkedHashSet<>(spans)) {
            if (span.start() >= start) {
                inside.add(new Choices.Span(span.start() - start, span.end() - start));
            }
        }
        inside.sort(Comparator.comparingInt(Choices.Span::start)
                .thenComparing(Comparator.comparingInt(Choices.Span::length).reversed()));
        return new Choices(
                Arrays.copyOfRange(values, start, length),
                Arrays.copyOfRange(maxes, start, length),
                List.copyOf(inside));
    }
}
