package dev.zck.cli;

import dev.zck.adapters.KnownImplementation;
import dev.zck.adapters.KnownImplementations;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The main job: every suite against every available implementation. No suite exists yet, and it says so. */
@Command(
        name = "run",
        mixinStandardHelpOptions = true,
        description = {
            "Run the conformance suites against every available implementation (or those given with --impl)",
            "and write the report."
        })
final class RunCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--impl",
            split = ",",
            paramLabel = "ID",
            description = "Implementations to test (see 'zck impls'); default: all available.")
    List<String> impls = List.of();

    @Option(names = "--out", paramLabel = "DIR", description = "Where to write the report (default: ${DEFAULT-VALUE}).")
    Path out = Path.of("zck-report");

    @Override
    public Integer call() {
        KnownImplementations known = KnownImplementations.standard();
        for (String id : impls) {
            if (known.find(id).isEmpty()) {
                throw new ParameterException(
                        spec.commandLine(),
                        "unknown implementation '" + id + "' (known: "
                                + String.join(
                                        ", ",
                                        known.all().stream()
                                                .map(KnownImplementation::id)
                                                .toList()) + ")");
            }
        }
        spec.commandLine()
                .getErr()
                .println("zck run: no conformance suite is implemented yet, so nothing was tested and no report was"
                        + " written. The rule catalog is ready ('zck rules'); the suites arrive with the engine and"
                        + " adapter issues.");
        return Zck.USAGE;
    }
}
