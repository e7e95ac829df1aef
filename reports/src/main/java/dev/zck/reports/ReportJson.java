package dev.zck.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zck.spec.Verdict;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Writes and reads report.json in the schema {@value RunReport#SCHEMA} (reports/REPORT-SCHEMA.md). */
public final class ReportJson {
    /** The file name inside the report directory. */
    public static final String FILE_NAME = "report.json";

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ReportJson() {}

    /** Writes the report as {@value #FILE_NAME} into the directory (created if needed); returns the file. */
    public static Path write(RunReport report, Path directory) throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve(FILE_NAME);
        Path partial = directory.resolve(FILE_NAME + ".partial");
        MAPPER.writeValue(partial.toFile(), toJson(report));
        Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return file;
    }

    static ObjectNode toJson(RunReport report) {
        ObjectNode root = MAPPER.createObjectNode();
        root.put("schema", RunReport.SCHEMA);
        ObjectNode kit = root.putObject("kit");
        kit.put("name", "zck");
        kit.put("version", report.kitVersion());
        root.put("startedAt", report.startedAt().toString());
        root.put("durationMs", report.durationMs());
        ObjectNode settings = root.putObject("settings");
        new TreeMap<>(report.settings()).forEach(settings::put);
        ArrayNode impls = root.putArray("implementations");
        for (ImplementationEntry impl : report.implementations()) {
            ObjectNode node = impls.addObject();
            node.put("id", impl.id());
            node.put("name", impl.name());
            node.put("version", impl.version());
            node.put("language", impl.language());
            node.put("detail", impl.detail());
            node.put("kind", impl.kind());
        }
        ObjectNode summary = root.putObject("summary");
        report.summary().forEach((verdict, count) -> summary.put(verdict.name(), count));
        root.put("passed", !report.failed());
        ArrayNode results = root.putArray("results");
        for (CheckResult result : report.results()) {
            ObjectNode node = results.addObject();
            node.put("check", result.check());
            node.put("suite", result.suite());
            ArrayNode rules = node.putArray("ruleIds");
            result.ruleIds().forEach(rules::add);
            node.put("implementation", result.implementation());
            node.put("peer", result.peer());
            node.put("verdict", result.verdict().name());
            node.put("durationMs", result.durationMs());
            if (result.seed() == null) {
                node.putNull("seed");
            } else {
                node.put("seed", result.seed());
            }
            node.put("message", result.message());
        }
        return root;
    }

    /** Reads a report written by this kit; refuses another schema with a message naming it. */
    public static RunReport read(Path file) throws IOException {
        JsonNode root = MAPPER.readTree(file.toFile());
        String schema = root.path("schema").asText("");
        if (!RunReport.SCHEMA.equals(schema)) {
            throw new IOException(file + " has schema '" + schema + "', expected " + RunReport.SCHEMA);
        }
        Map<String, String> settings = new LinkedHashMap<>();
        root.path("settings")
                .fields()
                .forEachRemaining(e -> settings.put(e.getKey(), e.getValue().asText()));
        List<ImplementationEntry> impls = new ArrayList<>();
        for (JsonNode node : root.path("implementations")) {
            impls.add(new ImplementationEntry(
                    node.path("id").asText(),
                    node.path("name").asText(),
                    node.path("version").asText(),
                    node.path("language").asText(),
                    node.path("detail").asText(),
                    node.path("kind").asText()));
        }
        List<CheckResult> results = new ArrayList<>();
        for (JsonNode node : root.path("results")) {
            List<String> rules = new ArrayList<>();
            node.path("ruleIds").forEach(r -> rules.add(r.asText()));
            results.add(new CheckResult(
                    node.path("check").asText(),
                    node.path("suite").asText(),
                    rules,
                    node.path("implementation").asText(),
                    textOrNull(node.get("peer")),
                    Verdict.valueOf(node.path("verdict").asText()),
                    node.path("durationMs").asLong(),
                    node.hasNonNull("seed") ? node.get("seed").asLong() : null,
                    textOrNull(node.get("message"))));
        }
        return new RunReport(
                root.path("kit").path("version").asText(),
                Instant.parse(root.path("startedAt").asText()),
                root.path("durationMs").asLong(),
                settings,
                impls,
                results);
    }

    private static String textOrNull(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }
}
