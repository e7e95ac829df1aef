package dev.zck.simulator.scenario;

import dev.zck.simulator.SimConfig;
import dev.zck.simulator.scenario.internal.Run;

/**
 * Runs a {@link Scenario} on a fresh {@link dev.zck.simulator.Simulation} for a seed, on the caller's thread and on
 * virtual time only, and returns its {@link Trace}. The same scenario, seed and config give the same trace, byte for
 * byte.
 */
public final class ScenarioRunner {
    private ScenarioRunner() {}

    /** Runs on the scenario's own network config. */
    public static Trace run(Scenario scenario, long seed) {
        return run(scenario, seed, scenario.config());
    }

    public static Trace run(Scenario scenario, long seed, SimConfig config) {
        return Run.execute(scenario, seed, config);
    }
}
