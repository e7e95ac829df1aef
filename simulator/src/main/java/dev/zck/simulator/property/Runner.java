package dev.zck.simulator.property;

import dev.zck.simulator.property.internal.Budget;
import dev.zck.simulator.property.internal.CallSite;
import dev.zck.simulator.property.internal.Draws;
import dev.zck.simulator.property.internal.Invalid;
import dev.zck.simulator.property.internal.JavaTestWriter;
import dev.zck.simulator.property.internal.Report;
import java.io.IOException;
import java.nio.file.Path;

/**
 * The try loop. Try 1 runs the case whose seed is the run's seed; every further try takes the next seed of a stream
 * split from it. A case's size (1 to the maximum) is the first number drawn from its seed, so a case is named by its
 * seed alone, and {@code -Dzck.seed=<a failing case's seed>} makes that case try 1.
 */
final class Runner {
    private Runner() {}

    static <C> void run(Subject<C> subject, Settings settings, long runSeed, int tries, CallSite site) {
        Rand seeds = new Rand(runSeed).split();
        for (int attempt = 1; attempt <= tries; attempt++) {
            long seed = attempt == 1 ? runSeed : seeds.nextLong();
            Rand rand = new Rand(seed);
            int size = 1 + rand.nextInt(settings.maxSize());
            C value;
            try {
                value = subject.generate(Draws.random(rand, size));
            } catch (RuntimeException e) {
                String why = e instanceof Invalid ? e.getMessage() : "the generator threw " + e;
                throw new IllegalStateException(
                        site.testName() + ": cannot generate a case from seed " + seed + ": " + why, e);
            }
            Failed failed = subject.run(value);
            if (failed != null) {
                Subject.Failing<C> original = new Subject.Failing<>(value, failed);
                throw failure(subject, settings, original, seed, size, attempt, tries, site);
            }
        }
    }

    private static <C> PropertyFailure failure(
            Subject<C> subject,
            Settings settings,
            Subject.Failing<C> original,
            long seed,
            int size,
            int attempt,
            int tries,
            CallSite site) {
        Budget budget = new Budget(settings.shrinkBudget());
        Subject.Failing<C> shrunk = subject.shrink(original, settings.sameFailure(), budget);
        Subject.JavaCase java = subject.java(shrunk.value());
        Path test = null;
        String note = java.note();
        if (java.machine() != null && settings.shrunkTests() != null) {
            String origin = "Seed " + seed + ", size " + size + "; it failed with "
                    + shrunk.failed().error();
            try {
                test = JavaTestWriter.write(settings.shrunkTests(), site, java.machine(), java.actions(), origin);
            } catch (IOException e) {
                note = "could not write it to " + settings.shrunkTests() + ": " + e;
            }
        }
        Report report = new Report(
                site.testName(),
                seed,
                size,
                attempt,
                tries,
                subject.describe(original.value()),
                subject.describe(shrunk.value()),
                subject.unit(),
                budget.used(),
                shrunk.failed().error(),
                shrunk.failed().trace(),
                test,
                note,
                site.replayCommand(seed));
        return new PropertyFailure(
                report,
                subject.counterexample(original.value()),
                subject.counterexample(shrunk.value()),
                original.failed().error());
    }
}
