package dev.zck.bench;

import dev.zck.adapters.Implementations;
import dev.zck.cli.Home;
import dev.zck.spi.ZmqImplementation;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code zck bench}: PUSH to PULL throughput at 64 B and 1 KiB and REQ to REP latency over TCP loopback for the
 * reference engine, JeroMQ and libzmq, measured in the same run, each figure the median of several runs, with the
 * engine's ratios to the others. Each figure starts with one uncounted warm-up run per implementation (the JVM
 * compiles hot code during the first), then runs alternate between implementations so that machine noise spreads
 * evenly.
 */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = {
            "Measure PUSH->PULL throughput (64 B, 1 KiB) and REQ->REP latency over TCP loopback for the engine,",
            "JeroMQ and libzmq in the same run; print medians and the engine's ratios."
        })
public final class BenchCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--runs", paramLabel = "N", description = "Runs per figure; the median is reported (default 5).")
    int runs = 5;

    @Option(
            names = "--sizes",
            split = ",",
            paramLabel = "BYTES",
            description = "Message sizes for throughput (default 64,1024).")
    List<Integer> sizes = List.of(64, 1024);

    @Option(
            names = "--messages",
            paramLabel = "N",
            description = "Messages per throughput run at 64 B; scaled down for larger sizes (default 1000000).")
    int messages = 1_000_000;

    @Option(names = "--round-trips", paramLabel = "N", description = "Round trips per latency run (default 20000).")
    int roundTrips = 20_000;

    @Option(
            names = "--impl",
            split = ",",
            paramLabel = "NAME",
            description = "Implementations: engine, jeromq, libzmq (default all).")
    List<String> impls = List.of("engine", "jeromq", "libzmq");

    @Option(
            names = "--spi",
            split = ",",
            paramLabel = "IMPL",
            description = {
                "Also measure 64 B REQ/REP round trips per second through the adapter SPI for these implementations",
                "('zck impls' IDs or driver:'COMMAND ARGS'): compared with the native figures, the drivers' overhead."
            })
    List<String> spi = List.of();

    @Option(
            names = "--spi-round-trips",
            paramLabel = "N",
            description = "Round trips per SPI run (default ${DEFAULT-VALUE}).")
    int spiRoundTrips = 2_000;

    @Option(names = "--work-dir", paramLabel = "DIR", description = "Where the libzmq program is compiled.")
    Path workDir = Path.of(System.getProperty("java.io.tmpdir"), "zck-bench");

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (runs < 1 || messages < 2 || roundTrips < 1 || sizes.stream().anyMatch(s -> s < 0)) {
            throw new ParameterException(spec.commandLine(), "--runs, --messages and --round-trips must be positive");
        }
        List<Subject> subjects = new ArrayList<>();
        for (String name : impls) {
            switch (name) {
                case "engine" -> subjects.add(new EngineSubject());
                case "jeromq" -> subjects.add(new JeromqSubject());
                case "libzmq" -> {
                    StringBuilder whyNot = new StringBuilder();
                    LibzmqSubject.prepare(workDir, whyNot)
                            .ifPresentOrElse(subjects::add, () -> out.println("libzmq: unavailable, " + whyNot));
                }
                default ->
                    throw new ParameterException(
                            spec.commandLine(), "unknown implementation '" + name + "' (engine, jeromq, libzmq)");
            }
        }
        out.printf(
                "zck bench: %d runs per figure, median reported; %d cores; JVM %s%n",
                runs, Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"));
        out.flush();
        Map<String, Map<String, Double>> results = new LinkedHashMap<>();
        for (int size : sizes) {
            int count = Math.max(10_000, (int) Math.min(messages, messages * 64L / Math.max(64, size)));
            String figure = "throughput " + size + " B (msg/s)";
            measure(out, subjects, figure, results, s -> s.throughput(size, count));
        }
        measure(out, subjects, "latency 64 B (us round trip)", results, s -> s.latencyMicros(64, roundTrips));
        printTable(out, subjects, results);
        if (!spi.isEmpty()) {
            measureSpi(out);
        }
        return 0;
    }

    private void measureSpi(PrintWriter out) {
        if (spiRoundTrips < 1) {
            throw new ParameterException(spec.commandLine(), "--spi-round-trips must be positive");
        }
        out.println();
        out.printf(
                "Round trips through the adapter SPI (64 B REQ/REP over tcp, %d per run, %d runs, median):%n",
                spiRoundTrips, runs);
        out.printf("%-16s %14s %14s  %s%n", "implementation", "round trips/s", "us/round trip", "runs");
        for (String id : spi) {
            try (ZmqImplementation impl = Implementations.open(id, Home.path())) {
                double[] perSecond = SpiRoundTrips.measure(impl, 64, spiRoundTrips, runs);
                double median = median(perSecond);
                out.printf("%-16s %14.0f %14.1f  %s%n", id, median, 1e6 / median, format(perSecond));
            } catch (Exception e) {
                out.printf("%-16s unavailable: %s%n", id, e.getMessage());
            }
            out.flush();
        }
    }

    private interface Measurement {
        double of(Subject subject) throws Exception;
    }

    private void measure(
            PrintWriter out,
            List<Subject> subjects,
            String figure,
            Map<String, Map<String, Double>> results,
            Measurement measurement)
            throws Exception {
        Map<String, double[]> samples = new LinkedHashMap<>();
        for (Subject subject : subjects) {
            samples.put(subject.name(), new double[runs]);
        }
        for (Subject subject : subjects) {
            measurement.of(subject); // warm-up: JIT compilation and connection set-up, not counted
        }
        for (int run = 0; run < runs; run++) {
            for (Subject subject : subjects) {
                samples.get(subject.name())[run] = measurement.of(subject);
            }
        }
        Map<String, Double> medians = new LinkedHashMap<>();
        for (Map.Entry<String, double[]> e : samples.entrySet()) {
            medians.put(e.getKey(), median(e.getValue()));
            out.printf("%-32s %-7s runs %s%n", figure, e.getKey(), format(e.getValue()));
        }
        out.flush();
        results.put(figure, medians);
    }

    private static void printTable(PrintWriter out, List<Subject> subjects, Map<String, Map<String, Double>> results) {
        out.println();
        StringBuilder header = new StringBuilder(String.format("%-32s", "figure (median)"));
        for (Subject s : subjects) {
            header.append(String.format(" %12s", s.name()));
        }
        header.append(String.format(" %15s %15s", "engine/jeromq", "engine/libzmq"));
        out.println(header);
        for (Map.Entry<String, Map<String, Double>> row : results.entrySet()) {
            StringBuilder line = new StringBuilder(String.format("%-32s", row.getKey()));
            Map<String, Double> m = row.getValue();
            for (Subject s : subjects) {
                line.append(String.format(" %12.1f", m.get(s.name())));
            }
            boolean latency = row.getKey().startsWith("latency");
            line.append(String.format(" %15s %15s", ratio(m, "jeromq", latency), ratio(m, "libzmq", latency)));
            out.println(line);
        }
        out.println();
        out.println("Ratios are engine/other for throughput and other/engine for latency, so above 1.0 means the"
                + " engine is better.");
        out.flush();
    }

    private static String ratio(Map<String, Double> m, String other, boolean latency) {
        Double engine = m.get("engine");
        Double them = m.get(other);
        if (engine == null || them == null) {
            return "-";
        }
        return String.format("%.2fx", latency ? them / engine : engine / them);
    }

    /** The middle value (the upper one of the two middle values for an even count). */
    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static String format(double[] values) {
        StringBuilder out = new StringBuilder();
        for (double v : values) {
            out.append(out.length() == 0 ? "" : ", ").append(String.format("%.1f", v));
        }
        return out.toString();
    }
}
