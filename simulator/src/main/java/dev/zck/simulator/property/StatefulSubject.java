package dev.zck.simulator.property;

import dev.zck.simulator.property.internal.Budget;
import dev.zck.simulator.property.internal.ChoiceShrinker;
import dev.zck.simulator.property.internal.Choices;
import dev.zck.simulator.property.internal.Draws;
import dev.zck.simulator.property.internal.Invalid;
import dev.zck.simulator.property.internal.ListShrinker;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiPredicate;

/**
 * A stateful property: a case is a list of actions, each kept with the choices that generated it. Shrinking first
 * cuts the list after the failing action, then deletes actions (delta debugging, keeping only lists whose
 * preconditions all hold), then simplifies each action's values by shrinking its own choices and generating it again
 * in the model's state at its place, and repeats while any of that helps.
 */
final class StatefulSubject<M, S> implements Subject<StatefulSubject.Case<M, S>> {
    record Step<M, S>(Action<M, S> action, Choices choices) {}

    record Case<M, S>(List<Step<M, S>> steps, int size) {
        List<Action<M, S>> actions() {
            return steps.stream().map(Step::action).toList();
        }
    }

    private final StateMachine<M, S> machine;

    StatefulSubject(StateMachine<M, S> machine) {
        this.machine = machine;
    }

    @Override
    public Case<M, S> generate(Draws draws) {
        M model = machine.initialModel();
        List<Step<M, S>> steps = new ArrayList<>();
        while (draws.another(steps.size(), 0, draws.size())) {
            int start = draws.position();
            Action<M, S> action = action(model, draws);
            steps.add(new Step<>(action, draws.choicesSince(start)));
            model = action.next(model);
        }
        return new Case<>(List.copyOf(steps), draws.size());
    }

    /** An action whose precondition holds in {@code model}, which it does not change. */
    private Action<M, S> action(M model, Draws draws) {
        try {
            return machine.actions(model).filter(a -> a.precondition(model)).generate(draws);
        } catch (Invalid e) {
            throw new Invalid("no action's precondition held in the model's state " + model + ": " + e.getMessage());
        }
    }

    @Override
    public Failed run(Case<M, S> value) {
        return execute(machine, value.actions());
    }

    /** Runs {@code actions} on a fresh system: how it failed (a precondition that fails is a failure), or null. */
    static <M, S> Failed execute(StateMachine<M, S> machine, List<? extends Action<M, S>> actions) {
        S system = null;
        int step = -1;
        Throwable error = null;
        try {
            system = machine.newSystem();
            M model = machine.initialModel();
            for (step = 0; step < actions.size(); step++) {
                Action<M, S> action = actions.get(step);
                if (!action.precondition(model)) {
                    throw new IllegalStateException(
                            "action " + (step + 1) + ", " + action + ", is not allowed in the model's state " + model);
                }
                action.run(system, model);
                model = action.next(model);
                machine.invariant(model, system);
            }
        } catch (Throwable t) {
            error = Failed.caught(t);
        }
        String trace = "";
        if (system != null) {
            if (error != null) {
                trace = trace(machine, system);
            }
            try {
                machine.close(system);
            } catch (Throwable t) {
                if (error == null) {
                    error = Failed.caught(t);
                    step = actions.size();
                } else {
                    error.addSuppressed(t);
                }
            }
        }
        return error == null ? null : new Failed(error, step, trace);
    }

    private static <M, S> String trace(StateMachine<M, S> machine, S system) {
        try {
            String trace = machine.trace(system);
            return trace == null ? "" : trace;
        } catch (RuntimeException e) {
            return "(the trace failed: " + e + ")";
        }
    }

    private boolean allowed(List<Step<M, S>> steps) {
        M model = machine.initialModel();
        for (Step<M, S> step : steps) {
            if (!step.action().precondition(model)) {
                return false;
            }
            model = step.action().next(model);
        }
        return true;
    }

