package dev.zck.simulator.property;

import dev.zck.simulator.property.internal.Budget;
import dev.zck.simulator.property.internal.Draws;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * What a property is about: how to make a case, run it and shrink it. The engine's loop ({@link Runner}) is the same
 * for a value property ({@link ValueSubject}) and a stateful one ({@link StatefulSubject}).
 *
 * @param <C> a case
 */
interface Subject<C> {

    /** A failing case and how it failed. */
    record Failing<C>(C value, Failed failed) {}

    /** A case as Java: the machine and actions as expressions, or a note on why there is none. */
    record JavaCase(String machine, List<String> actions, String note) {
        static JavaCase none(String note) {
            return new JavaCase(null, List.of(), note);
        }
    }

    /** A case drawn from {@code draws}; throws {@code Invalid} when the generator cannot make one. */
    C generate(Draws draws);

    /** Runs the case: how it failed, or null when it passed. */
    Failed run(C value);

    /** The simplest case found that fails as {@code failing} does ({@code sameFailure}), within the budget. */
    Failing<C> shrink(Failing<C> failing, BiPredicate<Throwable, Throwable> sameFailure, Budget budget);

    /** The case, one line per action or value. */
    List<String> describe(C value);

    /** What a line of {@link #describe} is, "actions", or "" when the case is one value. */
    String unit();

    /** The case as the user sees it: the value, or the list of actions. */
    Object counterexample(C value);

    /** The case as Java, for a standalone test. */
    JavaCase java(C value);
}
