package dev.zck.simulator.property;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Integrated shrinking finds the minimal counterexamples of classic toy properties. */
class ShrinkTest {
    record Point(int x, int y) {}

    private static int sum(List<Integer> xs) {
        return xs.stream().mapToInt(Integer::intValue).sum();
    }

    @Test
    void aListWhoseSumReaches100ShrinksToTheSingleElement100() {
        for (long seed = 0; seed < 5; seed++) {
            PropertyFailure failure = Failures.of(Property.forAll(
                            Gen.lists(Gen.ints(0, 1000)),
                            xs -> assertThat(sum(xs)).isLessThan(100))
                    .seed(seed));
            assertThat(failure.shrunk()).as("seed " + seed).isEqualTo(List.of(100));
        }
    }

    @Test
    void aListWith3Then7ShrinksToExactly3And7() {
        for (long seed = 0; seed < 5; seed++) {
            PropertyFailure failure = Failures.of(Property.forAll(Gen.lists(Gen.ints(0, 20)), xs -> {
                        int three = xs.indexOf(3);
                        assertThat(three >= 0 && xs.subList(three, xs.size()).contains(7))
                                .isFalse();
                    })
                    .seed(seed));
            assertThat(failure.shrunk()).as("seed " + seed).isEqualTo(List.of(3, 7));
            assertThat((List<?>) failure.original()).hasSizeGreaterThan(2);
        }
    }

    @Test
    void numbersShrinkToTheBoundaryOnEitherSideOfZero() {
        assertThat(Failures.of(Property.forAll(
                                Gen.ints(-1000, 1000), x -> assertThat(x).isLessThan(500)))
                        .shrunk())
                .isEqualTo(500);
        assertThat(Failures.of(Property.forAll(
                                Gen.ints(-1000, 1000), x -> assertThat(x).isGreaterThan(-500)))
                        .shrunk())
                .isEqualTo(-500);
        assertThat(Failures.of(Property.forAll(
                                Gen.longs(Long.MIN_VALUE, Long.MAX_VALUE),
                                x -> assertThat(x).isLessThan(1L << 40)))
                        .shrunk())
                .isEqualTo(1L << 40);
    }

    @Test
    void recordsBuiltByCombineShrinkAsAWhole() {
        PropertyFailure failure = Failures.of(Property.forAll(
                Gen.combine(Gen.ints(0, 1000), Gen.ints(0, 1000), Point::new),
                p -> assertThat(p.x() + p.y()).isLessThan(100)));
        assertThat(failure.shrunk()).isEqualTo(new Point(0, 100));
    }

    @Test
    void stringsAndBytesShrinkToTheirSimplestCharactersAndZeros() {
        assertThat(Failures.of(Property.forAll(
                                Gen.strings(0, 20), s -> assertThat(s).doesNotContain("q")))
                        .shrunk())
                .isEqualTo("q");
        assertThat(Failures.of(Property.forAll(
                                Gen.bytes(0, 50), b -> assertThat(b.length).isLessThan(3)))
                        .shrunk())
                .isEqualTo(new byte[3]);
    }

    @Test
    void shrinkingIsDeterministic() {
        Property property = Property.forAll(
                        Gen.lists(Gen.ints(0, 1000)), xs -> assertThat(sum(xs)).isLessThan(100))
                .seed(3);
        PropertyFailure first = Failures.of(property);
        PropertyFailure second = Failures.of(property);
        assertThat(second.original()).isEqualTo(first.original());
        assertThat(second.shrunk()).isEqualTo(first.shrunk());
        assertThat(second.shrinkAttempts()).isEqualTo(first.shrinkAttempts());
        assertThat(second.getMessage()).isEqualTo(first.getMessage());
    }

    @Test
    void theBudgetBoundsTheAttempts() {
        Property property = Property.forAll(
                Gen.lists(Gen.ints(0, 1000)), xs -> assertThat(sum(xs)).isLessThan(100));
        PropertyFailure limited = Failures.of(property.shrinkBudget(3));
        assertThat(limited.shrinkAttempts()).isLessThanOrEqualTo(3);
        PropertyFailure none = Failures.of(property.shrinkBudget(0));
        assertThat(none.shrinkAttempts()).isZero();
        assertThat(none.shrunk()).isEqualTo(none.original());
    }

    @Test
    void theSameFailurePredicateKeepsShrinkingOnTheOriginalBug() {
        Property.Check<List<Integer>> twoBugs = xs -> {
            if (xs.get(0) % 2 == 0) {
                throw new IllegalArgumentException("even first");
            }
            throw new IllegalStateException("odd first");
        };
        Gen<List<Integer>> lists = Gen.lists(Gen.ints(1, 1000), 1, 10);
        boolean sawEven = false;
        for (long seed = 0; seed < 10; seed++) {
            PropertyFailure anyFailure =
                    Failures.of(Property.forAll(lists, twoBugs).seed(seed));
            assertThat(anyFailure.shrunk()).isEqualTo(List.of(1));
            PropertyFailure sameClass =
                    Failures.of(Property.forAll(lists, twoBugs).seed(seed).sameFailure(Property.sameExceptionClass()));
            assertThat(sameClass.getCause())
                    .isInstanceOf(sameClass.originalError().getClass());
            if (sameClass.originalError() instanceof IllegalArgumentException) {
                sawEven = true;
                assertThat(sameClass.shrunk()).isEqualTo(List.of(2));
            } else {
                assertThat(sameClass.shrunk()).isEqualTo(List.of(1));
            }
        }
        assertThat(sawEven).as("some seed starts with an even number").isTrue();
    }
}
