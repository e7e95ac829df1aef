package dev.zck.reports;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zck.spec.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportJsonTest {
    @TempDir
    Path dir;

    private static RunReport sample() {
        return new RunReport(
                "0.1.0-TEST",
                Instant.parse("2026-11-21T08:00:00Z"),
                1234,
                Map.of("zck.timeout.expect", "5000"),
                List.of(
                        new ImplementationEntry("reference", "zck reference engine", "0.1.0", "Java", "", "embedded"),
                        new ImplementationEntry("pyzmq", "libzmq", "4.3.4", "C++", "pyzmq 24", "driver")),
                List.of(
                        new CheckResult(
                                "contract/bind-port-zero",
                                "contract",
                                List.of("SPI-BIND-PORT-ZERO"),
                                "pyzmq",
                                null,
                                Verdict.PASS,
                                12,
                                null,
                                null),
                        new CheckResult(
                                "interop/PUSH->PULL/impl-binds",
                                "interop",
                                List.of("ZMTP3-STYPE-COMPAT"),
                                "reference",
                                "pyzmq",
                                Verdict.CRASHED,
                                40,
                                7L,
                                "driver exited with exit status 3")));
    }

    @Test
    void writesTheDocumentedFieldsAndReadsThemBack() throws IOException {
        Path file = ReportJson.write(sample(), dir.resolve("out"));

        JsonNode root = new ObjectMapper().readTree(file.toFile());
        assertThat(root.path("schema").asText()).isEqualTo("zck-report/1");
        assertThat(root.path("kit").path("version").asText()).isEqualTo("0.1.0-TEST");
        assertThat(root.path("passed").asBoolean()).isFalse();
        assertThat(root.path("summary").path("CRASHED").asInt()).isEqualTo(1);
        assertThat(root.path("summary").path("PASS").asInt()).isEqualTo(1);
        assertThat(root.path("summary").path("FAIL").asInt()).isZero();
        JsonNode second = root.path("results").get(1);
        assertThat(second.path("peer").asText()).isEqualTo("pyzmq");
        assertThat(second.path("seed").asLong()).isEqualTo(7L);
        assertThat(root.path("results").get(0).get("peer").isNull()).isTrue();
        assertThat(ReportJson.read(file)).isEqualTo(sample());
        assertThat(Files.exists(file.resolveSibling("report.json.partial"))).isFalse();
    }

    @Test
    void aRunPassesOnlyWithoutFailingVerdicts() {
        assertThat(sample().failed()).isTrue();
        RunReport onlyGood = new RunReport(
                "v",
                Instant.EPOCH,
                0,
                Map.of(),
                List.of(),
                sample().results().stream()
                        .map(r -> new CheckResult(
                                r.check(),
                                r.suite(),
                                r.ruleIds(),
                                r.implementation(),
                                r.peer(),
                                r.verdict() == Verdict.PASS ? Verdict.PASS : Verdict.UNSUPPORTED,
                                0,
                                null,
                                null))
                        .toList());
        assertThat(onlyGood.failed()).isFalse();
    }

    @Test
    void refusesAnotherSchema() throws IOException {
        Path file = dir.resolve("report.json");
        Files.writeString(file, "{\"schema\":\"other/9\"}");
        assertThatThrownBy(() -> ReportJson.read(file)).hasMessageContaining("other/9");
    }
}
