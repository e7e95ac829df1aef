package dev.zck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.zck.rules.RuleCatalog;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ZckCommandLineTest {

    record Outcome(int code, String out, String err) {}

    static Outcome zck(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Zck.execute(new PrintWriter(out), new PrintWriter(err), args);
        return new Outcome(code, out.toString(), err.toString());
    }

    @Test
    void unknownCommandExits2WithOneLine() {
        Outcome outcome = zck("bogus");
        assertThat(outcome.code()).isEqualTo(2);
        assertThat(outcome.err().lines()).hasSize(1);
        assertThat(outcome.err()).contains("unknown command 'bogus'");
        assertThat(outcome.out()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "rules --level OFTEN",
                "rules --nope",
                "impls extra",
                "run --impl nope",
                "run --impl driver:",
                "run --suite nope",
                "run --expect-timeout 0",
                "rules --json --markdown"
            })
    void usageErrorsExit2WithOneLine(String args) {
        Outcome outcome = zck(args.split(" "));
        assertThat(outcome.code()).as(args).isEqualTo(2);
        assertThat(outcome.err().lines()).as(args).hasSize(1);
        assertThat(outcome.err()).startsWith("zck: ");
    }

    @Test
    void noCommandIsAUsageError() {
        Outcome outcome = zck();
        assertThat(outcome.code()).isEqualTo(2);
        assertThat(outcome.err()).contains("missing command");
    }

    @ParameterizedTest
    @ValueSource(strings = {"--help", "run --help", "rules --help", "impls --help", "help rules"})
    void everyCommandHasHelp(String args) {
        Outcome outcome = zck(args.split(" "));
        assertThat(outcome.code()).as(args).isZero();
        assertThat(outcome.out()).contains("Usage: zck");
    }

    @Test
    void rulesJsonListsTheWholeCatalogWithRequiredFields() throws Exception {
        Outcome outcome = zck("rules", "--json");
        assertThat(outcome.code()).isZero();
        JsonNode rules = new ObjectMapper().readTree(outcome.out());
        assertThat(rules.size()).isEqualTo(RuleCatalog.standard().size()).isGreaterThanOrEqualTo(150);
        Set<String> ids = new HashSet<>();
        for (JsonNode rule : rules) {
            for (String field : new String[] {"id", "source", "level", "text", "testMethod"}) {
                assertThat(rule.path(field).asText())
                        .as("%s of %s", field, rule.path("id"))
                        .isNotBlank();
            }
            assertThat(ids.add(rule.get("id").asText()))
                    .as("unique %s", rule.get("id"))
                    .isTrue();
        }
    }

    @Test
    void rulesFilterBySourceAndLevel() throws Exception {
        Outcome outcome = zck("rules", "--json", "--source", "RFC23", "--level", "must");
        JsonNode rules = new ObjectMapper().readTree(outcome.out());
        long expected = RuleCatalog.standard()
                .select(r ->
                        r.source().name().equals("RFC23") && r.level().name().equals("MUST"))
                .size();
        assertThat(rules.size()).isEqualTo(expected).isPositive();
        for (JsonNode rule : rules) {
            assertThat(rule.get("source").asText()).isEqualTo("RFC23");
            assertThat(rule.get("level").asText()).isEqualTo("MUST");
        }
    }

    @Test
    void rulesTableHasOneLinePerRuleAndACount() {
        Outcome outcome = zck("rules", "--source", "RFC30");
        int count = RuleCatalog.standard()
                .select(r -> r.source().name().equals("RFC30"))
                .size();
        assertThat(outcome.out().lines().filter(l -> l.contains(" RFC30 "))).hasSize(count);
        assertThat(outcome.out())
                .contains(count + " of " + RuleCatalog.standard().size() + " rules");
    }

    @Test
    void implsListsEveryKnownImplementationWithAvailability() throws Exception {
        Outcome outcome = zck("impls", "--json", "--probe-timeout", "20000");
        assertThat(outcome.code()).isZero();
        JsonNode impls = new ObjectMapper().readTree(outcome.out());
        Set<String> ids = new HashSet<>();
        for (JsonNode impl : impls) {
            ids.add(impl.get("id").asText());
            assertThat(impl.get("available").isBoolean()).isTrue();
            if (!impl.get("available").asBoolean()) {
                assertThat(impl.get("remedy").asText())
                        .as("remedy for %s", impl.get("id"))
                        .isNotBlank();
            }
        }
        assertThat(ids).contains("reference", "jeromq", "jeromq-driver", "pyzmq", "zeromqjs");
    }
}
