package dev.zck.simulator.property;

import dev.zck.simulator.property.internal.Draws;
import dev.zck.simulator.property.internal.Invalid;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A generator of random values, built from the combinators here.
 *
 * <p><b>Shrinking is integrated</b>, as in Hypothesis: a generator makes its random decisions only through {@link
 * Draws}, which records each one as a number whose 0 means "simplest" (the shortest list, the smallest number, the
 * first option). A failing case is then its sequence of choices, and the shrinker simplifies that sequence (deletes
 * spans, lowers numbers) and replays it through the same generator. So every generator, however composed with {@link
 * #map}, {@link #flatMap}, {@link #filter} or {@link #combine}, shrinks with no shrinking code of its own, and a shrunk
 * value always satisfies the generator's own constraints (filters, ranges, dependencies between parts), which
 * per-type shrink functions lose as soon as a value is mapped.
 *
 * <p>Generators are immutable and may be shared; a value is made by {@link #sample} or by the engine.
 *
 * @param <T> the values' type
 */
public final class Gen<T> {
    /** How many values in a row {@link #filter} may reject before the generator is declared unusable. */
    public static final int FILTER_TRIES = 100;

    private static final String ALPHANUMERIC = "abcdefghijklmnopqrstuvwxyz0123456789";

    private final String description;
    private final Function<Draws, T> body;

    private Gen(String description, Function<Draws, T> body) {
        this.description = description;
        this.body = body;
    }

    /** A generator of one option with its weight, for {@link #frequency}. */
    public record Weighted<T>(int weight, Gen<? extends T> gen) {
        public Weighted {
            Objects.requireNonNull(gen, "gen");
            if (weight <= 0) {
                throw new IllegalArgumentException("a weight is positive: " + weight);
            }
        }
    }

    /** Three values to one, for {@link #combine(Gen, Gen, Gen, Combiner3)}. */
    @FunctionalInterface
    public interface Combiner3<A, B, C, R> {
        R apply(A a, B b, C c);
    }

    /** Makes a value from {@code draws}; used by the engine (and by generators written as a {@link #flatMap}). */
    public T generate(Draws draws) {
        int start = draws.position();
        T value = body.apply(draws);
        draws.span(start);
        return value;
    }

    /** One value drawn from {@code rand}, with unbounded lists up to {@code size} long: to look at a generator. */
    public T sample(Rand rand, int size) {
        return generate(Draws.random(rand, size));
    }

    @Override
    public String toString() {
        return description;
    }

    // ----- numbers and constants

    /** Integers in {@code [min, max]}, uniform; they shrink towards the one closest to 0. */
    public static Gen<Integer> ints(int min, int max) {
        return longs(min, max).map(Long::intValue).named("ints(" + min + ".." + max + ")");
    }

    /** Longs in {@code [min, max]}, uniform; they shrink towards the one closest to 0. */
    public static Gen<Long> longs(long min, long max) {
        if (min > max) {
            throw new IllegalArgumentException("empty range: " + min + ".." + max);
        }
        String name = "longs(" + min + ".." + max + ")";
        if (min >= 0) {
            return new Gen<>(name, d -> min + d.draw(max - min));
        }
        if (max < 0) {
            return new Gen<>(name, d -> max - d.draw(max - min));
        }
        // Across 0: a sign, then a distance from 0, so that both halves shrink towards 0 (-1 for the negative one).
        return new Gen<>(name, d -> d.draw(1) == 0 ? d.draw(max) : -1 - d.draw(-(min + 1)));
    }

    /** {@code false} or {@code true}, evenly; shrinks to {@code false}. */
    public static Gen<Boolean> booleans() {
        return new Gen<>("booleans", d -> d.draw(1) == 1);
    }

    /** Always {@code value}. */
    public static <T> Gen<T> constant(T value) {
        return new Gen<>("constant(" + value + ")", d -> value);
    }

    // ----- choices

    /** One of {@code values}, evenly; shrinks towards the first. */
    @SafeVarargs
    public static <T> Gen<T> choice(T... values) {
        List<T> options = new ArrayList<>();
        for (T value : values) {
            options.add(value);
        }
        return choice(options);
    }

    /** One of {@code values}, evenly; shrinks towards the first. */
    public static <T> Gen<T> choice(List<? extends T> values) {
        List<? extends T> options = List.copyOf(values);
        if (options.isEmpty()) {
            throw new IllegalArgumentException("nothing to choose from");
        }
        return new Gen<>("choice" + options, d -> options.get((int) d.draw(options.size() - 1)));
    }

    /** A value of one of {@code gens}, chosen evenly; shrinks towards the first generator. */
    @SafeVarargs
    public static <T> Gen<T> oneOf(Gen<? extends T>... gens) {
        List<Weighted<T>> options = new ArrayList<>();
        for (Gen<? extends T> gen : gens) {
            options.add(new Weighted<>(1, gen));
        }
        return frequency(options);
    }

    /** {@code gen} with weight {@code weight}, for {@link #frequency}. */
    public static <T> Weighted<T> weight(int weight, Gen<? extends T> gen) {
        return new Weighted<>(weight, gen);
    }

    /** A value of one of the generators, each chosen in proportion to its weight; shrinks towards the first. */
    @SafeVarargs
    public static <T> Gen<T> frequency(Weighted<? extends T>... options) {
        List<Weighted<? extends T>> list = new ArrayList<>();
        for (Weighted<? extends T> option : options) {
            list.add(option);
        }
        return frequency(list);
    }

    /** A value of one of the generators, each chosen in proportion to its weight; shrinks towards the first. */
    public static <T> Gen<T> frequency(List<? extends Weighted<? extends T>> options) {
        List<Weighted<? extends T>> list = List.copyOf(options);
        if (list.isEmpty()) {
            throw new IllegalArgumentException("no generator to choose from");
        }
        long total = list.stream().mapToLong(Weighted::weight).sum();
        return new Gen<>("frequency" + list, d -> {
            long pick = d.draw(total - 1);
            for (Weighted<? extends T> option : list) {
                if (pick < option.weight()) {
                    return option.gen().generate(d);
                }
                pick -= option.weight();
            }
            throw new AssertionError("weights add up to " + total);
        });
    }

    // ----- collections

    /** Lists of 0 to {@code size} elements (the case's size, chosen by the engine). */
    public static <T> Gen<List<T>> lists(Gen<T> element) {
        return new Gen<>("lists(" + element + ")", d -> listOf(element, d, 0, d.size()));
    }

    /** Lists of {@code min} to {@code max} elements; they shrink by losing elements, then by simpler elements. */
    public static <T> Gen<List<T>> lists(Gen<T> element, int min, int max) {
        if (min < 0 || min > max) {
            throw new IllegalArgumentException("bad list size range: " + min + ".." + max);
        }
        return new Gen<>("lists(" + element + ", " + min + ".." + max + ")", d -> listOf(element, d, min, max));
    }

    /** A list's elements; each optional one with its "one more?" choice is a span, deleted as one when shrinking. */
    private static <T> List<T> listOf(Gen<T> element, Draws d, int min, int max) {
        List<T> out = new ArrayList<>();
        for (int start = d.position(); d.another(out.size(), min, max); start = d.position()) {
            out.add(element.generate(d));
            d.span(start);
        }
        return Collections.unmodifiableList(out);
    }

    /** Byte arrays of {@code min} to {@code max} bytes; they shrink towards fewer bytes, then zeros. */
    public static Gen<byte[]> bytes(int min, int max) {
        return lists(ints(0, 255), min, max)
                .map(list -> {
                    byte[] out = new byte[list.size()];
                    for (int i = 0; i < out.length; i++) {
                        out[i] = list.get(i).byteValue();
                    }
                    return out;
                })
                .named("bytes(" + min + ".." + max + ")");
    }

    /** Strings of {@code min} to {@code max} characters from {@code alphabet}; they shrink towards its first one. */
    public static Gen<String> strings(String alphabet, int min, int max) {
        List<Character> chars = alphabet.chars().mapToObj(c -> (char) c).toList();
        return lists(choice(chars), min, max)
                .map(list -> {
                    StringBuilder sb = new StringBuilder(list.size());
                    list.forEach(sb::append);
                    return sb.toString();
                })
                .named("strings(\"" + alphabet + "\", " + min + ".." + max + ")");
    }

    /** Strings of {@code min} to {@code max} lower-case letters and digits; they shrink towards "a". */
    public static Gen<String> strings(int min, int max) {
        return strings(ALPHANUMERIC, min, max);
    }

    // ----- composition

    /** Two values combined into one (a record, a pair). */
    public static <A, B, R> Gen<R> combine(Gen<A> a, Gen<B> b, BiFunction<? super A, ? super B, ? extends R> f) {
        return new Gen<>("combine(" + a + ", " + b + ")", d -> f.apply(a.generate(d), b.generate(d)));
    }

    /** Three values combined into one (a record). */
    public static <A, B, C, R> Gen<R> combine(
            Gen<A> a, Gen<B> b, Gen<C> c, Combiner3<? super A, ? super B, ? super C, ? extends R> f) {
        return new Gen<>(
                "combine(" + a + ", " + b + ", " + c + ")", d -> f.apply(a.generate(d), b.generate(d), c.generate(d)));
    }

    /** The values transformed by {@code f}; they shrink as the original values do. */
    public <R> Gen<R> map(Function<? super T, ? extends R> f) {
        return new Gen<>(description, d -> f.apply(generate(d)));
    }

    /** A second generator chosen by the first value, e.g. a size then a list of that size. */
    public <R> Gen<R> flatMap(Function<? super T, ? extends Gen<? extends R>> f) {
        return new Gen<>(description + ".flatMap", d -> f.apply(generate(d)).generate(d));
    }

    /**
     * Only the values that pass {@code keep}, by drawing again; after {@value #FILTER_TRIES} rejections in a row the
     * case fails with an error naming this generator. A filter that rejects most values wastes tries: generate valid
     * values directly (with {@link #map}) instead.
     */
    public Gen<T> filter(Predicate<? super T> keep) {
        return new Gen<>(description + ".filter", d -> {
            for (int i = 0; i < FILTER_TRIES; i++) {
                T value = generate(d);
                if (keep.test(value)) {
                    return value;
                }
            }
            throw new Invalid("the filter on " + description + " rejected " + FILTER_TRIES
                    + " values in a row; generate valid values directly (map) rather than filtering");
        });
    }

    /** The same generator with another description (used in error messages). */
    public Gen<T> named(String name) {
        return new Gen<>(name, body);
    }
}
