package dev.zck.simulator.scenario.bench;

import dev.zck.simulator.scenario.Scenario;
import dev.zck.simulator.scenario.ScenarioRunner;
import dev.zck.simulator.scenario.Scenarios;
import dev.zck.simulator.scenario.Trace;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * How fast scenarios run: one scenario (by default {@code standard}: 3 sockets, 200 messages, 3 faults) for seeds 1,
 * 2, 3... on the calling thread, each run to its trace hash, first for a warm-up, then for the measured time. Reports
 * scenarios per second and the ratio of virtual time simulated to wall time spent. It reads the wall clock, so it
 * lives outside the packages whose code runs in a simulation.
 *
 * <p>Run it with {@code zck simulate --bench [--seconds N]} or this class's {@code main [SECONDS [SCENARIO]]}. The
 * figure depends on Netty's leak detection, which it prints: the tests' "paranoid" tracks every buffer (about 7
 * times slower), the default "simple" samples, "disabled" is fastest (about 15% faster than simple).
 */
public final class ScenarioBench {
    private ScenarioBench() {}

    /**
     * What a measurement found.
     *
     * @param scenario its name
     * @param runs scenarios run in the measured time
     * @param wallNanos wall time measured
     * @param virtualNanos virtual time the runs simulated, summed
     * @param events trace events recorded, summed
     */
    public record Result(String scenario, long runs, long wallNanos, long virtualNanos, long events) {
        public double scenariosPerSecond() {
            return runs * 1e9 / wallNanos;
        }

        public double virtualToWall() {
            return (double) virtualNanos / wallNanos;
        }

        @Override
        public String toString() {
            return String.format(
                    Locale.ROOT,
                    "scenario %s  runs %d  wall %.2f s  %.0f scenarios/s  %.1f us/scenario  %.0f events/scenario"
                            + "  virtual/wall %.1f  (netty leak detection %s)",
                    scenario,
                    runs,
                    wallNanos / 1e9,
                    scenariosPerSecond(),
                    wallNanos / 1e3 / runs,
                    (double) events / runs,
                    virtualToWall(),
                    io.netty.util.ResourceLeakDetector.getLevel().name().toLowerCase(Locale.ROOT));
        }
    }

    /** Runs {@code scenario} with successive seeds for {@code warmup}, then measures for {@code measure}. */
    public static Result measure(Scenario scenario, Duration warmup, Duration measure) {
        long seed = runFor(scenario, 1, warmup, null);
        long[] totals = new long[3];
        long start = System.nanoTime();
        long end = runFor(scenario, seed, measure, totals);
        long wall = System.nanoTime() - start;
        return new Result(scenario.name(), end - seed, wall, totals[0], totals[1]);
    }

    /** Runs seeds from {@code seed} on until {@code budget} has passed; returns the next seed. */
    private static long runFor(Scenario scenario, long seed, Duration budget, long[] totals) {
        long deadline = System.nanoTime() + budget.toNanos();
        long next = seed;
        do {
            Trace trace = ScenarioRunner.run(scenario, next++);
            trace.hash();
            if (totals != null) {
                totals[0] += trace.virtualNanos();
                totals[1] += trace.events().size();
            }
        } while (System.nanoTime() < deadline);
        return next;
    }

    /** {@code [SECONDS [SCENARIO]]}: measures for SECONDS (default 5) after a warm-up of a third of that. */
    public static void main(String[] args) {
        double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
        String name = args.length > 1 ? args[1] : Scenarios.STANDARD;
        Scenario scenario = Scenarios.named(name)
                .orElseThrow(() -> new IllegalArgumentException("unknown scenario " + name + "; " + Scenarios.names()));
        PrintStream out = System.out;
        long measured = (long) (seconds * 1e9);
        out.println(measure(scenario, Duration.ofNanos(Math.max(measured / 3, 1)), Duration.ofNanos(measured)));
    }
}
