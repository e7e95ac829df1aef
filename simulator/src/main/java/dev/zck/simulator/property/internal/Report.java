package dev.zck.simulator.property.internal;

import java.nio.file.Path;
import java.util.List;

/**
 * What a failing property prints: where the case came from (seed, size, try), the original and the shrunk case (one
 * action or value per line), the failure, the system's trace of the shrunk run, the standalone test written for it
 * and the command that replays it.
 *
 * @param test the test, {@code Class#method}
 * @param seed the seed of the failing case
 * @param size the case's size
 * @param failedTry the try that failed, from 1
 * @param tries the tries the run would have made
 * @param original the generated case, one line per action or value
 * @param shrunk the shrunk case, one line per action or value
 * @param unit what a line is, "actions" (counted in the headings), or "" for a value (not counted)
 * @param shrinkAttempts the candidate runs shrinking spent
 * @param failure the shrunk case's failure
 * @param trace the system's trace of the shrunk run, "" if none
 * @param shrunkTest the standalone test written for the shrunk case, or null
 * @param note why no standalone test was written, or ""
 * @param replayCommand the command that replays the case
 */
public record Report(
        String test,
        long seed,
        int size,
        int failedTry,
        int tries,
        List<String> original,
        List<String> shrunk,
        String unit,
        int shrinkAttempts,
        Throwable failure,
        String trace,
        Path shrunkTest,
        String note,
        String replayCommand) {

    public String render() {
        StringBuilder out = new StringBuilder();
        out.append("Property failed on try ").append(failedTry).append(" of ").append(tries);
        out.append(" (seed ").append(seed).append(", size ").append(size).append("): ");
        out.append(test).append('\n');
        out.append("Original case").append(unit.isEmpty() ? "" : " (" + original.size() + " " + unit + ")");
        out.append(":\n");
        lines(out, original);
        out.append("Shrunk case (").append(unit.isEmpty() ? "" : shrunk.size() + " " + unit + ", ");
        out.append(shrinkAttempts).append(" shrink attempts):\n");
        lines(out, shrunk);
        out.append("Failure:\n");
        lines(out, failure.toString().lines().toList());
        if (!trace.isBlank()) {
            out.append("Trace of the shrunk run:\n");
            lines(out, trace.lines().toList());
        }
        if (shrunkTest != null) {
            out.append("Standalone test: ").append(shrunkTest).append('\n');
        } else if (!note.isEmpty()) {
            out.append("No standalone test: ").append(note).append('\n');
        }
        out.append("Replay: ").append(replayCommand);
        return out.toString();
    }

    private static void lines(StringBuilder out, List<String> lines) {
        for (String line : lines) {
            out.append("  ").append(line).append('\n');
        }
    }
}
