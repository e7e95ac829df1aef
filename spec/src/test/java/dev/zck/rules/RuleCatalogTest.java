package dev.zck.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class RuleCatalogTest {
    private static final String VALID = """
            - id: TEST-ONE
              title: A rule
              source: RFC23
              section: Somewhere
              level: MUST
              text: The implementation does a thing.
              observable: A peer sees the thing.
              test:
                method: WIRE
                how: Send bytes, expect bytes.
              timing: STRICT
            """;

    private final RuleCatalog catalog = RuleCatalog.standard();

    @Test
    void catalogHasAtLeast150Rules() {
        assertThat(catalog.size()).isGreaterThanOrEqualTo(150);
    }

    @Test
    void everyRuleHasIdSourceLevelTextAndTestMethod() {
        for (Rule rule : catalog.all()) {
            assertThat(rule.id()).as("id").matches("^[A-Z][A-Z0-9]*(-[A-Z0-9.]+)+$");
            assertThat(rule.source()).as("%s source", rule.id()).isNotNull();
            assertThat(rule.section()).as("%s section", rule.id()).isNotBlank();
            assertThat(rule.level()).as("%s level", rule.id()).isNotNull();
            assertThat(rule.text()).as("%s text", rule.id()).isNotBlank();
            assertThat(rule.testMethod()).as("%s test method", rule.id()).isNotNull();
            assertThat(rule.testHow())
                    .as("%s test.how (or why not testable)", rule.id())
                    .isNotBlank();
        }
    }

    @Test
    void idsAreUnique() {
        List<String> ids = catalog.all().stream().map(Rule::id).toList();
        Set<String> seen = new HashSet<>();
        List<String> duplicates = ids.stream().filter(id -> !seen.add(id)).toList();
        assertThat(duplicates).as("duplicate rule IDs").isEmpty();
    }

    @Test
    void everySourceTheIssueNamesIsCovered() {
        Set<Source> covered = catalog.all().stream().map(Rule::source).collect(Collectors.toSet());
        assertThat(covered).containsAll(EnumSet.allOf(Source.class));
    }

    @Test
    void libzmqDeFactoTopicsAreCovered() {
        List<String> libzmq = catalog.select(r -> r.level() == Level.LIBZMQ).stream()
                .map(Rule::id)
                .toList();
        for (String topic : List.of("HWM-", "RECONNECT-", "LINGER-", "IMMEDIATE-", "HEARTBEAT-", "SUBFWD-")) {
            assertThat(libzmq).as("LIBZMQ rules on %s", topic).anyMatch(id -> id.startsWith(topic));
        }
    }

    @Test
    void spiRulesAreTheAdapterContractAndBind() {
        List<Rule> spi = catalog.select(r -> r.source() == Source.SPI);
        assertThat(spi)
                .extracting(Rule::id)
                .as("the adapter contract's rules")
                .contains("SPI-IDENTITY", "SPI-BIND-PORT-ZERO", "SPI-CLOSE")
                .allMatch(id -> id.startsWith("SPI-"));
        assertThat(spi).allMatch(r -> r.level() == Level.MUST && r.testable(), "MUST and testable");
        assertThat(catalog.select(r -> r.id().startsWith("SPI-"))).allMatch(r -> r.source() == Source.SPI, "SPI");
    }

    @Test
    void untestableRulesSayWhy() {
        for (Rule rule : catalog.select(r -> !r.testable())) {
            assertThat(rule.testHow())
                    .as("%s says why it cannot be tested", rule.id())
                    .hasSizeGreaterThan(15);
        }
    }

    @Test
    void parsesAValidEntry() {
        RuleCatalog parsed = parse(VALID);
        assertThat(parsed.get("TEST-ONE").testMethod()).isEqualTo(TestMethod.WIRE);
        assertThat(parsed.get("TEST-ONE").requires().isEmpty()).isTrue();
    }

    @Test
    void rejectsDuplicateIds() {
        assertThatThrownBy(() -> parse(VALID + VALID))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("TEST-ONE: duplicate id");
    }

    @Test
    void rejectsARuleWithNoSource() {
        assertThatThrownBy(() -> parse(VALID.replace("  source: RFC23\n", "")))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("TEST-ONE: missing source");
    }

    @Test
    void rejectsUnknownSourceLevelAndMethodNamingTheRule() {
        String bad = VALID.replace("RFC23", "RFC99")
                .replace("level: MUST", "level: OFTEN")
                .replace("WIRE", "GUESS");
        assertThatThrownBy(() -> parse(bad))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("TEST-ONE: unknown source RFC99")
                .hasMessageContaining("TEST-ONE: unknown level OFTEN")
                .hasMessageContaining("TEST-ONE: unknown test.method GUESS");
    }

    @Test
    void rejectsLibzmqLevelFromAnRfcSource() {
        assertThatThrownBy(() -> parse(VALID.replace("level: MUST", "level: LIBZMQ")))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("level LIBZMQ needs source LIBZMQ");
    }

    @Test
    void rejectsUnknownFieldsAndBadIds() {
        assertThatThrownBy(() -> parse(VALID.replace("timing: STRICT", "timing: STRICT\n  colour: red")))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("colour");
        assertThatThrownBy(() -> parse(VALID.replace("TEST-ONE", "lower-case")))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("id must be upper-kebab");
    }

    @Test
    void rejectsUnknownRequirementsAndRelatedIds() {
        String bad = VALID + "  requires:\n    options: [NO_SUCH_OPTION]\n    socket-types: [TOASTER]\n"
                + "  related: [NOT-THERE]\n";
        assertThatThrownBy(() -> parse(bad))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("unknown option NO_SUCH_OPTION")
                .hasMessageContaining("unknown socket type TOASTER");
        String badRelated = VALID + "  related: [NOT-THERE]\n";
        assertThatThrownBy(() -> parse(badRelated))
                .isInstanceOf(CatalogException.class)
                .hasMessageContaining("related rule NOT-THERE does not exist");
    }

    private static RuleCatalog parse(String yaml) {
        return RuleCatalog.parse(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)), "test.yaml");
    }
}
