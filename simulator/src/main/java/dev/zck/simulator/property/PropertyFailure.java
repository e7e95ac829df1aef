package dev.zck.simulator.property;

import dev.zck.simulator.property.internal.Report;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * A property that does not hold: an {@link AssertionError}, so that JUnit reports it as a test failure, whose message
 * is the whole report (seed, tries, original and shrunk case, trace, replay command) and whose cause is the shrunk
 * case's failure. The accessors are for tests of properties, which check what was found.
 */
public final class PropertyFailure extends AssertionError {
    private static final long serialVersionUID = 1L;

    private final transient Report report;
    private final transient Object original;
    private final transient Object shrunk;
    private final transient Throwable originalError;

    PropertyFailure(Report report, Object original, Object shrunk, Throwable originalError) {
        super(report.render(), report.failure());
        this.report = report;
        this.original = original;
        this.shrunk = shrunk;
        this.originalError = originalError;
    }

    /** The failing case's seed: {@code Property.replay(seed)} or {@code -Dzck.seed=} runs it again. */
    public long seed() {
        return report.seed();
    }

    /** The failing case's size. */
    public int size() {
        return report.size();
    }

    /** The try that failed, from 1. */
    public int failedTry() {
        return report.failedTry();
    }

    /** The case as generated: the value, or the list of actions. */
    public Object original() {
        return original;
    }

    /** The shrunk case: the value, or the list of actions. */
    public Object shrunk() {
        return shrunk;
    }

    /** The shrunk case, one line per action or value, as printed. */
    public List<String> shrunkLines() {
        return report.shrunk();
    }

    /** What the original case threw; {@link #getCause()} is what the shrunk one threw. */
    public Throwable originalError() {
        return originalError;
    }

    /** How many candidate runs shrinking spent. */
    public int shrinkAttempts() {
        return report.shrinkAttempts();
    }

    /** The system's trace of the shrunk run, "" if it gave none. */
    public String trace() {
        return report.trace();
    }

    /** The standalone test written for the shrunk case, if one was. */
    public Optional<Path> shrunkTest() {
        return Optional.ofNullable(report.shrunkTest());
    }

    /** The command that replays the failing case. */
    public String replayCommand() {
        return report.replayCommand();
    }
}
