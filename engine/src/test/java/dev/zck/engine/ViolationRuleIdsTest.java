package dev.zck.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Every rule ID the engine can close a connection for exists in the catalog. The behaviour tests check each reason
 * they provoke as it is reported; this scans the engine's sources so that a path no test reaches is checked too.
 */
class ViolationRuleIdsTest {
    /** A string literal shaped like a rule ID: upper-case words joined by hyphens, e.g. "ZMTP3-GREET-VERSION". */
    private static final Pattern RULE_LITERAL = Pattern.compile("\"([A-Z][A-Z0-9]*(?:-[A-Z0-9.]+)+)\"");

    @Test
    @DisplayName("Every rule ID literal in the engine's main sources names a rule of the standard catalog")
    void everyRuleIdInTheEngineSourcesIsInTheCatalog() throws IOException {
        Path sources = Path.of("src", "main", "java", "dev", "zck", "engine");
        assertThat(sources)
                .as("engine sources, relative to the module directory")
                .isDirectory();
        Set<String> ids = new TreeSet<>();
        try (Stream<Path> files = Files.walk(sources)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher m = RULE_LITERAL.matcher(Files.readString(file));
                while (m.find()) {
                    ids.add(m.group(1));
                }
            }
        }
        assertThat(ids).as("rule IDs found").hasSizeGreaterThan(20);
        ids.forEach(RuleIds::assertInCatalog);
    }
}
