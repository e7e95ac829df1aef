package dev.zck.cli;

import dev.zck.adapters.Availability;
import dev.zck.adapters.Implementations;
import dev.zck.adapters.KnownImplementation;
import dev.zck.adapters.KnownImplementations;
import dev.zck.adapters.driver.DriverTimeouts;
import dev.zck.reports.ReportJson;
import dev.zck.reports.RunReport;
import dev.zck.run.Runner;
import dev.zck.spec.Timeouts;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The main job: the adapter contract against every selected implementation and the interop checks between every pair
 * of them, with progress, a verdict table and report.json. Exit 0 only when no check failed.
 */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Run the adapter contract against every available implementation (or those given with --impl) and the",
            "interop checks between every pair of them; print the verdicts and write report.json.",
            "Exit 0 when no check failed, 1 when one did, 2 on a usage or setup error."
        })
final class RunCommand implements Callable<Integer> {
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(20);

    @Spec
    CommandSpec spec;

    @Option(
            names = "--impl",
            split = ",",
            paramLabel = "IMPL",
            description = {
                "Implementations to test: IDs from 'zck impls', or driver:'COMMAND ARGS' / driver+tcp:'COMMAND ARGS'",
                "for any driver (spec/DRIVER-PROTOCOL.md). Default: every available implementation."
            })
    List<String> impls = List.of();

    @Option(
            names = "--suite",
            split = ",",
            paramLabel = "NAME",
            description = "Suites to run: contract, interop (default: all).")
    List<String> suites = List.of();

