package dev.zck.simulator.property.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Delta debugging over a list of actions: removes chunks of half the list, then of a quarter, and so on down to single
 * actions, keeping every removal after which the case still fails, and repeats single removals until none is left to
 * make. Actions are kept as they are (only removed), so the result is a subsequence of the original; the caller's
 * predicate rejects candidates whose preconditions no longer hold before running them.
 */
public final class ListShrinker {
    private ListShrinker() {}

    /** The shortest sublist of {@code start} found that {@code stillFails}, within the budget. */
    public static <X> List<X> shrink(List<X> start, Predicate<List<X>> stillFails, Budget budget) {
        List<X> current = start;
        int chunk = Math.max(1, current.size() / 2);
        while (!budget.exhausted() && !current.isEmpty()) {
            boolean removed = false;
            for (int from = 0; from < current.size() && !budget.exhausted(); ) {
                int to = Math.min(current.size(), from + chunk);
                List<X> candidate = new ArrayList<>(current.subList(0, from));
                candidate.addAll(current.subList(to, current.size()));
                if (stillFails.test(candidate)) {
                    current = candidate;
                    removed = true;
                } else {
                    from = to;
                }
            }
            if (chunk == 1 && !removed) {
                break;
            }
            chunk = Math.max(1, chunk / 2);
        }
        return current;
    }
}
