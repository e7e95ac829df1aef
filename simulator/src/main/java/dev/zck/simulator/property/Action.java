package dev.zck.simulator.property;

/**
 * One step of a stateful test, as data: what to do to the system under test, when it may be done, and what the model
 * expects of it. Actions are values (records, usually) with a readable {@link #toString()} such as {@code
 * send(push, "m3")} or {@code fault(partition a->b)}: a failing case is printed as its list of actions, one per line,
 * and the shrinker deletes and rewrites actions, so an action must not depend on anything but its own fields and the
 * model it is given.
 *
 * @param <M> the model's state
 * @param <S> the system under test
 */
public interface Action<M, S> {

    /**
     * Whether the action may run in {@code model}'s state (a poll needs a non-empty queue). Actions are only generated
     * where this holds, and a shrunk sequence is only tried when it holds at every step.
     */
    default boolean precondition(M model) {
        return true;
    }

    /**
     * Runs the action against the system and checks its postconditions (throws, typically an {@link AssertionError},
     * when the system disagrees with the model). {@code model} is the state before the action.
     */
    void run(S system, M model) throws Exception;

    /**
     * The model's state after the action. It may update {@code model} in place and return it, or return a new
     * state; the engine asks {@link StateMachine#initialModel()} for a fresh one for every run.
     */
    M next(M model);

    /**
     * This action as a Java expression, resolved in the test class's package (e.g. {@code new Offer(3)}), for the
     * standalone test the engine writes for a shrunk case; {@code null} (the default) when it has none, and then no
     * test is written.
     */
    default String toJava() {
        return null;
    }
}