    @Option(
            names = "--out",
            paramLabel = "DIR",
            description = "Where to write report.json (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("zck-report");

    @Option(
            names = "--expect-timeout",
            paramLabel = "MS",
            description = "Longest wait for something that must happen (default 5000).")
    Long expectMs;

    @Option(
            names = "--silence-timeout",
            paramLabel = "MS",
            description = "How long to watch for something that must not happen (default 300).")
    Long silenceMs;

    @Option(
            names = "--driver-start-timeout",
            paramLabel = "MS",
            description = "Longest wait for a driver's hello (default 30000).")
    Long driverStartMs;

    @Option(
            names = "--driver-reply-grace",
            paramLabel = "MS",
            description = "How long past a request's own timeout a driver may take to answer (default 5000).")
    Long driverGraceMs;

    @Override
    public Integer call() throws IOException {
        Map<String, String> before = new LinkedHashMap<>();
        for (String property : TIMEOUT_PROPERTIES) {
            before.put(property, System.getProperty(property));
        }
        try {
            return runChecks();
        } finally {
            before.forEach((property, value) -> {
                if (value == null) {
                    System.clearProperty(property);
                } else {
                    System.setProperty(property, value);
                }
            });
        }
    }

    /** The properties the timeout options set for the run, restored afterwards (a test may run zck in its JVM). */
    private static final List<String> TIMEOUT_PROPERTIES = List.of(
            Timeouts.EXPECT_PROPERTY,
            Timeouts.SILENCE_PROPERTY,
            DriverTimeouts.START_PROPERTY,
            DriverTimeouts.REPLY_GRACE_PROPERTY);

    private int runChecks() throws IOException {
        PrintWriter console = spec.commandLine().getOut();
        applyTimeouts();
        List<Runner.Suite> selectedSuites = selectSuites();
        Path home = Home.path();
        List<Runner.Candidate> candidates = impls.isEmpty() ? available(home, console) : requested(home);
        if (candidates.isEmpty()) {
            spec.commandLine().getErr().println("zck run: no implementation is available; see 'zck impls'");
            return Zck.USAGE;
        }
        Map<String, String> settings = settings();
        Runner runner = new Runner(
                candidates,
                selectedSuites,
                settings,
                console,
                Timeouts.fromSystemProperties().expect().multipliedBy(2));
        RunReport report = runner.run();
        VerdictTables.print(report, console);
        Path file = ReportJson.write(report, out);
        console.println("report: " + file.toAbsolutePath());
        console.flush();
        return report.failed() ? 1 : 0;
    }

    private void applyTimeouts() {
        setPositive(Timeouts.EXPECT_PROPERTY, expectMs, "--expect-timeout");
        setPositive(Timeouts.SILENCE_PROPERTY, silenceMs, "--silence-timeout");
        setPositive(DriverTimeouts.START_PROPERTY, driverStartMs, "--driver-start-timeout");
        setPositive(DriverTimeouts.REPLY_GRACE_PROPERTY, driverGraceMs, "--driver-reply-grace");
        try {
            Timeouts.fromSystemProperties();
            DriverTimeouts.fromSystemProperties();
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private void setPositive(String property, Long millis, String option) {
        if (millis == null) {
            return;
        }
        if (millis <= 0) {
            throw new ParameterException(spec.commandLine(), option + " must be a positive number of ms: " + millis);
        }
        System.setProperty(property, Long.toString(millis));
    }

    private List<Runner.Suite> selectSuites() {
        if (suites.isEmpty()) {
            return Runner.SUITES;
        }
        List<Runner.Suite> selected = new ArrayList<>();
        for (String name : suites) {
            Runner.Suite suite = Runner.SUITES.stream()
                    .filter(s -> s.name().equals(name))
                    .findFirst()
                    .orElseThrow(() -> new ParameterException(
                            spec.commandLine(),
                            "unknown suite '" + name + "' (suites: "
                                    + String.join(
                                            ", ",
                                            Runner.SUITES.stream()
                                                    .map(Runner.Suite::name)
                                                    .toList()) + ")"));
            selected.add(suite);
        }
        return selected;
    }

    /** The --impl list: each must parse, and a known one must be available here (else a setup error, exit 2). */
    private List<Runner.Candidate> requested(Path home) {
        KnownImplementations known = KnownImplementations.standard();
        List<Runner.Candidate> candidates = new ArrayList<>();
        for (String id : impls) {
            try {
                Implementations.check(id);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
            Optional<KnownImplementation> entry = known.find(id);
            if (entry.isPresent()) {
                Availability availability = entry.get().availability(home, PROBE_TIMEOUT);
                if (!availability.available()) {
                    throw new ParameterException(
                            spec.commandLine(),
                            id + " is not available here (" + availability.runtime() + ")"
                                    + (availability.remedy().isBlank() ? "" : "; " + availability.remedy()));
                }
            }
            String kind = entry.map(e -> e.kind().label()).orElse(KnownImplementation.Kind.DRIVER.label());
            candidates.add(new Runner.Candidate(id, kind, () -> Implementations.open(id, home)));
        }
        return candidates;
    }

    /** Every known implementation available on this machine; the others are listed with what makes them available. */
    private List<Runner.Candidate> available(Path home, PrintWriter console) {
        List<Runner.Candidate> candidates = new ArrayList<>();
        for (KnownImplementation entry : KnownImplementations.standard().all()) {
            Availability availability = entry.availability(home, PROBE_TIMEOUT);
            if (availability.available()) {
                String id = entry.id();
                candidates.add(new Runner.Candidate(id, entry.kind().label(), () -> Implementations.open(id, home)));
            } else {
                console.printf(
                        "skipping %s: not available (%s)%s%n",
                        entry.id(),
                        availability.runtime(),
                        availability.remedy().isBlank() ? "" : "; to make it available: " + availability.remedy());
            }
        }
        return candidates;
    }

    private static Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        Timeouts timeouts = Timeouts.fromSystemProperties();
        DriverTimeouts driver = DriverTimeouts.fromSystemProperties();
        settings.put(Timeouts.EXPECT_PROPERTY, Long.toString(timeouts.expect().toMillis()));
        settings.put(Timeouts.SILENCE_PROPERTY, Long.toString(timeouts.silence().toMillis()));
        settings.put(DriverTimeouts.START_PROPERTY, Long.toString(driver.start().toMillis()));
        settings.put(
                DriverTimeouts.REPLY_GRACE_PROPERTY,
                Long.toString(driver.replyGrace().toMillis()));
        settings.put("java.version", System.getProperty("java.version"));
        settings.put("os", System.getProperty("os.name") + " " + System.getProperty("os.arch"));
        return settings;
    }
}