    @Override
    public Failing<Case<M, S>> shrink(
            Failing<Case<M, S>> failing, BiPredicate<Throwable, Throwable> sameFailure, Budget budget) {
        Shrinking shrinking = new Shrinking(failing, sameFailure, budget);
        Failing<Case<M, S>> before;
        do {
            before = shrinking.current;
            shrinking.cutAfterFailure();
            shrinking.deleteActions();
            shrinking.simplifyActions();
        } while (shrinking.current != before && !budget.exhausted());
        return shrinking.current;
    }

    /** One shrink: the simplest failing case so far and what a candidate must fail like. */
    private final class Shrinking {
        private final Throwable original;
        private final BiPredicate<Throwable, Throwable> sameFailure;
        private final Budget budget;
        private final int size;
        private Failing<Case<M, S>> current;

        Shrinking(Failing<Case<M, S>> start, BiPredicate<Throwable, Throwable> sameFailure, Budget budget) {
            this.current = start;
            this.original = start.failed().error();
            this.sameFailure = sameFailure;
            this.budget = budget;
            this.size = start.value().size();
        }

        /** Runs {@code steps} if their preconditions hold and the budget allows: the failing case, or null. */
        private Failing<Case<M, S>> attempt(List<Step<M, S>> steps) {
            if (!allowed(steps) || !budget.take()) {
                return null;
            }
            Case<M, S> candidate = new Case<>(List.copyOf(steps), size);
            Failed failed = run(candidate);
            if (failed == null || !sameFailure.test(original, failed.error())) {
                return null;
            }
            return new Failing<>(candidate, failed);
        }

        void cutAfterFailure() {
            List<Step<M, S>> steps = current.value().steps();
            int last = current.failed().step();
            if (last >= 0 && last + 1 < steps.size()) {
                Failing<Case<M, S>> cut = attempt(steps.subList(0, last + 1));
                if (cut != null) {
                    current = cut;
                }
            }
        }

        void deleteActions() {
            ListShrinker.shrink(
                    current.value().steps(),
                    steps -> {
                        Failing<Case<M, S>> shorter = attempt(steps);
                        if (shorter != null) {
                            current = shorter;
                        }
                        return shorter != null;
                    },
                    budget);
        }

        void simplifyActions() {
            for (int i = 0; i < current.value().steps().size() && !budget.exhausted(); i++) {
                int index = i;
                M model = modelBefore(index);
                ChoiceShrinker.Attempt<Failing<Case<M, S>>> attempt = candidate -> {
                    Draws draws = Draws.replay(candidate, size);
                    Action<M, S> action;
                    try {
                        action = action(model, draws);
                    } catch (RuntimeException invalid) {
                        return null;
                    }
                    List<Step<M, S>> steps = new ArrayList<>(current.value().steps());
                    steps.set(index, new Step<>(action, draws.choices()));
                    Failing<Case<M, S>> simpler = attempt(steps);
                    return simpler == null ? null : new ChoiceShrinker.Found<>(draws.choices(), simpler);
                };
                Step<M, S> step = current.value().steps().get(index);
                current = ChoiceShrinker.shrink(new ChoiceShrinker.Found<>(step.choices(), current), attempt, budget)
                        .result();
            }
        }

        private M modelBefore(int index) {
            M model = machine.initialModel();
            for (Step<M, S> step : current.value().steps().subList(0, index)) {
                model = step.action().next(model);
            }
            return model;
        }
    }

    @Override
    public List<String> describe(Case<M, S> value) {
        return value.actions().stream().map(String::valueOf).toList();
    }

    @Override
    public String unit() {
        return "actions";
    }

    @Override
    public Object counterexample(Case<M, S> value) {
        return value.actions();
    }

    @Override
    public JavaCase java(Case<M, S> value) {
        String machineJava = machine.toJava();
        if (machineJava == null) {
            return JavaCase.none("the machine has no toJava()");
        }
        List<String> actions = new ArrayList<>();
        for (Action<M, S> action : value.actions()) {
            String java = action.toJava();
            if (java == null) {
                return JavaCase.none("the action " + action + " has no toJava()");
            }
            actions.add(java);
        }
        return new JavaCase(machineJava, actions, "");
    }
}
