package dev.zck.simulator.property;

import dev.zck.simulator.property.internal.Budget;
import dev.zck.simulator.property.internal.ChoiceShrinker;
import dev.zck.simulator.property.internal.Choices;
import dev.zck.simulator.property.internal.Draws;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiPredicate;

/** A property of generated values: a case is a value with the choices that made it, shrunk by those choices. */
final class ValueSubject<T> implements Subject<ValueSubject.Case<T>> {
    record Case<T>(T value, Choices choices, int size) {}

    private final Gen<T> gen;
    private final Property.Check<? super T> check;

    ValueSubject(Gen<T> gen, Property.Check<? super T> check) {
        this.gen = gen;
        this.check = check;
    }

    @Override
    public Case<T> generate(Draws draws) {
        T value = gen.generate(draws);
        return new Case<>(value, draws.choices(), draws.size());
    }

    @Override
    public Failed run(Case<T> value) {
        try {
            check.accept(value.value());
            return null;
        } catch (Throwable t) {
            return new Failed(Failed.caught(t), -1, "");
        }
    }

    @Override
    public Failing<Case<T>> shrink(
            Failing<Case<T>> failing, BiPredicate<Throwable, Throwable> sameFailure, Budget budget) {
        int size = failing.value().size();
        Throwable original = failing.failed().error();
        ChoiceShrinker.Attempt<Failing<Case<T>>> attempt = candidate -> {
            Draws draws = Draws.replay(candidate, size);
            Case<T> replayed;
            try {
                replayed = generate(draws);
            } catch (RuntimeException invalid) {
                return null;
            }
            if (!budget.take()) {
                return null;
            }
            Failed failed = run(replayed);
            if (failed == null || !sameFailure.test(original, failed.error())) {
                return null;
            }
            return new ChoiceShrinker.Found<>(replayed.choices(), new Failing<>(replayed, failed));
        };
        return ChoiceShrinker.shrink(new ChoiceShrinker.Found<>(failing.value().choices(), failing), attempt, budget)
                .result();
    }

    @Override
    public List<String> describe(Case<T> value) {
        return List.of(show(value.value()));
    }

    @Override
    public String unit() {
        return "";
    }

    @Override
    public Object counterexample(Case<T> value) {
        return value.value();
    }

    @Override
    public JavaCase java(Case<T> value) {
        return JavaCase.none("");
    }

    /** A value as printed in a report: strings quoted, arrays by element. */
    static String show(Object value) {
        if (value instanceof String s) {
            return '"' + s + '"';
        }
        if (value != null && value.getClass().isArray()) {
            String deep = Arrays.deepToString(new Object[] {value});
            return deep.substring(1, deep.length() - 1);
        }
        return String.valueOf(value);
    }
}
