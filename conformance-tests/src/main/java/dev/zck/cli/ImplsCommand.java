package dev.zck.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zck.adapters.Availability;
import dev.zck.adapters.KnownImplementation;
import dev.zck.adapters.KnownImplementations;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Lists the implementations the kit knows, whether each is usable here, and how to make it usable. */
@Command(
        name = "impls",
        mixinStandardHelpOptions = true,
        description = "List known implementations and whether each is available on this machine.")
final class ImplsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print as a JSON array.")
    boolean json;

    @Option(
            names = "--probe-timeout",
            paramLabel = "MILLIS",
            description = "Longest time one runtime probe may take (default: ${DEFAULT-VALUE} ms).")
    long probeTimeoutMillis = 10_000;

    @Override
    public Integer call() throws Exception {
        if (probeTimeoutMillis <= 0) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--probe-timeout must be positive");
        }
        Path home = Home.path();
        Duration timeout = Duration.ofMillis(probeTimeoutMillis);
        List<KnownImplementation> known = KnownImplementations.standard().all();
        List<Availability> results = new ArrayList<>();
        for (KnownImplementation impl : known) {
            results.add(impl.availability(home, timeout));
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
            ArrayNode array = mapper.createArrayNode();
            for (int i = 0; i < known.size(); i++) {
                ObjectNode node = array.addObject();
                node.put("id", known.get(i).id());
                node.put("description", known.get(i).description());
                node.put("kind", known.get(i).kind().label());
                node.put("available", results.get(i).available());
                node.put("runtime", results.get(i).runtime());
                node.put("remedy", results.get(i).remedy());
            }
            out.println(mapper.writeValueAsString(array));
            return 0;
        }
        TextTable table = new TextTable("ID", "KIND", "AVAILABLE", "IMPLEMENTATION", "RUNTIME FOUND");
        for (int i = 0; i < known.size(); i++) {
            KnownImplementation impl = known.get(i);
            Availability availability = results.get(i);
            table.row(
                    impl.id(),
                    impl.kind().label(),
                    availability.available() ? "yes" : "no",
                    impl.description(),
                    availability.runtime());
        }
        table.print(out);
        boolean header = false;
        for (int i = 0; i < known.size(); i++) {
            Availability availability = results.get(i);
            if (!availability.available()) {
                if (!header) {
                    out.println();
                    out.println("To make available:");
                    header = true;
                }
                out.println("  " + known.get(i).id() + ": " + availability.remedy());
            }
        }
        return 0;
    }
}
