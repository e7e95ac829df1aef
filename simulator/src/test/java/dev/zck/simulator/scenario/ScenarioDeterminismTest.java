package dev.zck.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.engine.NoLeaks;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Same scenario, same seed, same trace, byte for byte; and a run starts no thread. */
@ExtendWith(NoLeaks.class)
class ScenarioDeterminismTest {
    private static final int SEEDS = 200;

    @Test
    void twoHundredMixedScenariosEachRunTwiceGiveTheSameHash() {
        Map<Long, String> hashes = new LinkedHashMap<>();
        Set<String> patterns = new HashSet<>();
        Set<String> faults = new HashSet<>();
        NoLeaks.withoutAccessRecords(() -> {
            for (long seed = 1; seed <= SEEDS; seed++) {
                Scenario scenario = Scenarios.mixed(seed);
                Trace first = ScenarioRunner.run(scenario, seed);
                Trace second = ScenarioRunner.run(Scenarios.mixed(seed), seed);
                if (!second.hash().equals(first.hash())) {
                    assertThat(second.render())
                            .as("trace of %s, run twice", scenario.name())
                            .isEqualTo(first.render());
                }
                assertThat(second.hash()).isEqualTo(first.hash());
                hashes.put(seed, first.hash());
                patterns.add(scenario.name().replaceFirst("mixed-\\d+-", ""));
                scenario.steps().stream()
                        .filter(s -> s instanceof Step.Inject)
                        .map(s -> ((Step.Inject) s).fault().getClass().getSimpleName())
                        .forEach(faults::add);
            }
        });
        assertThat(Set.copyOf(hashes.values()))
                .as("distinct traces over %d seeds", SEEDS)
                .hasSize(SEEDS);
        assertThat(patterns).containsExactlyInAnyOrder("push-pull", "pub-sub", "req-rep", "dealer-router");
        assertThat(faults)
                .containsExactlyInAnyOrder(
                        "Delay", "Stall", "Partition", "Reset", "SilentDrop", "Reslice", "Heal", "Crash", "Restart");
    }

    @Test
    void theSameSeedOnAnotherScenarioObjectGivesTheSameTraceAndAnotherSeedAnother() {
        NoLeaks.withoutAccessRecords(() -> {
            Trace a = ScenarioRunner.run(Scenarios.standard(), 7);
            Trace b = ScenarioRunner.run(Scenarios.standard(), 7);
            Trace c = ScenarioRunner.run(Scenarios.standard(), 8);
            assertThat(b.render()).isEqualTo(a.render());
            assertThat(c.hash()).as("reslicing follows the seed").isNotEqualTo(a.hash());
        });
    }

    @Test
    void aRunStartsNoThread() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        // Warm up class loading (a JIT compiler thread is not the run's doing, but keep the window short).
        ScenarioRunner.run(Scenarios.mixed(1), 1);
        long before = threads.getTotalStartedThreadCount();
        int events = 0;
        for (String name : Scenarios.names()) {
            events += ScenarioRunner.run(Scenarios.named(name).orElseThrow(), 3)
                    .events()
                    .size();
        }
        for (long seed = 1; seed <= 5; seed++) {
            events += ScenarioRunner.run(Scenarios.mixed(seed), seed).events().size();
        }
        long after = threads.getTotalStartedThreadCount();

        assertThat(events).isPositive();
        assertThat(after - before).as("threads started during the runs").isZero();
    }
}
