package dev.zck.simulator.property.internal;

import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

/**
 * Integrated shrinking: simplifies a failing case's choice sequence and keeps every candidate that still fails the
 * same way, until a whole round of passes finds nothing or the budget is spent. The passes, in order: delete each
 * generator call's span (a list element, with its "one more?" choice), delete blocks of 8, 4, 2 and 1 choices, zero
 * each span, lower each choice (0, then a binary search), and move value from one choice to a later one (so that
 * {@code [50, 50]} can become {@code [0, 100]} and then {@code [100]}). A candidate is only run when it is simpler
 * (shortlex) than the current case and has not been run before, and only kept when the choices its replay consumed
 * are simpler still, so shrinking terminates and is deterministic.
 *
 * @param <R> what a run produces, kept with the choices
 */
public final class ChoiceShrinker<R> {
    /** A case that fails: the choices its generation consumed and what its run produced. */
    public record Found<R>(Choices choices, R result) {}

    /** Replays a candidate choice sequence: the failing case it makes, or null when it passes or is invalid. */
    @FunctionalInterface
    public interface Attempt<R> {
        Found<R> run(long[] candidate);
    }

    private static final int[] BLOCKS = {8, 4, 2, 1};
    private static final int REDISTRIBUTE_REACH = 32;

    private final Attempt<R> attempt;
    private final Budget budget;
    private final Set<LongBuffer> tried = new HashSet<>();
    private Found<R> current;

    private ChoiceShrinker(Found<R> start, Attempt<R> attempt, Budget budget) {
        this.current = start;
        this.attempt = attempt;
        this.budget = budget;
    }

    /** The simplest failing case found from {@code start} within the budget ({@code start} itself at worst). */
    public static <R> Found<R> shrink(Found<R> start, Attempt<R> attempt, Budget budget) {
        ChoiceShrinker<R> shrinker = new ChoiceShrinker<>(start, attempt, budget);
        boolean progress = true;
        while (progress && !budget.exhausted()) {
            progress = shrinker.deleteSpans();
            progress |= shrinker.deleteBlocks();
            progress |= shrinker.zeroSpans();
            progress |= shrinker.lowerEach();
            progress |= shrinker.redistribute();
        }
        return shrinker.current;
    }

    private long[] values() {
        return current.choices().values();
    }

    private boolean deleteSpans() {
        boolean progress = false;
        for (int i = 0; i < current.choices().spans().size() && !budget.exhausted(); i++) {
            Choices.Span span = current.choices().spans().get(i);
            if (consider(without(values(), span.start(), span.end()))) {
                progress = true;
                i--;
            }
        }
        return progress;
    }

    private boolean deleteBlocks() {
        boolean progress = false;
        for (int block : BLOCKS) {
            for (int i = 0; i + block <= values().length && !budget.exhausted(); ) {
                if (consider(without(values(), i, i + block))) {
                    progress = true;
                } else {
                    i++;
                }
            }
        }
        return progress;
    }

    private boolean zeroSpans() {
        boolean progress = false;
        for (int i = 0; i < current.choices().spans().size() && !budget.exhausted(); i++) {
            Choices.Span span = current.choices().spans().get(i);
            long[] candidate = values().clone();
            Arrays.fill(candidate, span.start(), span.end(), 0);
            progress |= consider(candidate);
        }
        return progress;
    }

    private boolean lowerEach() {
        boolean progress = false;
        for (int i = 0; i < values().length && !budget.exhausted(); i++) {
            if (values()[i] == 0) {
                continue;
            }
            if (consider(with(values(), i, 0))) {
                progress = true;
                continue;
            }
            // Binary search between a value known not to fail (lo) and the current one.
            long lo = 0;
            while (i < values().length && values()[i] - lo > 1 && !budget.exhausted()) {
                long mid = lo + (values()[i] - lo) / 2;
                if (consider(with(values(), i, mid))) {
                    progress = true;
                } else {
                    lo = mid;
                }
            }
        }
        return progress;
    }

    private boolean redistribute() {
        boolean progress = false;
        for (int i = 0; i < values().length && !budget.exhausted(); i++) {
            long[] maxes = current.choices().maxes();
            if (maxes[i] <= 1 || values()[i] == 0) {
                continue;
            }
            for (int j = i + 1; j < Math.min(values().length, i + 1 + REDISTRIBUTE_REACH); j++) {
                if (maxes[j] <= 1) {
                    continue;
                }
                long[] candidate = values().clone();
                long moved = Math.min(candidate[i], maxes[j] - candidate[j]);
                if (moved <= 0) {
                    continue;
                }
                candidate[i] -= moved;
                candidate[j] += moved;
                if (consider(candidate)) {
                    progress = true;
                    break;
                }
            }
        }
        return progress;
    }

    private boolean consider(long[] candidate) {
        if (!Choices.simpler(candidate, values()) || !tried.add(LongBuffer.wrap(candidate)) || !budget.take()) {
            return false;
        }
        Found<R> found = attempt.run(candidate);
        if (found == null || !Choices.simpler(found.choices().values(), values())) {
            return false;
        }
        current = found;
        return true;
    }

    private static long[] without(long[] values, int from, int to) {
        long[] out = new long[values.length - (to - from)];
        System.arraycopy(values, 0, out, 0, from);
        System.arraycopy(values, to, out, from, values.length - to);
        return out;
    }

    private static long[] with(long[] values, int index, long value) {
        long[] out = values.clone();
        out[index] = value;
        return out;
    }
}
