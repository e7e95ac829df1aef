package dev.zck.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class RulesMarkdownTest {
    /** Tests run in the module directory, so the checked-in file is here. */
    private static final Path RULES_MD = Path.of("RULES.md");

    @Test
    void checkedInRulesMdIsUpToDate() throws IOException {
        String expected = RulesMarkdown.render(RuleCatalog.standard());
        String actual = Files.exists(RULES_MD) ? Files.readString(RULES_MD, StandardCharsets.UTF_8) : "";
        assertThat(actual)
                .as("spec/RULES.md is out of date with spec/rules.yaml; regenerate it with "
                        + "'./zck rules --markdown > spec/RULES.md'")
                .isEqualTo(expected);
    }

    @Test
    void rfcSourcesLinkTheWebAndTheSpiSourceLinksItsCodeNextToRulesMd() {
        String markdown = RulesMarkdown.render(RuleCatalog.standard());
        assertThat(markdown)
                .contains("Source text: <https://rfc.zeromq.org/spec/23/>")
                .contains("Source text: [`src/main/java/dev/zck/spi/`](src/main/java/dev/zck/spi/)");
        assertThat(Path.of(Source.SPI.url()))
                .as("the SPI sources, relative to spec/")
                .isDirectory();
    }

    @Test
    void everyRuleHasItsOwnAnchor() {
        String markdown = RulesMarkdown.render(RuleCatalog.standard());
        for (Rule rule : RuleCatalog.standard().all()) {
            assertThat(markdown).contains("<a id=\"" + rule.id() + "\"></a>" + rule.id() + ": ");
        }
    }
}
