package dev.zck.engine.interop;

import dev.zck.spec.Timeouts;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * A peer script's process ({@code interop/pyzmq_peer.py}, {@code interop/zeromqjs_peer.js}), driven over JSON lines:
 * commands on stdin, each answered by one reply on stdout (matched by {@code id}), and on stdout also a {@code ready}
 * line once the script is set up and the monitor events of its sockets. A process hosts one socket (pyzmq: set up
 * from its command line) or many (zeromq.js: each opened by a command, so that one Node process serves many cases);
 * an event names its socket with {@code socket}, absent for the only one ({@link #ONLY_SOCKET}), and goes to the
 * {@link EventLog} {@linkplain #attach attached} for it.
 *
 * <p>One thread reads stdout, another keeps the last stderr lines for error messages. If the process dies, pending
 * and later requests fail with its exit code and stderr, as do waits on the attached logs; {@link #close()} asks it
 * to quit, then kills its process tree.
 */
final class PeerProcess {
    /** The socket number of a process's only socket, whose events name none. */
    static final int ONLY_SOCKET = 0;

    /** How long close() lets the script quit by itself before killing it. */
    private static final Duration QUIT_GRACE = Duration.ofMillis(500);

    private static final int STDERR_LINES = 20;

    private final String name;
    private final Process process;
    private final Timeouts timeouts;
    private final Writer stdin;
    private final Deque<String> stderr = new ArrayDeque<>();
    private final CompletableFuture<Map<String, Object>> ready = new CompletableFuture<>();
    private final Map<Long, CompletableFuture<Map<String, Object>>> replies = new ConcurrentHashMap<>();
    private final Map<Integer, EventLog> logs = new ConcurrentHashMap<>();
    private final AtomicLong lastId = new AtomicLong();
    private final AtomicBoolean closing = new AtomicBoolean();
    private volatile Thread stderrReader;
    /** Why the process's output ended, once it has. */
    private volatile String gone;

    private PeerProcess(String what, Process process, Timeouts timeouts) {
        this.name = what + " (pid " + process.pid() + ")";
        this.process = process;
        this.timeouts = timeouts;
        this.stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
    }

    /**
     * Starts {@code command}; nothing is read from it until {@link #start()}, so that the first socket's log can be
     * attached before its first event.
     */
    static PeerProcess launch(String what, List<String> command, Map<String, String> environment, Timeouts timeouts) {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(environment);
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new PeerException("cannot start " + command, e);
        }
        ProcessReaper.register(process);
        return new PeerProcess(what, process, timeouts);
    }

    /** Starts reading the process's output. */
    PeerProcess start() {
        stderrReader = daemon("stderr", () -> readLines(process.getErrorStream(), this::keepStderr));
        daemon("stdout", this::readStdout);
        return this;
    }

    /** {@code what} and the pid, for messages. */
    String name() {
        return name;
    }

    /** The script's process, for tests that check it is gone. */
    ProcessHandle handle() {
        return process.toHandle();
    }

    /** True until the process has ended or is being closed. */
    boolean alive() {
        return gone == null && !closing.get();
    }

    /** Sends socket {@code socket}'s events to {@code log}, and fails the log's waits if the process dies. */
    void attach(int socket, EventLog log) {
        logs.put(socket, log);
    }

    /** Stops taking socket {@code socket}'s events; later ones are dropped. */
    void detach(int socket) {
        logs.remove(socket);
    }

    /**
     * The script's {@code ready} line; closes the process and throws if it reports a fatal error, dies or stays
     * silent for the expect timeout.
     */
    Map<String, Object> awaitReady() {
        try {
            return ready.get(timeouts.expect().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            close();
            throw new PeerException(name + " did not report ready within " + timeouts.expect() + stderrTail());
        } catch (ExecutionException e) {
            close();
            throw new PeerException(e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new PeerException(name + ": interrupted while starting");
        }
    }

    /**
     * Sends one command (its {@code id} added here) and waits for its reply: {@code wait} for the operation plus the
     * expect timeout. Requests may overlap; each gets its own reply.
     *
     * @throws PeerException if the process is closed or dies, or the reply does not come in time
     */
    Map<String, Object> request(Map<String, Object> command, Duration wait) {
        if (closing.get()) {
            throw new PeerException(name + " is closed");
        }
        long id = lastId.incrementAndGet();
        command.put("id", id);
        CompletableFuture<Map<String, Object>> reply = new CompletableFuture<>();
        replies.put(id, reply);
        try {
            if (gone != null) { // set before the pending replies are failed: this one was put too late for that
                throw new PeerException(name + ": " + gone);
            }
            write(command);
            Duration limit = wait.plus(timeouts.expect());
            return reply.get(limit.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new PeerException(name + ": no reply to " + describe(command) + stderrTail());
        } catch (ExecutionException e) {
            throw e.getCause() instanceof PeerException p ? p : new PeerException(name + ": " + e.getCause(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerException(name + ": interrupted waiting for a reply to " + describe(command));
        } finally {
            replies.remove(id);
        }
    }

    /** Asks the script to quit, then kills its process tree; never hangs. */
    void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        logs.values().forEach(EventLog::close);
        try {
            synchronized (stdin) {
                stdin.write(MiniJson.write(Map.of("cmd", "quit")) + "\n");
                stdin.close();
            }
        } catch (IOException e) {
            // already gone: the kill below is all that is left to do
        }
        try {
            process.waitFor(QUIT_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<ProcessHandle> survivors = ProcessReaper.killTree(process.toHandle(), timeouts.expect());
        if (!survivors.isEmpty()) {
            throw new PeerException(name + ": processes survived SIGKILL: " + survivors);
        }
    }

    private void write(Map<String, Object> command) {
        try {
            synchronized (stdin) {
                stdin.write(MiniJson.write(command) + "\n");
                stdin.flush();
            }
        } catch (IOException e) {
            throw new PeerException(name + ": cannot send a command: " + failureReason(), e);
        }
    }

    /** The command without its frames, which may be MiBs of hex. */
    private static String describe(Map<String, Object> command) {
        return "\"" + command.get("cmd") + "\" (id " + command.get("id") + ", socket "
                + command.getOrDefault("socket", ONLY_SOCKET) + ")";
    }

    private void readStdout() {
        try {
            readLines(process.getInputStream(), this::handleLine);
        } finally {
            String reason = failureReason();
            gone = reason;
            PeerException failure = new PeerException(name + ": " + reason);
            ready.completeExceptionally(failure);
            replies.values().forEach(reply -> reply.completeExceptionally(failure));
            if (!closing.get()) {
                logs.values().forEach(log -> log.fail(reason));
            }
        }
    }

    private void handleLine(String line) {
        Map<String, Object> message;
        try {
            message = MiniJson.parseObject(line);
        } catch (IllegalArgumentException e) {
            keepStderr("(stdout) " + line);
            return;
        }
        switch (String.valueOf(message.get("type"))) {
            case "ready" -> ready.complete(message);
            case "event" -> {
                int socket = message.get("socket") instanceof Number n ? n.intValue() : ONLY_SOCKET;
                EventLog log = logs.get(socket);
                if (log != null) { // else the socket was closed: its last events are of no interest
                    log.add(NativeEvents.toPeerEvent(
                            ((Number) message.get("code")).intValue(), message.get("value"), (String)
                                    message.get("endpoint")));
                }
            }
            case "reply" -> {
                CompletableFuture<Map<String, Object>> reply =
                        message.get("id") instanceof Number n ? replies.get(n.longValue()) : null;
                if (reply != null) {
                    reply.complete(message);
                }
            }
            case "fatal" -> {
                keepStderr("fatal: " + message.get("error"));
                ready.completeExceptionally(new PeerException(name + ": " + message.get("error")));
            }
            default -> keepStderr("(stdout) " + line);
        }
    }

    /** Why the process is gone (or going), with its exit code and last stderr lines. */
    private String failureReason() {
        String state;
        try {
            state = process.waitFor(timeouts.expect().toMillis(), TimeUnit.MILLISECONDS)
                    ? "the process exited with code " + process.exitValue()
                    : "the process closed its output but is still running";
            stderrReader.join(timeouts.expect().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            state = "interrupted";
        }
        return state + stderrTail();
    }

    String stderrTail() {
        synchronized (stderr) {
            return stderr.isEmpty() ? "; stderr was empty" : "; last stderr lines:\n  " + String.join("\n  ", stderr);
        }
    }

    private void keepStderr(String line) {
        synchronized (stderr) {
            if (stderr.size() == STDERR_LINES) {
                stderr.removeFirst();
            }
            stderr.addLast(line);
        }
    }

    private static void readLines(InputStream stream, Consumer<String> consumer) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                consumer.accept(line);
            }
        } catch (IOException e) {
            // the process is gone; the caller reports why
        }
    }

    private Thread daemon(String stream, Runnable body) {
        Thread thread = new Thread(body, "peer-process-" + process.pid() + "-" + stream);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
