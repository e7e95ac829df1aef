package dev.zck.reports;

import dev.zck.spec.Verdict;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of one check: what it checked (rule IDs), against what (an implementation, and a peer implementation
 * for checks between two), the verdict, and enough to act on it (the failure message, the seed to replay it).
 *
 * @param check a stable name of the check, e.g. {@code contract/bind-port-zero} or
 *     {@code interop/PUSH->PULL/impl-binds}
 * @param suite the suite the check belongs to, e.g. {@code contract}, {@code interop}
 * @param ruleIds the catalog rules the check tests (at least one)
 * @param implementation the ID of the implementation under test
 * @param peer the ID of the peer implementation, or null when the check involves one implementation
 * @param verdict the verdict
 * @param durationMs how long the check took (wall time)
 * @param seed the seed of a randomized check, or null
 * @param message why the check did not pass (null when it passed)
 */
public record CheckResult(
        String check,
        String suite,
        List<String> ruleIds,
        String implementation,
        String peer,
        Verdict verdict,
        long durationMs,
        Long seed,
        String message) {
    public CheckResult {
        Objects.requireNonNull(check, "check");
        Objects.requireNonNull(suite, "suite");
        ruleIds = List.copyOf(ruleIds);
        Objects.requireNonNull(implementation, "implementation");
        Objects.requireNonNull(verdict, "verdict");
    }
}
