package dev.zck.simulator.property;

import dev.zck.simulator.property.internal.CallSite;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * A property test, written as a call inside an ordinary JUnit test method (no extension, no runner):
 *
 * <pre>{@code
 * Property.forAll(Gen.lists(Gen.ints(0, 1000)), xs -> assertThat(sum(xs)).isLessThan(100)).check();
 * Property.stateful(new QueueMachine()).tries(200).check();
 * }</pre>
 *
 * <p>{@link #check()} runs the tries; on the first failing case it shrinks it and throws a {@link PropertyFailure}
 * whose message has the seed, the tries, the original and shrunk case, the system's trace, the standalone test it
 * wrote for a shrunk stateful case and the command that replays the case.
 *
 * <p><b>Seeds.</b> Verdicts must be stable, so the default seed is fixed per test: derived from the test's class and
 * method names. The system property {@value Seed#PROPERTY} overrides it (and any {@link #seed(long)}) to replay a
 * reported case, and {@value #TRIES_PROPERTY} overrides the number of tries (e.g. to search harder overnight). Both
 * apply to every property the JVM runs, so pair them with {@code -Dtest=Class#method}.
 *
 * <p>A {@code Property} is a builder: the setters change it and return it. Not thread-safe.
 */
public final class Property {
    /** The system property that overrides every property test's number of tries. */
    public static final String TRIES_PROPERTY = "zck.tries";

    public static final int DEFAULT_TRIES = 100;
    public static final int DEFAULT_MAX_SIZE = 100;
    public static final int DEFAULT_SHRINK_BUDGET = 1000;

    /** Checks one generated value; throws (an assertion, typically) when the property does not hold. */
    @FunctionalInterface
    public interface Check<T> {
        void accept(T value) throws Exception;
    }

    private final Subject<?> subject;
    private Long seed;
    private int tries = DEFAULT_TRIES;
    private int maxSize = DEFAULT_MAX_SIZE;
    private int shrinkBudget = DEFAULT_SHRINK_BUDGET;
    private BiPredicate<Throwable, Throwable> sameFailure = (original, candidate) -> true;
    private Path shrunkTests = Path.of("target", "zck-shrunk");

    private Property(Subject<?> subject) {
        this.subject = subject;
    }

    /** {@code check} holds for every value of {@code gen}. */
    public static <T> Property forAll(Gen<T> gen, Check<? super T> check) {
        return new Property(new ValueSubject<>(Objects.requireNonNull(gen), Objects.requireNonNull(check)));
    }

    /** The system agrees with the model along every sequence of actions {@code machine} generates. */
    public static <M, S> Property stateful(StateMachine<M, S> machine) {
        return new Property(new StatefulSubject<>(Objects.requireNonNull(machine)));
    }

    /** How many cases to try (default {@value #DEFAULT_TRIES}; {@value #TRIES_PROPERTY} overrides it). */
    public Property tries(int tries) {
        this.tries = atLeast(1, tries, "tries");
        return this;
    }

    /** The run's seed, instead of the one derived from the test's name ({@value Seed#PROPERTY} overrides it). */
    public Property seed(long seed) {
        this.seed = seed;
        return this;
    }

    /**
     * The largest case size (default {@value #DEFAULT_MAX_SIZE}): each case draws its size from 1 to this, and
     * unbounded lists and action sequences are at most that long.
     */
    public Property maxSize(int maxSize) {
        this.maxSize = atLeast(1, maxSize, "maxSize");
        return this;
    }

    /** The most candidate runs shrinking may spend (default {@value #DEFAULT_SHRINK_BUDGET}); 0 turns it off. */
    public Property shrinkBudget(int shrinkBudget) {
        this.shrinkBudget = atLeast(0, shrinkBudget, "shrinkBudget");
        return this;
    }

    /**
     * When a shrink candidate's failure (the second argument) counts as the original's (the first); by default any
     * failure does. {@link #sameExceptionClass()} keeps shrinking from sliding from one bug to another.
     */
    public Property sameFailure(BiPredicate<Throwable, Throwable> sameFailure) {
        this.sameFailure = Objects.requireNonNull(sameFailure);
        return this;
    }

    /** Where standalone tests for shrunk stateful cases go (default {@code target/zck-shrunk}); null: nowhere. */
    public Property shrunkTestsIn(Path dir) {
        this.shrunkTests = dir;
        return this;
    }

    /** The two failures are instances of the same class. */
    public static BiPredicate<Throwable, Throwable> sameExceptionClass() {
        return (original, candidate) -> original.getClass() == candidate.getClass();
    }

    /** Runs the tries; throws a {@link PropertyFailure} for the first failing case, shrunk. */
    public void check() {
        CallSite site = CallSite.find(Set.of(Property.class));
        String seedOverride = System.getProperty(Seed.PROPERTY);
        long runSeed = seedOverride != null && !seedOverride.isBlank()
                ? Seed.parse(seedOverride).value()
                : seed != null ? seed : Seed.forName(site.testName()).value();
        int runTries = triesOverride();
        Runner.run(subject, settings(), runSeed, runTries, site);
    }

    /** Runs exactly the case of {@code seed} (a {@link PropertyFailure#seed()}); shrinks and throws if it fails. */
    public void replay(long seed) {
        Runner.run(subject, settings(), seed, 1, CallSite.find(Set.of(Property.class)));
    }

    /**
     * Runs exactly {@code actions} on a fresh system, checking preconditions, postconditions and invariants, and
     * throws what the first failing step throws (an {@link IllegalStateException} for a precondition that fails).
     * The standalone tests written for shrunk cases call this.
     */
    public static <M, S> void replayActions(StateMachine<M, S> machine, List<? extends Action<M, S>> actions)
            throws Exception {
        Failed failed = StatefulSubject.execute(machine, actions);
        if (failed == null) {
            return;
        }
        if (failed.error() instanceof Exception e) {
            throw e;
        }
        if (failed.error() instanceof Error e) {
            throw e;
        }
        throw new AssertionError(failed.error());
    }

    private static int atLeast(int min, int value, String name) {
        if (value < min) {
            throw new IllegalArgumentException(name + " is at least " + min + ": " + value);
        }
        return value;
    }

    private Settings settings() {
        return new Settings(maxSize, shrinkBudget, sameFailure, shrunkTests);
    }

    private int triesOverride() {
        String value = System.getProperty(TRIES_PROPERTY);
        if (value == null || value.isBlank()) {
            return tries;
        }
        try {
            return Math.max(1, Integer.parseInt(value.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(TRIES_PROPERTY + " is a number of tries, was '" + value + "'", e);
        }
    }
}
