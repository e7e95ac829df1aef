package dev.zck.run;

import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.zck.reports.CheckResult;
import dev.zck.reports.ImplementationEntry;
import dev.zck.reports.RunReport;
import dev.zck.spec.KitInfo;
import dev.zck.spec.Verdict;
import dev.zck.spi.ImplementationInfo;
import dev.zck.spi.ZmqImplementation;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.LauncherDiscoveryRequest;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Runs the suites of a {@code zck run}: opens every candidate implementation, runs each single-implementation suite
 * against each of them and each pairwise suite against each pair, prints progress, and returns the report. A check
 * that fails, crashes or hangs is recorded and the run goes on; an implementation that cannot be opened gets one
 * {@code setup/open} result and is left out of the rest.
 */
public final class Runner {
    /**
     * An implementation the run may test.
     *
     * @param id its ID in the report (as given to {@code --impl})
     * @param kind embedded, in-process or driver
     * @param opener opens a new instance, which the caller closes
     */
    public record Candidate(String id, String kind, Callable<ZmqImplementation> opener) {}

    /**
     * A suite: a JUnit class that reads {@link RunContext#selection()}.
     *
     * @param name the suite's name in the report
     * @param testClass the class to launch
     * @param pairwise whether it runs once per pair of implementations (else once per implementation)
     */
    public record Suite(String name, Class<?> testClass, boolean pairwise) {}

    /** The suites of this kit, in the order they run. */
    public static final List<Suite> SUITES =
            List.of(new Suite("contract", RunContract.class, false), new Suite("interop", InteropSuite.class, true));

    private final List<Candidate> candidates;
    private final List<Suite> suites;
    private final Map<String, String> settings;
    private final PrintWriter out;
    private final Duration closeTimeout;

    public Runner(
            List<Candidate> candidates,
            List<Suite> suites,
            Map<String, String> settings,
            PrintWriter out,
            Duration closeTimeout) {
        this.candidates = List.copyOf(candidates);
        this.suites = List.copyOf(suites);
        this.settings = Map.copyOf(settings);
        this.out = out;
        this.closeTimeout = closeTimeout;
    }

    public RunReport run() {
        Instant startedAt = Instant.now();
        long start = System.nanoTime();
        List<CheckResult> results = new ArrayList<>();
        List<ImplementationEntry> entries = new ArrayList<>();
        Map<String, ZmqImplementation> opened = new LinkedHashMap<>();
        try {
            for (Candidate candidate : candidates) {
                open(candidate, opened, entries, results);
            }
            List<Launch> launches = plan(new ArrayList<>(opened.keySet()));
            int n = 0;
            for (Launch launch : launches) {
                n++;
                results.addAll(execute(launch, n, launches.size()));
            }
        } finally {
            opened.forEach(this::closeQuietly);
            RunContext.clear();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        return new RunReport(KitInfo.version(), startedAt, millis, settings, entries, results);
    }

    private record Launch(Suite suite, String implementation, String peer) {
        String label() {
            return suite.name() + " " + implementation + (peer == null ? "" : " x " + peer);
        }
    }

    private List<Launch> plan(List<String> ids) {
        List<Launch> launches = new ArrayList<>();
        for (Suite suite : suites) {
            for (int i = 0; i < ids.size(); i++) {
                if (!suite.pairwise()) {
                    launches.add(new Launch(suite, ids.get(i), null));
                    continue;
                }
                for (int j = i + 1; j < ids.size(); j++) {
                    launches.add(new Launch(suite, ids.get(i), ids.get(j)));
                }
            }
        }
        return launches;
    }

    private void open(
            Candidate candidate,
            Map<String, ZmqImplementation> opened,
            List<ImplementationEntry> entries,
            List<CheckResult> results) {
        long start = System.nanoTime();
        out.printf("opening %s (%s)...%n", candidate.id(), candidate.kind());
        out.flush();
        try {
            ZmqImplementation impl = candidate.opener().call();
            ImplementationInfo info = impl.info();
            entries.add(new ImplementationEntry(
                    candidate.id(), info.name(), info.version(), info.language(), info.detail(), candidate.kind()));
            opened.put(candidate.id(), impl);
            RunContext.register(candidate.id(), candidate.opener(), impl);
            out.printf("  %s: %s %s (%s)%n", candidate.id(), info.name(), info.version(), info.language());
        } catch (Exception | LinkageError e) {
            Verdicts.Outcome outcome = Verdicts.failed(e);
            Verdict verdict = outcome.verdict() == Verdict.FAIL ? Verdict.ERROR : outcome.verdict();
            entries.add(new ImplementationEntry(candidate.id(), "", "", "", "", candidate.kind()));
            CheckResult result = new CheckResult(
                    "setup/open",
                    "setup",
                    List.of(),
                    candidate.id(),
                    null,
                    verdict,
                    (System.nanoTime() - start) / 1_000_000,
                    null,
                    "could not open " + candidate.id() + ": " + outcome.message());
            results.add(result);
            printProblem(result);
        }
    }

    private List<CheckResult> execute(Launch launch, int n, int total) {
        out.printf("[%d/%d] %s%n", n, total, launch.label());
        out.flush();
        long start = System.nanoTime();
        RunContext.select(launch.implementation(), launch.peer());
        ResultCollector collector =
                new ResultCollector(launch.suite().name(), RunContext.selection(), this::printProblem);
        LauncherDiscoveryRequest request = LauncherDiscoveryRequestBuilder.request()
                .selectors(selectClass(launch.suite().testClass()))
                .configurationParameter("junit.jupiter.execution.parallel.enabled", "false")
                .build();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(request, collector);
        List<CheckResult> results = collector.results();
        Map<Verdict, Long> counts = results.stream()
                .collect(Collectors.groupingBy(
                        CheckResult::verdict, () -> new EnumMap<>(Verdict.class), Collectors.counting()));
        out.printf(
                "      %s in %.1f s%n",
                counts.isEmpty() ? "no checks" : summary(counts), (System.nanoTime() - start) / 1e9);
        out.flush();
        return results;
    }

    private static String summary(Map<Verdict, Long> counts) {
        return counts.entrySet().stream()
                .map(e -> e.getValue() + " " + e.getKey())
                .collect(Collectors.joining(", "));
    }

    private void printProblem(CheckResult result) {
        if (!result.verdict().failsRun()) {
            return;
        }
        String message = result.message() == null ? "" : result.message().strip();
        if (message.length() > 600) {
            message = message.substring(0, 600) + "...";
        }
        out.printf(
                "      %s %s%s: %s%n",
                result.verdict(),
                result.check(),
                result.peer() == null ? "" : " (" + result.implementation() + " x " + result.peer() + ")",
                message.replace("\n", "\n        "));
        out.flush();
    }

    /** Closes an implementation within the close timeout; one that does not finish is abandoned with a warning. */
    private void closeQuietly(String id, ZmqImplementation impl) {
        ExecutorService closer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "zck-close-" + id);
            t.setDaemon(true);
            return t;
        });
        try {
            Future<?> done = closer.submit(() -> {
                impl.close();
                return null;
            });
            done.get(closeTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            out.printf("warning: %s did not close within %d ms%n", id, closeTimeout.toMillis());
        } catch (ExecutionException e) {
            out.printf("warning: closing %s failed: %s%n", id, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            closer.shutdownNow();
        }
    }
}
