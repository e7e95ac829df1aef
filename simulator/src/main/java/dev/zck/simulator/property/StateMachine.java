package dev.zck.simulator.property;

/**
 * A stateful test: a model of what the system should do, the system itself, and the actions that may be taken. The
 * engine generates sequences of actions whose preconditions hold against the model, runs each against a fresh system,
 * checks the postconditions of every action and the {@link #invariant} after it, and when a sequence fails, shrinks
 * it to the fewest and simplest actions that still fail (see {@link Property#stateful}). The simulator's scenarios
 * are machines whose actions are socket operations and faults.
 *
 * @param <M> the model's state: a value or a mutable object, fresh from {@link #initialModel()} for every run
 * @param <S> the system under test, fresh from {@link #newSystem()} for every run
 */
public interface StateMachine<M, S> {

    /** The model's state before any action; a new object on every call when the model is mutable. */
    M initialModel();

    /** A fresh system under test, in the state the initial model describes. */
    S newSystem() throws Exception;

    /**
     * The actions that may be generated in {@code model}'s state. Those whose precondition fails are drawn again (up
     * to {@value Gen#FILTER_TRIES} times before the case is declared ungeneratable), so offer mostly actions that are
     * possible in that state.
     */
    Gen<? extends Action<M, S>> actions(M model);

    /** Checked after every action: throws when the system and the model disagree. */
    default void invariant(M model, S system) throws Exception {}

    /** What the system recorded of a failing run (the simulator's event trace), printed in the report; "" for none. */
    default String trace(S system) {
        return "";
    }

    /** Releases the system after a run, failing or not. */
    default void close(S system) throws Exception {}

    /**
     * This machine as a Java expression for the standalone test written for a shrunk case: by default {@code new
     * C()} for its class {@code C}, which then needs a no-argument constructor visible from the test's package.
     */
    default String toJava() {
        return "new " + getClass().getCanonicalName() + "()";
    }
}
