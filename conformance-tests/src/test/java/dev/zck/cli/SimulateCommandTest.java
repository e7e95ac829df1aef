package dev.zck.cli;

import static dev.zck.cli.ZckCommandLineTest.zck;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.cli.ZckCommandLineTest.Outcome;
import dev.zck.simulator.scenario.Scenarios;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SimulateCommandTest {

    @Test
    void helpDescribesTheOptions() {
        Outcome outcome = zck("simulate", "--help");
        assertThat(outcome.code()).isZero();
        assertThat(outcome.out()).contains("Usage: zck simulate", "--scenario", "--seeds", "--trace", "--bench");
    }

    @Test
    void listPrintsEveryScenarioName() {
        Outcome outcome = zck("simulate", "--list");
        assertThat(outcome.code()).isZero();
        assertThat(outcome.out().lines()).containsAll(Scenarios.names()).contains("mixed");
    }

    @Test
    void anUnknownScenarioExits2WithOneLineListingTheNames() {
        Outcome outcome = zck("simulate", "--scenario", "nope");
        assertThat(outcome.code()).isEqualTo(2);
        assertThat(outcome.err().lines()).hasSize(1);
        assertThat(outcome.err()).startsWith("zck: unknown scenario 'nope'").contains("push-pull-reset", "standard");
        assertThat(outcome.out()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"simulate --seed 1 --seeds 2", "simulate --seeds 0", "simulate --seed x"})
    void usageErrorsExit2WithOneLine(String args) {
        Outcome outcome = zck(args.split(" "));
        assertThat(outcome.code()).as(args).isEqualTo(2);
        assertThat(outcome.err().lines()).as(args).hasSize(1);
        assertThat(outcome.err()).startsWith("zck: ");
    }

    @Test
    void aSeedPrintsItsHashAndTheSameHashTwice() {
        Outcome first = zck("simulate", "--scenario", "crash-restart", "--seed", "7");
        Outcome second = zck("simulate", "--scenario", "crash-restart", "--seed", "7");
        assertThat(first.code()).isZero();
        assertThat(first.out())
                .matches("seed 7  scenario crash-restart  events \\d+  virtual \\d+\\.\\d{3} s  hash [0-9a-f]{12}\\R");
        assertThat(second.out()).isEqualTo(first.out());
    }

    @Test
    void seedsRunsOneToNAndTheSeedDecides() {
        Outcome outcome = zck("simulate", "--seeds", "3");
        assertThat(outcome.code()).isZero();
        assertThat(outcome.out().lines()).hasSize(3);
        assertThat(outcome.out().lines().map(l -> l.substring(0, l.indexOf("  "))))
                .containsExactly("seed 1", "seed 2", "seed 3");
        assertThat(outcome.out().lines().map(l -> l.substring(l.lastIndexOf(' ') + 1)))
                .as("the standard scenario reslices at seeded points")
                .doesNotHaveDuplicates();
    }

    @Test
    void traceprintsEveryEventThenTheFullHash() {
        Outcome outcome = zck("simulate", "--scenario", "mixed", "--seed", "3", "--trace");
        assertThat(outcome.code()).isZero();
        String last = outcome.out().lines().reduce((a, b) -> b).orElseThrow();
        assertThat(last).startsWith("seed 3  scenario mixed-3-").matches(".*hash [0-9a-f]{64}");
        assertThat(outcome.out()).contains(" step   - ", " run    - end");
        assertThat(outcome.out().lines().count()).isGreaterThan(10);
    }

    @Test
    void benchPrintsScenariosPerSecondAndVirtualToWall() {
        Outcome outcome = zck("simulate", "--scenario", "bind-connect-order", "--bench", "--seconds", "0.3");
        assertThat(outcome.code()).isZero();
        assertThat(outcome.out()).contains("scenario bind-connect-order", "scenarios/s", "virtual/wall");
    }
}
