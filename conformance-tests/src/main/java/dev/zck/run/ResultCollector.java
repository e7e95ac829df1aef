package dev.zck.run;

import dev.zck.reports.CheckResult;
import dev.zck.rules.RuleId;
import dev.zck.spec.Verdict;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.TestSource;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.engine.support.descriptor.UriSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;

/**
 * Records one {@link CheckResult} per test the launcher runs, and one for a suite class that failed before its tests
 * could run (its set-up: for a driver, usually a start that crashed or hung).
 */
final class ResultCollector implements TestExecutionListener {
    private final String suite;
    private final RunContext.Selection selection;
    private final Consumer<CheckResult> sink;
    private final Map<String, Long> started = new ConcurrentHashMap<>();
    private final List<CheckResult> results = new ArrayList<>();

    ResultCollector(String suite, RunContext.Selection selection, Consumer<CheckResult> sink) {
        this.suite = suite;
        this.selection = selection;
        this.sink = sink;
    }

    List<CheckResult> results() {
        return List.copyOf(results);
    }

    @Override
    public void executionStarted(TestIdentifier id) {
        started.put(id.getUniqueId(), System.nanoTime());
    }

    @Override
    public void executionSkipped(TestIdentifier id, String reason) {
        if (id.isTest()) {
            record(id, Verdict.UNSUPPORTED, "skipped: " + reason, 0);
        }
    }

    @Override
    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        Long start = started.remove(id.getUniqueId());
        long millis = start == null ? 0 : (System.nanoTime() - start) / 1_000_000;
        boolean classContainer =
                id.getSource().filter(ClassSource.class::isInstance).isPresent();
        if (id.isTest() || (classContainer && result.getStatus() != TestExecutionResult.Status.SUCCESSFUL)) {
            Verdicts.Outcome outcome = Verdicts.of(result);
            record(id, outcome.verdict(), outcome.message(), millis);
        }
    }

    private void record(TestIdentifier id, Verdict verdict, String message, long millis) {
        Optional<TestSource> source = id.getSource();
        String check;
        List<String> rules;
        Optional<CheckUri> uri =
                source.filter(UriSource.class::isInstance).flatMap(s -> CheckUri.parse(((UriSource) s).getUri()));
        if (uri.isPresent()) {
            check = uri.get().check();
            rules = uri.get().ruleIds();
        } else if (source.isPresent() && source.get() instanceof MethodSource method) {
            check = suite + "/" + method.getMethodName();
            if (id.getUniqueId().contains("[test-template-invocation:")) {
                check += " " + id.getDisplayName();
            }
            rules = ruleIds(method);
        } else {
            check = suite + "/setup";
            rules = List.of();
        }
        CheckResult result = new CheckResult(
                check, suite, rules, selection.implementation(), selection.peer(), verdict, millis, null, message);
        results.add(result);
        sink.accept(result);
    }

    private static List<String> ruleIds(MethodSource source) {
        try {
            Class<?> type = source.getJavaClass();
            Method method = source.getJavaMethod();
            RuleId onMethod = method.getAnnotation(RuleId.class);
            if (onMethod != null) {
                return Arrays.asList(onMethod.value());
            }
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                RuleId onClass = c.getAnnotation(RuleId.class);
                if (onClass != null) {
                    return Arrays.asList(onClass.value());
                }
            }
        } catch (RuntimeException e) {
            // an unloadable source names no rules; the check is still reported
        }
        return List.of();
    }
}
