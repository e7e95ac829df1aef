package dev.zck.rules;

import dev.zck.spi.Capabilities;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One testable requirement. The {@link #id()} is stable: tests name it, reports link to its anchor in RULES.md,
 * and it never changes meaning once published.
 *
 * @param id stable upper-kebab ID, e.g. {@code ZMTP31-PING-PONG-CONTEXT}
 * @param title one line
 * @param source the RFC or libzmq
 * @param section the section of the source (for LIBZMQ: the file or manual page)
 * @param level how strongly it binds
 * @param text what is required, in the project's words
 * @param observable what a test sees from outside
 * @param testMethod how it is tested
 * @param testHow the test sketch, or for {@link TestMethod#NONE} why it cannot be tested
 * @param timing how its verdict depends on time
 * @param deviations where known implementations differ from the source text; empty if none is recorded
 * @param requires capabilities an implementation must declare for the rule to apply
 * @param related IDs of related rules
 */
public record Rule(
        String id,
        String title,
        Source source,
        String section,
        Level level,
        String text,
        String observable,
        TestMethod testMethod,
        String testHow,
        Timing timing,
        String deviations,
        Requirements requires,
        List<String> related) {

    public Rule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(testMethod, "testMethod");
        Objects.requireNonNull(timing, "timing");
        deviations = deviations == null ? "" : deviations;
        requires = requires == null ? Requirements.NONE : requires;
        related = related == null ? List.of() : List.copyOf(related);
    }

    /** True unless the rule says it cannot be tested. */
    public boolean testable() {
        return testMethod != TestMethod.NONE;
    }

    /** The anchor of this rule in RULES.md (the ID itself). */
    public String anchor() {
        return id;
    }

    /**
     * Why this rule does not apply to an implementation with these capabilities, or empty when it applies. A rule
     * that does not apply is reported UNSUPPORTED, never FAIL.
     */
    public Optional<String> unsupportedReason(Capabilities capabilities) {
        List<String> missing = requires.unmetBy(capabilities);
        return missing.isEmpty() ? Optional.empty() : Optional.of("not declared: " + String.join(", ", missing));
    }
}
