package dev.zck.adapters.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs a short external command with a deadline; a command that outlives it is killed with its whole tree. */
public final class Processes {
    private Processes() {}

    /**
     * The outcome of a command.
     *
     * @param exitCode the exit status, or -1 when the command could not start or timed out
     * @param timedOut true when the deadline passed and the process tree was killed
     * @param stdout everything it printed on stdout (whitespace-trimmed)
     * @param stderr everything it printed on stderr, or why it could not start (whitespace-trimmed)
     */
    public record Result(int exitCode, boolean timedOut, String stdout, String stderr) {
        public boolean ok() {
            return exitCode == 0 && !timedOut;
        }

        /**
         * A one-line reason from the output: the first line naming an error (interpreters print a traceback
         * first), else the last non-blank line of stderr, or of stdout.
         */
        public String reason() {
            String text = stderr.isBlank() ? stdout : stderr;
            List<String> lines =
                    text.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
            return lines.stream()
                    .filter(l -> l.contains("Error"))
                    .findFirst()
                    .orElse(lines.isEmpty() ? "(no output)" : lines.get(lines.size() - 1));
        }
    }

    public static Result run(List<String> command, Map<String, String> environment, Duration timeout) {
        Path out = null;
        Path err = null;
        try {
            out = Files.createTempFile("zck-probe", ".out");
            err = Files.createTempFile("zck-probe", ".err");
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(nullDevice()))
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile());
            builder.environment().putAll(environment);
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                return new Result(-1, false, "", "cannot start " + command.get(0) + ": " + e.getMessage());
            }
            boolean done = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!done) {
                killTree(process);
                return new Result(-1, true, read(out), "timed out after " + timeout.toMillis() + " ms");
            }
            return new Result(process.exitValue(), false, read(out), read(err));
        } catch (IOException e) {
            return new Result(-1, false, "", "cannot run " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, true, "", "interrupted");
        } finally {
            delete(out);
            delete(err);
        }
    }

    /**
     * Kills a process and every descendant, and waits (up to 5 s) until each is gone, so that no process of a run
     * outlives it. Descendants are listed before the parent dies, while they can still be found through it.
     */
    public static void killTree(Process process) throws InterruptedException {
        killTree(process, List.of());
    }

    /**
     * As {@link #killTree(Process)}, and also kills {@code remembered}: descendants listed earlier, which are no
     * longer found through the process once their parent has died (they are re-parented).
     */
    public static void killTree(Process process, Collection<ProcessHandle> remembered) throws InterruptedException {
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        tree.addAll(remembered);
        tree.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        tree.add(process.toHandle());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (ProcessHandle handle : tree) {
            long left = Math.max(0, deadline - System.nanoTime());
            try {
                handle.onExit().get(left, TimeUnit.NANOSECONDS);
            } catch (ExecutionException | TimeoutException e) {
                // reported by the caller's own liveness checks; nothing more can be done here
            }
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8).strip();
    }

    private static void delete(Path file) {
        if (file != null) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // a leftover temp file is harmless
            }
        }
    }
}
