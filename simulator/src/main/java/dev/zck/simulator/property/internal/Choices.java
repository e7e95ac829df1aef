package dev.zck.simulator.property.internal;

import java.util.Arrays;
import java.util.List;

/**
 * The choices a generation made, each with the largest value it could have taken, and the spans each generator call
 * covered (a list element, an action): what the shrinker edits and replays. Shortlex order ({@link #simpler}) is the
 * shrinker's measure: fewer choices, then smaller ones.
 *
 * @param values the choices, each in {@code [0, maxes[i]]}
 * @param maxes the largest value of each choice
 * @param spans the choice ranges of generator calls, longest first among those that start at the same index
 */
public record Choices(long[] values, long[] maxes, List<Span> spans) {
    /** The choices {@code [start, end)} of one generator call. */
    public record Span(int start, int end) {
        public int length() {
            return end - start;
        }
    }

    public int length() {
        return values.length;
    }

    /** Whether {@code a} is strictly simpler than {@code b}: shorter, or as long and lexicographically smaller. */
    public static boolean simpler(long[] a, long[] b) {
        if (a.length != b.length) {
            return a.length < b.length;
        }
        return Arrays.compare(a, b) < 0;
    }
}
