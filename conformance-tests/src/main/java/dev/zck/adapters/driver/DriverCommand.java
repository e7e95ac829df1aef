package dev.zck.adapters.driver;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * How to start a driver: the program and its arguments, extra environment variables, the working directory, and
 * whether it talks over TCP instead of stdin/stdout. It is what {@code --impl driver:'COMMAND ARGS'} names, so that a
 * user can test any driver without the kit knowing it in advance.
 *
 * <p><b>Forms.</b> {@code driver:COMMAND ARGS} runs the command and speaks the protocol on its stdin and stdout;
 * {@code driver+tcp:COMMAND ARGS} runs the same command with {@code --connect 127.0.0.1:PORT} appended, the kit
 * listening on a free port of 127.0.0.1 and accepting exactly one connection within the start timeout. The command
 * text is split like a shell would, without expanding anything (see {@link #parse}). When the whole text after the
 * prefix is one single-quoted string (the shell did not remove the quotes, as in a configuration file), the quotes
 * are removed first; a program path with spaces and no arguments is then written in double quotes inside them.
 */
public final class DriverCommand {
    /** The prefix of a driver on stdin/stdout. */
    public static final String STDIO_PREFIX = "driver:";

    /** The prefix of a driver that connects to the kit over TCP. */
    public static final String TCP_PREFIX = "driver+tcp:";

    /** Arguments longer than this are shortened in {@link #toString()} (a Java class path can be huge). */
    private static final int SHOWN_ARGUMENT_CHARS = 120;

    private final List<String> arguments;
    private final Map<String, String> environment;
    private final Optional<Path> directory;
    private final boolean tcp;

    private DriverCommand(
            List<String> arguments, Map<String, String> environment, Optional<Path> directory, boolean tcp) {
        if (arguments.isEmpty()) {
            throw new IllegalArgumentException("empty driver command: give the program to run and its arguments");
        }
        this.arguments = List.copyOf(arguments);
        this.environment = Map.copyOf(environment);
        this.directory = Objects.requireNonNull(directory, "directory");
        this.tcp = tcp;
    }

    /** A driver on stdin/stdout, run with exactly these arguments (the first is the program). */
    public static DriverCommand of(String... arguments) {
        return of(List.of(arguments));
    }

    /** A driver on stdin/stdout, run with exactly these arguments (the first is the program). */
    public static DriverCommand of(List<String> arguments) {
        return new DriverCommand(arguments, Map.of(), Optional.empty(), false);
    }

    /**
     * A driver on stdin/stdout whose command line is split into arguments: whitespace separates; single quotes keep
     * their content literally; double quotes group and honour backslash escapes; a backslash outside quotes escapes
     * the next character.
     *
     * @throws IllegalArgumentException for an empty command, an unclosed quote or a trailing lone backslash
     */
    public static DriverCommand parse(String commandLine) {
        return of(CommandSplitter.split(commandLine));
    }

    /** True when {@code text} is a {@code driver:} or {@code driver+tcp:} form. */
    public static boolean isSpec(String text) {
        return text.startsWith(STDIO_PREFIX) || text.startsWith(TCP_PREFIX);
    }

    /**
     * Reads the {@code driver:COMMAND ARGS} or {@code driver+tcp:COMMAND ARGS} form.
     *
     * @throws IllegalArgumentException when the text is neither form, or its command cannot be split
     */
    public static DriverCommand parseSpec(String spec) {
        boolean overTcp = spec.startsWith(TCP_PREFIX);
        if (!overTcp && !spec.startsWith(STDIO_PREFIX)) {
            throw new IllegalArgumentException("not a driver command: '" + spec
                    + "' (expected driver:'COMMAND ARGS' or driver+tcp:'COMMAND ARGS')");
        }
        String text = spec.substring(overTcp ? TCP_PREFIX.length() : STDIO_PREFIX.length())
                .strip();
        if (text.length() >= 2 && text.charAt(0) == '\'' && text.indexOf('\'', 1) == text.length() - 1) {
            text = text.substring(1, text.length() - 1);
        }
        DriverCommand command = parse(text);
        return overTcp ? command.overTcp() : command;
    }

    /** The same command with these environment variables added to the kit's own. */
    public DriverCommand withEnvironment(Map<String, String> variables) {
        Map<String, String> merged = new LinkedHashMap<>(environment);
        merged.putAll(variables);
        return new DriverCommand(arguments, merged, directory, tcp);
    }

    /** The same command run in {@code workingDirectory}. */
    public DriverCommand withDirectory(Path workingDirectory) {
        return new DriverCommand(arguments, environment, Optional.of(workingDirectory), tcp);
    }

    /** The same command in the {@code driver+tcp:} form. */
    public DriverCommand overTcp() {
        return new DriverCommand(arguments, environment, directory, true);
    }

    /** The program and its arguments, as given. */
    public List<String> arguments() {
        return arguments;
    }

    /** Environment variables added to the kit's own. */
    public Map<String, String> environment() {
        return environment;
    }

    /** The working directory; the kit's own when empty. */
    public Optional<Path> directory() {
        return directory;
    }

    /** True for the {@code driver+tcp:} form. */
    public boolean tcp() {
        return tcp;
    }

    /** The arguments to start: as given, plus {@code --connect ADDRESS} in the TCP form. */
    public List<String> commandLine(String connectAddress) {
        if (!tcp) {
            return arguments;
        }
        List<String> line = new ArrayList<>(arguments);
        line.add("--connect");
        line.add(connectAddress);
        return line;
    }

    /** The command line quoted for reading, very long arguments shortened, e.g. {@code 'python3 drv.py'}. */
    @Override
    public String toString() {
        return (tcp ? TCP_PREFIX : "")
                + arguments.stream().map(DriverCommand::shown).collect(Collectors.joining(" ", "'", "'"));
    }

    private static String shown(String argument) {
        String text = argument.length() <= SHOWN_ARGUMENT_CHARS
                ? argument
                : argument.substring(0, SHOWN_ARGUMENT_CHARS / 2) + "..."
                        + argument.substring(argument.length() - SHOWN_ARGUMENT_CHARS / 2);
        return text.isEmpty() || text.chars().anyMatch(Character::isWhitespace) ? '"' + text + '"' : text;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DriverCommand that
                && arguments.equals(that.arguments)
                && environment.equals(that.environment)
                && directory.equals(that.directory)
                && tcp == that.tcp;
    }

    @Override
    public int hashCode() {
        return Objects.hash(arguments, environment, directory, tcp);
    }
}
