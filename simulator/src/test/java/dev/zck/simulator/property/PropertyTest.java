package dev.zck.simulator.property;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Running properties inside JUnit: seeds, tries and their overrides, and what a failure says. */
class PropertyTest {

    @AfterEach
    void clearOverrides() {
        System.clearProperty(Seed.PROPERTY);
        System.clearProperty(Property.TRIES_PROPERTY);
    }

    private static Property alwaysFails() {
        return Property.forAll(Gen.ints(0, 10), x -> {
            throw new IllegalStateException("always");
        });
    }

    @Test
    void aPropertyThatHoldsPassesAfterItsTries() {
        AtomicInteger runs = new AtomicInteger();
        assertThatCode(() -> Property.forAll(Gen.lists(Gen.ints(0, 9)), xs -> {
                            runs.incrementAndGet();
                            assertThat(xs).allSatisfy(x -> assertThat(x).isBetween(0, 9));
                        })
                        .tries(37)
                        .check())
                .doesNotThrowAnyException();
        assertThat(runs).hasValue(37);
    }

    @Test
    void theDefaultSeedIsFixedPerTestAndDerivedFromItsName() {
        PropertyFailure first = Failures.of(alwaysFails());
        PropertyFailure second = Failures.of(alwaysFails());
        assertThat(first.seed())
                .isEqualTo(second.seed())
                .isEqualTo(Seed.forName(
                                PropertyTest.class.getName() + "#theDefaultSeedIsFixedPerTestAndDerivedFromItsName")
                        .value());
    }

    @Test
    void tryOneRunsTheRunsSeedAndTheOtherTriesFollowFromIt() {
        List<Integer> firstRun = new ArrayList<>();
        List<Integer> secondRun = new ArrayList<>();
        Property.forAll(Gen.ints(0, 1_000_000), firstRun::add).seed(8).tries(20).check();
        Property.forAll(Gen.ints(0, 1_000_000), secondRun::add)
                .seed(8)
                .tries(20)
                .check();
        assertThat(firstRun).hasSize(20).isEqualTo(secondRun).doesNotHaveDuplicates();
        Rand caseOne = new Rand(8);
        int size = 1 + caseOne.nextInt(Property.DEFAULT_MAX_SIZE);
        assertThat(firstRun.get(0)).isEqualTo(Gen.ints(0, 1_000_000).sample(caseOne, size));
    }

    @Test
    void theSeedPropertyOverridesTheSeedAndNamesTheReplay() {
        System.setProperty(Seed.PROPERTY, "12345");
        PropertyFailure failure = Failures.of(alwaysFails().seed(7));
        assertThat(failure.seed()).isEqualTo(12345);
        assertThat(failure.failedTry()).isEqualTo(1);
        assertThat(failure.replayCommand())
                .isEqualTo("./mvnw -pl simulator -am test"
                        + " -Dtest='PropertyTest#theSeedPropertyOverridesTheSeedAndNamesTheReplay' -Dzck.seed=12345"
                        + " -Dsurefire.failIfNoSpecifiedTests=false");
    }

    @Test
    void theTriesPropertyOverridesTheTries() {
        System.setProperty(Property.TRIES_PROPERTY, "7");
        AtomicInteger runs = new AtomicInteger();
        Property.forAll(Gen.booleans(), b -> runs.incrementAndGet()).tries(500).check();
        assertThat(runs).hasValue(7);
    }

    @Test
    void aFailureIsAnAssertionErrorCausedByTheShrunkCasesFailure() {
        PropertyFailure failure = Failures.of(alwaysFails());
        assertThat(failure).isInstanceOf(AssertionError.class);
        assertThat(failure.getCause()).isInstanceOf(IllegalStateException.class).hasMessage("always");
        assertThat(failure.shrunk()).isEqualTo(0);
        assertThat(failure.shrunkLines()).containsExactly("0");
        assertThat(failure.trace()).isEmpty();
        assertThat(failure.getMessage())
                .contains("Original case:\n  " + failure.original() + "\n")
                .contains("Shrunk case (" + failure.shrinkAttempts() + " shrink attempts):\n  0\n")
                .contains("Failure:\n  java.lang.IllegalStateException: always\n")
                .doesNotContain("Trace")
                .doesNotContain("Standalone test");
    }

    @Test
    void replayRunsExactlyTheCaseOfASeed() {
        List<List<Integer>> seen = new ArrayList<>();
        Property property = Property.forAll(Gen.lists(Gen.ints(0, 100)), seen::add);
        property.replay(99);
        property.replay(99);
        assertThat(seen).hasSize(2);
        assertThat(seen.get(0)).isEqualTo(seen.get(1));
    }

    @Test
    void casesDrawTheirSizeUpToTheMaximum() {
        List<Integer> sizes = new ArrayList<>();
        Property.forAll(Gen.lists(Gen.constant(1)), xs -> sizes.add(xs.size()))
                .maxSize(4)
                .tries(200)
                .check();
        assertThat(sizes).allSatisfy(s -> assertThat(s).isBetween(0, 4)).contains(0, 4);
    }

    @Test
    void aGeneratorThatThrowsIsReportedWithTheSeed() {
        Gen<Integer> broken = Gen.ints(0, 5).map(i -> i / 0);
        assertThatThrownBy(() -> Property.forAll(broken, x -> {}).seed(3).check())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot generate a case from seed 3")
                .hasMessageContaining("the generator threw java.lang.ArithmeticException: / by zero");
    }

    @Test
    void settingsOutOfRangeAreRefused() {
        Property property = Property.forAll(Gen.booleans(), b -> {});
        assertThatThrownBy(() -> property.tries(0)).hasMessage("tries is at least 1: 0");
        assertThatThrownBy(() -> property.maxSize(0)).hasMessage("maxSize is at least 1: 0");
        assertThatThrownBy(() -> property.shrinkBudget(-1)).hasMessage("shrinkBudget is at least 0: -1");
    }
}
