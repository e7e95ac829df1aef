package dev.zck.reports;

import dev.zck.spec.Verdict;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one {@code zck run} found, as written to report.json (schema: reports/REPORT-SCHEMA.md).
 *
 * @param kitVersion the zck version that ran the checks
 * @param startedAt when the run started
 * @param durationMs how long it took
 * @param settings the timeouts and other settings in force (name to value), so a result can be reproduced
 * @param implementations every implementation the run tested
 * @param results one entry per check
 */
public record RunReport(
        String kitVersion,
        Instant startedAt,
        long durationMs,
        Map<String, String> settings,
        List<ImplementationEntry> implementations,
        List<CheckResult> results) {
    /** The schema this kit writes; a reader checks it before trusting any field. */
    public static final String SCHEMA = "zck-report/1";

    public RunReport {
        Objects.requireNonNull(kitVersion, "kitVersion");
        Objects.requireNonNull(startedAt, "startedAt");
        settings = Map.copyOf(settings);
        implementations = List.copyOf(implementations);
        results = List.copyOf(results);
    }

    /** How many results have each verdict (every verdict present, zero included). */
    public Map<Verdict, Integer> summary() {
        Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        for (Verdict verdict : Verdict.values()) {
            counts.put(verdict, 0);
        }
        results.forEach(r -> counts.merge(r.verdict(), 1, Integer::sum));
        return counts;
    }

    /** Whether any result makes the run fail. */
    public boolean failed() {
        return results.stream().anyMatch(r -> r.verdict().failsRun());
    }
}
