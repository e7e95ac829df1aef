package dev.zck.cli;

import dev.zck.bench.BenchCommand;
import dev.zck.spec.KitInfo;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * The {@code zck} command line: a thin planner over the suites. Exit codes: 0 when no required check failed, 1 when
 * one did, 2 on a usage or setup error (always with a one-line reason on stderr).
 */
@Command(
        name = "zck",
        mixinStandardHelpOptions = true,
        versionProvider = Zck.Version.class,
        description = "The ZeroMQ conformance and simulation kit.",
        subcommands = {
            RunCommand.class,
            RulesCommand.class,
            ImplsCommand.class,
            PeerCommand.class,
            BenchCommand.class,
            SimulateCommand.class,
            CommandLine.HelpCommand.class
        },
        footer = {"", "Exit codes: 0 ok, 1 a required check failed, 2 usage or setup error."})
public final class Zck implements Runnable {
    /** Exit code for usage and setup errors. */
    public static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "missing command: run, rules, impls, peer, bench or simulate");
    }

    public static void main(String[] args) {
        System.exit(execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
    }

    /** Runs the command line with the given streams and returns the exit code (used by tests). */
    public static int execute(PrintWriter out, PrintWriter err, String... args) {
        CommandLine commandLine = new CommandLine(new Zck())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setOut(out)
                .setErr(err)
                .setParameterExceptionHandler(Zck::usageError)
                .setExecutionExceptionHandler((ex, cmd, parsed) -> {
                    cmd.getErr().println("zck: " + cmd.getCommandName() + " failed: " + ex);
                    return USAGE;
                });
        int code = commandLine.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private static int usageError(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        String reason = ex.getMessage().lines().findFirst().orElse("invalid arguments");
        if (ex instanceof UnmatchedArgumentException unmatched
                && cmd.getCommandSpec().parent() == null
                && !unmatched.isUnknownOption()
                && !unmatched.getUnmatched().isEmpty()) {
            reason = "unknown command '" + unmatched.getUnmatched().get(0) + "' (commands: "
                    + String.join(", ", cmd.getSubcommands().keySet()) + ")";
        }
        cmd.getErr().println("zck: " + reason + "; see '" + cmd.getCommandSpec().qualifiedName() + " --help'");
        return USAGE;
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"zck " + KitInfo.version()};
        }
    }
}
