package dev.zck.cli;

import dev.zck.simulator.scenario.Scenario;
import dev.zck.simulator.scenario.ScenarioRunner;
import dev.zck.simulator.scenario.Scenarios;
import dev.zck.simulator.scenario.Trace;
import dev.zck.simulator.scenario.bench.ScenarioBench;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.LongFunction;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Runs named scenarios on the deterministic simulator: one line per seed with the trace's hash (the same seed always
 * gives the same hash), the whole trace, or a benchmark.
 */
@Command(
        name = "simulate",
        mixinStandardHelpOptions = true,
        description = {
            "Run a scenario on the deterministic network simulator (virtual time, seeded faults).",
            "One line per seed: events, virtual time and the trace hash; the same seed always gives the same hash."
        })
final class SimulateCommand implements Callable<Integer> {
    /** Not in the catalogue: a random scenario per seed ({@link Scenarios#mixed}). */
    static final String MIXED = "mixed";

    @Spec
    CommandSpec spec;

    @Option(
            names = "--scenario",
            paramLabel = "NAME",
            description = "The scenario (default: ${DEFAULT-VALUE}); see --list.")
    String scenario = Scenarios.STANDARD;

    @Option(names = "--list", description = "Print the scenario names and exit.")
    boolean list;

    @ArgGroup(exclusive = true)
    Seeds seeds = new Seeds();

    static final class Seeds {
        @Option(names = "--seed", paramLabel = "S", description = "Run this seed only.")
        Long seed;

        @Option(names = "--seeds", paramLabel = "N", description = "Run seeds 1..N (default: 1).")
        Integer count;
    }

    @Option(names = "--trace", description = "Print each run's whole trace, one event a line, before its summary.")
    boolean trace;

    @Option(names = "--bench", description = "Measure scenarios per second on one thread and the virtual/wall ratio.")
    boolean bench;

    @Option(
            names = "--seconds",
            paramLabel = "N",
            description = "Measured time of --bench, after a warm-up of a third of it (default: ${DEFAULT-VALUE}).")
    double seconds = 5;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        if (list) {
            Scenarios.names().forEach(out::println);
            out.println(MIXED);
            return 0;
        }
        LongFunction<Scenario> make = scenarioFor(scenario);
        if (bench) {
            if (!(seconds > 0) || seconds > 3600) {
                throw new ParameterException(spec.commandLine(), "--seconds must be in (0, 3600]");
            }
            Scenario s = make.apply(1);
            long measured = (long) (seconds * 1e9);
            out.println(ScenarioBench.measure(s, Duration.ofNanos(measured / 3), Duration.ofNanos(measured)));
            return 0;
        }
        List<Long> which = new ArrayList<>();
        if (seeds.seed != null) {
            which.add(seeds.seed);
        } else {
            int n = seeds.count == null ? 1 : seeds.count;
            if (n < 1) {
                throw new ParameterException(spec.commandLine(), "--seeds must be at least 1");
            }
            for (long s = 1; s <= n; s++) {
                which.add(s);
            }
        }
        for (long seed : which) {
            Trace t = ScenarioRunner.run(make.apply(seed), seed);
            if (trace) {
                out.print(t.render());
            }
            out.printf(
                    "seed %d  scenario %s  events %d  virtual %s s  hash %s%n",
                    seed, t.scenario(), t.events().size(), t.virtualSeconds(), trace ? t.hash() : t.shortHash());
            out.flush();
        }
        return 0;
    }

    private LongFunction<Scenario> scenarioFor(String name) {
        if (name.equals(MIXED)) {
            return Scenarios::mixed;
        }
        Scenario named = Scenarios.named(name)
                .orElseThrow(() -> new ParameterException(
                        spec.commandLine(),
                        "unknown scenario '" + name + "' (scenarios: " + String.join(", ", Scenarios.names()) + ", "
                                + MIXED + ")"));
        return seed -> named;
    }
}
