package dev.zck.engine.interop;

import dev.zck.spec.Timeouts;
import dev.zck.spi.Message;
import dev.zck.spi.SocketType;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * A libzmq socket in a {@code /usr/bin/python3} process running {@code interop/pyzmq_peer.py}, which reports the
 * socket's monitor events as JSON lines on stdout and takes send/receive commands as JSON lines on stdin. One
 * thread reads stdout into the event log and the reply queue, another keeps the last stderr lines for error
 * messages. If the process dies, waits fail with its exit code and stderr; {@link #close()} asks it to quit, then
 * kills its process tree.
 */
final class PyzmqHandshakePeer extends AbstractHandshakePeer {
    /** How long close() lets the script quit by itself before killing it. */
    private static final Duration QUIT_GRACE = Duration.ofMillis(500);

    private static final int STDERR_LINES = 20;
    private static final Map<String, Object> END_OF_OUTPUT = Map.of("type", "end-of-output");
    private static final HexFormat HEX = HexFormat.of();

    private final Process process;
    private final Deque<String> stderr = new ArrayDeque<>();
    private final BlockingQueue<Map<String, Object>> replies = new LinkedBlockingQueue<>();
    private final CompletableFuture<Map<String, Object>> ready = new CompletableFuture<>();
    private final Writer stdin;
    private final Thread stderrReader;
    private long lastId;
    private final AtomicBoolean closing = new AtomicBoolean();

    private PyzmqHandshakePeer(SocketType type, Role role, String endpoint, Timeouts timeouts, Process process) {
        super(
                type,
                role,
                endpoint,
                timeouts,
                "pyzmq " + type + " " + role + " " + endpoint + " (pid " + process.pid() + ")");
        this.process = process;
        this.stdin = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
        this.stderrReader = daemon("stderr", () -> readLines(process.getErrorStream(), this::keepStderr));
        daemon("stdout", this::readStdout);
    }

    static PyzmqHandshakePeer start(
            Path python, Path script, SocketType type, Role role, String endpoint, PeerSetup setup, Timeouts timeouts) {
        List<String> command = new ArrayList<>(
                List.of(python.toString(), "-I", "-u", script.toString(), type.name(), role.argument(), endpoint));
        if (setup.routingId() != null) {
            command.addAll(List.of("--routing-id", HEX.formatHex(setup.routingId())));
        }
        if (type == SocketType.SUB) {
            for (byte[] topic : setup.subscriptions()) {
                command.addAll(List.of("--subscribe", HEX.formatHex(topic)));
            }
        }
        if (type == SocketType.DISH && !setup.groups().isEmpty()) {
            throw new UnsupportedOperationException("the pyzmq driver cannot join groups yet");
        }
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new PeerException("cannot start " + command, e);
        }
        ProcessReaper.register(process);
        PyzmqHandshakePeer peer = new PyzmqHandshakePeer(type, role, endpoint, timeouts, process);
        peer.awaitReady();
        return peer;
    }

    private void awaitReady() {
        try {
            endpoint = (String) ready.get(timeouts.expect().toMillis(), TimeUnit.MILLISECONDS)
                    .get("endpoint");
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

    @Override
    public void send(Message message) {
        sendAll(List.of(message));
    }

    /** Sends them all with one command: the script sends them in order and answers once. */
    @Override
    public void sendAll(List<Message> messages) {
        List<List<String>> hex = new ArrayList<>();
        for (Message message : messages) {
            Messaging.checkSend(type, message);
            if (message.routingId().isPresent() || message.group().isPresent()) {
                throw new UnsupportedOperationException(
                        "the pyzmq driver passes no routing ids or groups yet: " + message);
            }
            hex.add(message.frames().stream().map(HEX::formatHex).toList());
        }
        Duration wait = timeouts.expect().multipliedBy(Math.max(1, messages.size()));
        Map<String, Object> reply = request(
                command("send", "messages", hex, "timeout_ms", timeouts.expect().toMillis()), wait);
        if (!Boolean.TRUE.equals(reply.get("ok"))) {
            throw new PeerException(name + ": send failed: " + reply.get("error"));
        }
    }

    @Override
    public Optional<ReceivedMessage> receiveMessage(Duration timeout, Collection<String> properties) {
        return receive(1, timeout, properties).stream().findFirst();
    }

    @Override
    public List<ReceivedMessage> receiveMessages(int count, Duration timeout) {
        return receive(count, timeout, List.of());
    }

    private List<ReceivedMessage> receive(int count, Duration timeout, Collection<String> properties) {
        Messaging.checkReceive(type);
        if (count < 1) {
            throw new IllegalArgumentException("count must be positive: " + count);
        }
        Map<String, Object> reply = request(
                command(
                        "receive",
                        "timeout_ms",
                        timeout.toMillis(),
                        "count",
                        count,
                        "properties",
                        List.copyOf(properties)),
                timeout.multipliedBy(count));
        if (!Boolean.TRUE.equals(reply.get("ok"))) {
            throw new PeerException(name + ": receive failed: " + reply.get("error"));
        }
        List<ReceivedMessage> received = new ArrayList<>();
        for (Object each : (List<?>) reply.get("messages")) {
            Map<?, ?> message = (Map<?, ?>) each;
            List<byte[]> frames = new ArrayList<>();
            for (Object frame : (List<?>) message.get("frames")) {
                frames.add(HEX.parseHex((String) frame));
            }
            Map<String, String> found = new LinkedHashMap<>();
            if (message.get("properties") instanceof Map<?, ?> values) {
                values.forEach((name, value) -> found.put((String) name, (String) value));
            }
            received.add(new ReceivedMessage(frames, found));
        }
        return received;
    }

    /**
     * Test aid: makes the script start a sleeping child, ignore SIGTERM and stop reading commands, as a wedged
     * driver would. Returns the child's pid, so a test can check that {@link #close()} killed the whole tree.
     */
    long stall() {
        return ((Number) request(command("stall"), Duration.ZERO).get("child_pid")).longValue();
    }

    /** The script's process, for tests that check it is gone. */
    ProcessHandle process() {
        return process.toHandle();
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        log.close();
        try {
            stdin.write(MiniJson.write(Map.of("cmd", "quit")) + "\n");
            stdin.close();
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

    private static Map<String, Object> command(String cmd, Object... fields) {
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("cmd", cmd);
        for (int i = 0; i < fields.length; i += 2) {
            command.put((String) fields[i], fields[i + 1]);
        }
        return command;
    }

    /** Sends one command and waits for its reply: {@code wait} for the operation plus the expect timeout. */
    private synchronized Map<String, Object> request(Map<String, Object> command, Duration wait) {
        if (closing.get()) {
            throw new PeerException(name + " is closed");
        }
        long id = ++lastId;
        command.put("id", id);
        try {
            stdin.write(MiniJson.write(command) + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new PeerException(name + ": cannot send a command: " + failureReason(), e);
        }
        long deadline = System.nanoTime() + wait.plus(timeouts.expect()).toNanos();
        try {
            while (true) {
                Map<String, Object> reply = replies.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
                if (reply == null) {
                    throw new PeerException(name + ": no reply to " + command + stderrTail());
                }
                if (reply == END_OF_OUTPUT) {
                    replies.add(END_OF_OUTPUT); // for later requests
                    throw new PeerException(name + ": " + failureReason());
                }
                if (reply.get("id") instanceof Number n && n.longValue() == id) {
                    return reply;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerException(name + ": interrupted waiting for a reply to " + command);
        }
    }

    private void readStdout() {
        try {
            readLines(process.getInputStream(), this::handleLine);
        } finally {
            String reason = failureReason();
            ready.completeExceptionally(new PeerException(name + ": " + reason));
            if (!closing.get()) {
                log.fail(reason);
            }
            replies.add(END_OF_OUTPUT);
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
            case "event" ->
                log.add(NativeEvents.toPeerEvent(
                        ((Number) message.get("code")).intValue(), message.get("value"), (String)
                                message.get("endpoint")));
            case "reply" -> replies.add(message);
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

    private String stderrTail() {
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
        Thread thread = new Thread(body, "pyzmq-peer-" + process.pid() + "-" + stream);
        thread.setDaemon(true);
        thread.start();
        return thread;
    }
}
