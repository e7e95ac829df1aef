package dev.zck.rules;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Renders the catalog as {@code spec/RULES.md}: one section per source, one heading per rule with the rule ID as
 * its anchor, so that reports can link to {@code RULES.md#ZMTP3-GREET-SIGNATURE}.
 */
public final class RulesMarkdown {
    /** Where the rendered catalog lives in the repository. */
    public static final String PATH = "spec/RULES.md";

    private RulesMarkdown() {}

    public static String render(RuleCatalog catalog) {
        StringBuilder md = new StringBuilder();
        md.append("# zck rule catalog\n\n");
        md.append("<!-- Generated from spec/rules.yaml by `./zck rules --markdown > spec/RULES.md`. ")
                .append("Do not edit by hand: a test fails when this file is out of date. -->\n\n");
        md.append("Every test and every report line of zck names one of these rules. Levels: **MUST** (a failure ")
                .append("fails the run), **SHOULD**, **MAY**, and **LIBZMQ** (libzmq's de-facto behaviour where the ")
                .append("RFCs are silent or differ; informational). Timing: **STRICT** verdicts do not depend on ")
                .append("time, **TOLERANT** ones need a generous deadline, **STOCHASTIC** ones are inherently racy ")
                .append("and never a hard failure.\n\n");

        Map<Source, List<Rule>> bySource = catalog.all().stream()
                .collect(Collectors.groupingBy(Rule::source, () -> new EnumMap<>(Source.class), Collectors.toList()));
        md.append(catalog.size()).append(" rules.\n\n");
        md.append("| Source | Title | Rules | MUST | SHOULD | MAY | LIBZMQ | Not testable |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<Source, List<Rule>> entry : bySource.entrySet()) {
            List<Rule> rules = entry.getValue();
            md.append("| [")
                    .append(entry.getKey())
                    .append("](#")
                    .append(sectionAnchor(entry.getKey()))
                    .append(") | ")
                    .append(entry.getKey().title())
                    .append(" | ")
                    .append(rules.size())
                    .append(" | ");
            for (Level level : Level.values()) {
                md.append(rules.stream().filter(r -> r.level() == level).count())
                        .append(" | ");
            }
            md.append(rules.stream().filter(r -> !r.testable()).count()).append(" |\n");
        }
        for (Map.Entry<Source, List<Rule>> entry : bySource.entrySet()) {
            Source source = entry.getKey();
            md.append("\n## <a id=\"")
                    .append(sectionAnchor(source))
                    .append("\"></a>")
                    .append(source)
                    .append(": ")
                    .append(source.title())
                    .append("\n\n");
            md.append("Source text: ").append(link(source.url())).append('\n');
            for (Rule rule : entry.getValue()) {
                renderRule(md, rule);
            }
        }
        return md.toString();
    }

    private static void renderRule(StringBuilder md, Rule rule) {
        md.append("\n### <a id=\"")
                .append(rule.anchor())
                .append("\"></a>")
                .append(rule.id())
                .append(": ")
                .append(escape(rule.title()))
                .append("\n\n");
        md.append("- **Level:** ")
                .append(rule.level())
                .append(" · **Source:** ")
                .append(rule.source())
                .append(", ")
                .append(escape(rule.section()))
                .append(" · **Tested by:** ")
                .append(rule.testMethod())
                .append(" · **Timing:** ")
                .append(rule.timing())
                .append('\n');
        md.append("- **Requirement:** ").append(escape(rule.text())).append('\n');
        md.append("- **Observable:** ").append(escape(rule.observable())).append('\n');
        md.append(rule.testable() ? "- **Test:** " : "- **Why not tested:** ")
                .append(escape(rule.testHow()))
                .append('\n');
        if (!rule.deviations().isEmpty()) {
            md.append("- **Deviations:** ").append(escape(rule.deviations())).append('\n');
        }
        if (!rule.requires().isEmpty()) {
            Requirements r = rule.requires();
            md.append("- **Requires:** ")
                    .append(joinSorted(
                            r.socketTypes().stream().map(Object::toString).toList()))
                    .append(joinSorted(
                            r.options().stream().map(Object::toString).toList()))
                    .append(joinSorted(
                            r.mechanisms().stream().map(Object::toString).toList()))
                    .append(joinSorted(
                            r.transports().stream().map(t -> t.scheme()).toList()))
                    .append('\n');
        }
        if (!rule.related().isEmpty()) {
            md.append("- **Related:** ")
                    .append(rule.related().stream()
                            .map(id -> "[" + id + "](#" + id + ")")
                            .collect(Collectors.joining(", ")))
                    .append('\n');
        }
    }

    private static String joinSorted(List<String> items) {
        if (items.isEmpty()) {
            return "";
        }
        return items.stream().sorted().map(s -> "`" + s + "`").collect(Collectors.joining(" ")) + " ";
    }

    /** A web address as an autolink, a path relative to RULES.md as a link named by the path. */
    private static String link(String url) {
        return url.startsWith("https://") ? "<" + url + ">" : "[`" + url + "`](" + url + ")";
    }

    /** Anchor of a source's section, e.g. {@code source-rfc23}. */
    public static String sectionAnchor(Source source) {
        return "source-" + source.name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Keeps prose on one Markdown line and stops it from opening tags. */
    private static String escape(String text) {
        return text.replace('\n', ' ').replace("<", "&lt;").strip();
    }
}
