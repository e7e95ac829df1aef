package dev.zck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.adapters.driver.FakeDrivers;
import dev.zck.cli.ZckCommandLineTest.Outcome;
import dev.zck.reports.CheckResult;
import dev.zck.reports.ReportJson;
import dev.zck.reports.RunReport;
import dev.zck.spec.Verdict;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code zck run} end to end, in this JVM: the report, the exit codes, and a run that goes on past broken drivers. */
class RunCommandTest {

    @TempDir
    Path out;

    @Test
    void referenceAndJeromqPassTheContractAndEveryInteropPair() throws Exception {
        Outcome outcome = ZckCommandLineTest.zck("run", "--impl", "reference,jeromq", "--out", out.toString());

        assertThat(outcome.code()).as(outcome.out()).isZero();
        assertThat(outcome.out()).contains("[1/3] contract reference", "[3/3] interop reference x jeromq", "58/58");
        RunReport report = ReportJson.read(out.resolve("report.json"));
        assertThat(report.implementations()).extracting(i -> i.id()).containsExactly("reference", "jeromq");
        assertThat(report.implementations())
                .allSatisfy(i -> assertThat(i.version()).isNotBlank());
        List<CheckResult> interop = report.results().stream()
                .filter(r -> r.suite().equals("interop"))
                .toList();
        assertThat(interop).hasSize(58).allSatisfy(r -> {
            assertThat(r.implementation()).isEqualTo("reference");
            assertThat(r.peer()).isEqualTo("jeromq");
            assertThat(r.verdict()).isEqualTo(Verdict.PASS);
        });
        assertThat(report.results().stream().filter(r -> r.suite().equals("contract")))
                .hasSize(42)
                .allSatisfy(r -> assertThat(r.verdict()).isIn(Verdict.PASS, Verdict.UNSUPPORTED));
        assertThat(report.results()).allSatisfy(r -> assertThat(r.ruleIds()).isNotEmpty());
        assertThat(report.results().stream()
                        .map(r -> r.implementation() + " " + r.check())
                        .distinct())
                .as("check names are unique per implementation")
                .hasSize(report.results().size());
        assertThat(report.failed()).isFalse();
    }

    @Test
    void jeromqGetsTheSameVerdictsInProcessAndThroughItsDriver() throws Exception {
        Outcome outcome =
                ZckCommandLineTest.zck("run", "--impl", "jeromq,jeromq-driver,reference", "--out", out.toString());

        assertThat(outcome.code()).as(outcome.out()).isZero();
        RunReport report = ReportJson.read(out.resolve("report.json"));
        assertThat(verdicts(report, "jeromq", "contract"))
                .isNotEmpty()
                .isEqualTo(verdicts(report, "jeromq-driver", "contract"));
        Map<String, Verdict> viaProcess = new TreeMap<>();
        Map<String, Verdict> inProcess = new TreeMap<>();
        for (CheckResult r : report.results()) {
            if (r.suite().equals("interop") && "reference".equals(r.peer())) {
                String check = r.check().replace("jeromq-driver", "jeromq");
                (r.implementation().equals("jeromq-driver") ? viaProcess : inProcess).put(check, r.verdict());
            }
        }
        assertThat(inProcess).hasSize(58).isEqualTo(viaProcess);
    }

    private static Map<String, Verdict> verdicts(RunReport report, String impl, String suite) {
        Map<String, Verdict> verdicts = new TreeMap<>();
        report.results().stream()
                .filter(r -> r.implementation().equals(impl) && r.suite().equals(suite))
                .forEach(r -> verdicts.put(r.check(), r.verdict()));
        return verdicts;
    }

    @Test
    void aCrashingDriverIsCrashedAndTheRunGoesOn() throws Exception {
        String crashing = driver("crash_on_send.py");
        Outcome outcome = ZckCommandLineTest.zck("run", "--impl", "reference," + crashing, "--out", out.toString());

        assertThat(outcome.code()).as(outcome.out()).isEqualTo(1);
        RunReport report = ReportJson.read(out.resolve("report.json"));
        assertThat(report.results())
                .filteredOn(r -> r.implementation().equals(crashing) && r.verdict() == Verdict.CRASHED)
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.message()).contains("exit status 3", "giving up on purpose"));
        assertThat(report.results())
                .filteredOn(
                        r -> r.implementation().equals("reference") && r.suite().equals("contract"))
                .hasSize(21)
                .allSatisfy(r -> assertThat(r.verdict()).isIn(Verdict.PASS, Verdict.UNSUPPORTED));
        assertThat(report.results())
                .filteredOn(r -> r.suite().equals("interop"))
                .as("the interop pair still ran, check by check")
                .hasSize(58);
        assertThat(outcome.out()).contains("RUN FAILED");
        FakeDrivers.assertNoProcessRuns("crash_on_send.py");
    }

    @Test
    void aHangingDriverIsHungWithinTheTimeoutAndKilled() throws Exception {
        String hanging = driver("hang_on_recv.py");
        long start = System.nanoTime();
        Outcome outcome = ZckCommandLineTest.zck(
                "run",
                "--impl",
                hanging,
                "--suite",
                "contract",
                "--expect-timeout",
                "1000",
                "--driver-reply-grace",
                "300",
                "--out",
                out.toString());

        assertThat(outcome.code()).as(outcome.out()).isEqualTo(1);
        RunReport report = ReportJson.read(out.resolve("report.json"));
        assertThat(report.results())
                .filteredOn(r -> r.verdict() == Verdict.HUNG)
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.message()).contains("recv", "did not answer"));
        assertThat(report.settings()).containsEntry("zck.driver.reply-grace", "300");
        assertThat(System.getProperty("zck.driver.reply-grace"))
                .as("restored after the run")
                .isNull();
        assertThat(System.nanoTime() - start).as("wall time in ns").isLessThan(120_000_000_000L);
        FakeDrivers.assertNoProcessRuns("hang_on_recv.py");
    }

    @Test
    void garbageFromADriverIsAProtocolErrorNamingTheLine() throws Exception {
        String garbage = driver("garbage_on_bind.py");
        Outcome outcome =
                ZckCommandLineTest.zck("run", "--impl", garbage, "--suite", "contract", "--out", out.toString());

        assertThat(outcome.code()).as(outcome.out()).isEqualTo(1);
        RunReport report = ReportJson.read(out.resolve("report.json"));
        assertThat(report.results())
                .filteredOn(r -> r.verdict() == Verdict.PROTOCOL_ERROR)
                .isNotEmpty()
                .allSatisfy(r -> assertThat(r.message())
                        .containsPattern("line \\d+ of its stdout is not JSON")
                        .contains("bind went fine, trust me"));
        FakeDrivers.assertNoProcessRuns("garbage_on_bind.py");
    }

    /** The {@code --impl} value for one of the scripted broken drivers. */
    private static String driver(String script) {
        return "driver:" + FakeDrivers.PYTHON + " " + FakeDrivers.script(script);
    }
}
