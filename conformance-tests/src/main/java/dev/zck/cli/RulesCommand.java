package dev.zck.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zck.rules.Level;
import dev.zck.rules.Requirements;
import dev.zck.rules.Rule;
import dev.zck.rules.RuleCatalog;
import dev.zck.rules.RulesMarkdown;
import dev.zck.rules.Source;
import dev.zck.rules.TestMethod;
import java.io.PrintWriter;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Prints the rule catalog as a table, as JSON, or as the RULES.md document. */
@Command(name = "rules", mixinStandardHelpOptions = true, description = "List the rules of the conformance catalog.")
final class RulesCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @ArgGroup(exclusive = true)
    Format format = new Format();

    static final class Format {
        @Option(names = "--json", description = "Print the selected rules as a JSON array.")
        boolean json;

        @Option(names = "--markdown", description = "Print the whole catalog as RULES.md (ignores filters).")
        boolean markdown;
    }

    @Option(
            names = "--source",
            split = ",",
            paramLabel = "SOURCE",
            description = "Only rules from these sources: ${COMPLETION-CANDIDATES}.")
    Set<Source> sources = EnumSet.noneOf(Source.class);

    @Option(
            names = "--level",
            split = ",",
            paramLabel = "LEVEL",
            description = "Only rules at these levels: ${COMPLETION-CANDIDATES}.")
    Set<Level> levels = EnumSet.noneOf(Level.class);

    @Option(
            names = "--method",
            split = ",",
            paramLabel = "METHOD",
            description = "Only rules tested this way: ${COMPLETION-CANDIDATES}.")
    Set<TestMethod> methods = EnumSet.noneOf(TestMethod.class);

    @Override
    public Integer call() throws Exception {
        RuleCatalog catalog = RuleCatalog.standard();
        PrintWriter out = spec.commandLine().getOut();
        if (format.markdown) {
            out.print(RulesMarkdown.render(catalog));
            out.flush();
            return 0;
        }
        List<Rule> rules = catalog.select(rule -> (sources.isEmpty() || sources.contains(rule.source()))
                && (levels.isEmpty() || levels.contains(rule.level()))
                && (methods.isEmpty() || methods.contains(rule.testMethod())));
        if (format.json) {
            out.println(json(rules));
            return 0;
        }
        TextTable table = new TextTable("ID", "LEVEL", "SOURCE", "METHOD", "TITLE");
        for (Rule rule : rules) {
            table.row(
                    rule.id(),
                    rule.level().name(),
                    rule.source().name(),
                    rule.testMethod().name(),
                    rule.title());
        }
        table.print(out);
        out.println();
        out.println(rules.size() + " of " + catalog.size() + " rules. Details: " + RulesMarkdown.PATH
                + " (anchor = rule ID) or 'zck rules --json'.");
        return 0;
    }

    private static String json(List<Rule> rules) throws Exception {
        ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        ArrayNode array = mapper.createArrayNode();
        for (Rule rule : rules) {
            ObjectNode node = array.addObject();
            node.put("id", rule.id());
            node.put("title", rule.title());
            node.put("source", rule.source().name());
            node.put("section", rule.section());
            node.put("level", rule.level().name());
            node.put("text", rule.text());
            node.put("observable", rule.observable());
            node.put("testMethod", rule.testMethod().name());
            node.put("testHow", rule.testHow());
            node.put("timing", rule.timing().name());
            if (!rule.deviations().isEmpty()) {
                node.put("deviations", rule.deviations());
            }
            Requirements requires = rule.requires();
            if (!requires.isEmpty()) {
                ObjectNode req = node.putObject("requires");
                putSorted(req, "socketTypes", requires.socketTypes().stream().map(Enum::name));
                putSorted(req, "options", requires.options().stream().map(o -> o.name()));
                putSorted(req, "mechanisms", requires.mechanisms().stream().map(Enum::name));
                putSorted(req, "transports", requires.transports().stream().map(Enum::name));
            }
            if (!rule.related().isEmpty()) {
                putSorted(node, "related", rule.related().stream());
            }
            node.put("link", RulesMarkdown.PATH + "#" + rule.anchor());
        }
        return mapper.writeValueAsString(array);
    }

    private static void putSorted(ObjectNode node, String field, Stream<String> values) {
        List<String> sorted = values.sorted().toList();
        if (!sorted.isEmpty()) {
            ArrayNode array = node.putArray(field);
            sorted.forEach(array::add);
        }
    }
}
