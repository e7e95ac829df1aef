package dev.zck.adapters.driver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zck.adapters.driver.DriverCommand;
import dev.zck.adapters.driver.DriverTimeouts;
import dev.zck.adapters.internal.Processes;
import dev.zck.drivers.protocol.DriverJson;
import dev.zck.drivers.protocol.Op;
import dev.zck.spi.ErrorKind;
import dev.zck.spi.ImplementationFailure;
import dev.zck.spi.ImplementationFailure.Kind;
import dev.zck.spi.SocketEvent;
import dev.zck.spi.ZmqException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Collectors;

/**
 * One running driver process and the protocol session with it.
 *
 * <p><b>Threads.</b> Callers send requests through a writer thread (so that a driver that stops reading cannot block
 * a caller past its deadline) and wait, each for its own reply, at most the wait they give; one reader thread matches
 * replies to requests by id and queues events; a stderr thread keeps the last lines; an exit watcher notices the
 * process dying. Requests that name no socket (hello, socket, bye) are sent one at a time; the caller keeps requests on
 * one socket one at a time.
 *
 * <p><b>Failures.</b> The first misbehaviour (the process exits or closes its output without bye, a reply does not
 * come in time, a line breaks the protocol) kills the whole process tree, then becomes the session's {@link
 * ImplementationFailure}, thrown by the call that was waiting and by every later call. Descendants are remembered
 * (after hello, then at most once a second while requests are written), so that children orphaned by a crashed driver
 * are killed too.
 */
public final class DriverSession {
    /** How long a crashed driver's stderr may take to deliver its last lines. */
    private static final Duration STDERR_DRAIN = Duration.ofSeconds(1);

    /** How long a driver that closed its output may take to exit (at most the reply grace). */
    private static final Duration EXIT_SETTLE = Duration.ofSeconds(1);

    private static final long SNAPSHOT_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    private static final int MAX_REMEMBERED = 1000;
    private static final AtomicInteger SESSIONS = new AtomicInteger();

    private final DriverTimeouts timeouts;
    private final Process process;
    private final String label;
    private final String threadPrefix;
    private final long startDeadline;
    private final StderrTail stderr;
    private final Map<Long, Pending> pending = new ConcurrentHashMap<>();
    private final LineDispatcher dispatcher = new LineDispatcher(this, pending);
    private final AtomicLong ids = new AtomicLong();
    private final ReentrantLock control = new ReentrantLock();
    private final BlockingQueue<Optional<String>> outbox = new LinkedBlockingQueue<>();
    private final Set<ProcessHandle> remembered = ConcurrentHashMap.newKeySet();
    private final Object failLock = new Object();
    private volatile ImplementationFailure failure;
    private volatile boolean closed;
    private volatile boolean exitExpected;
    private volatile String ended;
    private volatile Channel channel;
    private volatile ServerSocket listening;
    private volatile long lastSnapshot;

    /** Reads a reply's result; throws {@link IllegalArgumentException} naming what is malformed. */
    @FunctionalInterface
    public interface ResultReader<T> {
        T read(JsonNode result);
    }

    private DriverSession(DriverCommand command, DriverTimeouts timeouts, Process process, long startDeadline) {
        this.timeouts = timeouts;
        this.process = process;
        this.startDeadline = startDeadline;
        this.label = "driver " + command + " (pid " + process.pid() + ")";
        this.threadPrefix = "zck-driver-" + SESSIONS.incrementAndGet() + "-";
        this.stderr = command.tcp()
                ? new StderrTail(process.getInputStream(), threadPrefix + "output", "stdout and stderr")
                : new StderrTail(process.getErrorStream(), threadPrefix + "stderr");
        DriverRegistry.register(this);
        daemon("exit", this::watchExit).start();
    }

    /**
     * Starts the driver process and, in the TCP form, accepts its connection; {@link #hello} comes next.
     *
     * @throws ZmqException {@link ErrorKind#OTHER} when the process cannot be started (the message has the
     *     operating system's reason); nothing is left running
     * @throws ImplementationFailure when the driver dies or does not connect within the start timeout
     */
    public static DriverSession start(DriverCommand command, DriverTimeouts timeouts) throws ZmqException {
        long deadline = System.nanoTime() + timeouts.start().toNanos();
        ServerSocket server = command.tcp() ? listen(command) : null;
        String address = server == null ? "" : "127.0.0.1:" + server.getLocalPort();
        Process process;
        try {
            ProcessBuilder builder = new ProcessBuilder(command.commandLine(address));
            command.directory().ifPresent(directory -> builder.directory(directory.toFile()));
            builder.redirectErrorStream(command.tcp()); // over TCP, nothing else reads stdout
            builder.environment().putAll(command.environment());
            process = builder.start();
        } catch (IOException | RuntimeException e) {
            if (server != null) {
                Channel.quietly(server::close);
            }
            throw new ZmqException(ErrorKind.OTHER, "cannot start driver " + command + ": " + e.getMessage(), e);
        }
        DriverSession session = new DriverSession(command, timeouts, process, deadline);
        session.connect(server, address);
        return session;
    }

    private static ServerSocket listen(DriverCommand command) throws ZmqException {
        try {
            ServerSocket server = new ServerSocket();
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            return server;
        } catch (IOException e) {
            throw new ZmqException(
                    ErrorKind.OTHER, "cannot listen on 127.0.0.1 for driver " + command + ": " + e.getMessage(), e);
        }
    }

    private void connect(ServerSocket server, String address) {
        if (server == null) {
            channel = Channel.stdio(process);
        } else {
            listening = server;
            if (!process.isAlive()) {
                Channel.quietly(server::close);
            }
            try {
                server.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, millisLeft(startDeadline))));
                channel = Channel.tcp(server.accept());
            } catch (SocketTimeoutException e) {
                throw copy(fail(
                        Kind.HUNG,
                        label + " did not connect to " + address + " within "
                                + timeouts.start().toMillis() + " ms (the start timeout)"));
            } catch (IOException e) {
                throw copy(channelEnded("did not connect to " + address + " (" + e.getMessage() + ")"));
            } finally {
                listening = null;
                Channel.quietly(server::close);
            }
        }
        daemon("writer", this::write).start();
        Channel reading = channel;
        daemon("reader", () -> dispatcher.read(reading.input(), DriverJson.MAX_LINE_CHARS))
                .start();
    }

    private Thread daemon(String name, Runnable body) {
        Thread thread = new Thread(body, threadPrefix + name);
        thread.setDaemon(true);
        return thread;
    }

    /**
     * Sends {@code hello} and reads its result, within what is left of the start timeout.
     *
     * @throws ZmqException when the driver answers hello with an error (it does not speak protocol 1)
     */
    public <T> T hello(ResultReader<T> reader) throws ZmqException {
        ObjectNode arguments = DriverJson.object();
        arguments.put("protocol", DriverJson.PROTOCOL_VERSION);
        T result = call(Op.HELLO, arguments, Duration.ofMillis(millisLeft(startDeadline)), reader);
        rememberDescendants();
        return result;
    }

    /** The event kinds the driver declared; an event of another kind is a protocol error. */
    public void declareEvents(Set<SocketEvent.Kind> kinds) {
        dispatcher.declare(kinds);
    }

    /**
     * Sends one request and waits at most {@code wait} for its reply.
     *
     * @param arguments the request's fields besides {@code id} and {@code op}; requests without {@code socket} are
     *     sent one at a time
     * @return what {@code reader} makes of the result
     * @throws ZmqException the error the driver answered, or {@link ErrorKind#TERMINATED} after {@link #close()}
     * @throws ImplementationFailure when the driver failed, now or before
     */
    public <T> T call(Op op, ObjectNode arguments, Duration wait, ResultReader<T> reader) throws ZmqException {
        boolean controlRequest = !arguments.has("socket");
        if (controlRequest) {
            control.lock();
        }
        try {
            Pending request = new Pending(ids.incrementAndGet(), op, describe(op, arguments));
            ensureUsable();
            pending.put(request.id(), request);
            if (failure != null || closed) {
                pending.remove(request.id());
                ensureUsable();
            }
            send(request, arguments);
            Reply reply = await(request, wait);
            if (!reply.isOk()) {
                throw new ZmqException(reply.errorKind(), reply.errorMessage());
            }
            try {
                return reader.read(reply.result());
            } catch (IllegalArgumentException e) {
                throw copy(protocolError(
                        reply.lineNumber(),
                        reply.quotedLine(),
                        "answers " + request.named() + " with a malformed result (" + e.getMessage() + ")"));
            }
        } finally {
            if (controlRequest) {
                control.unlock();
            }
        }
    }

    private void send(Pending request, ObjectNode arguments) {
        ObjectNode line = DriverJson.object();
        line.put("id", request.id());
        line.put("op", request.op().wireName());
        line.setAll(arguments);
        outbox.add(Optional.of(DriverJson.write(line)));
    }

    private Reply await(Pending request, Duration wait) throws ZmqException {
        long deadline = System.nanoTime() + wait.toNanos();
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return request.reply().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                } catch (InterruptedException e) {
                    interrupted = true; // the deadline still bounds the wait; the flag is restored below
                } catch (TimeoutException e) {
                    throw copy(hung(request, wait));
                } catch (ExecutionException e) {
                    throw rethrown(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static ZmqException rethrown(Throwable cause) {
        if (cause instanceof ImplementationFailure failure) {
            throw copy(failure);
        }
        if (cause instanceof ZmqException e) {
            return new ZmqException(e.kind(), e.getMessage(), e);
        }
        throw new IllegalStateException("unexpected failure of a driver request", cause);
    }

    /** The next event the driver reported for {@code socket}; empty when none came within {@code timeout}. */
    public Optional<SocketEvent> nextEvent(int socket, Duration timeout) throws ZmqException {
        ensureUsable();
        EventQueue queue = dispatcher.queue(socket);
        if (queue == null) {
            return Optional.empty();
        }
        try {
            Optional<SocketEvent> event = queue.poll(timeout, () -> failure != null || closed);
            if (event.isEmpty()) {
                ensureUsable();
            }
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /**
     * Ends the session: sends {@code bye}, waits for the process to exit within the reply grace, then kills its
     * tree in any case. Outstanding and later calls fail with {@link ErrorKind#TERMINATED}. Harmless twice, and after
     * a failure.
     */
    public void close() {
        synchronized (failLock) {
            if (closed) {
                return;
            }
            closed = true;
        }
        if (failure == null) {
            exitExpected = true;
            long deadline = System.nanoTime() + timeouts.replyGrace().toNanos();
            boolean answered = sayBye(deadline);
            boolean exited = waitForExit(deadline);
            if (!exited) {
                System.err.println("zck: " + label + (answered ? " answered bye but" : "") + " did not exit within "
                        + timeouts.replyGrace().toMillis() + " ms of bye; killed it");
            }
        }
        killTree();
        ZmqException terminated = new ZmqException(ErrorKind.TERMINATED, label + " was closed");
        List.copyOf(pending.values()).forEach(request -> request.reply().completeExceptionally(terminated));
        pending.clear();
        dispatcher.wakeAll();
    }

    private boolean sayBye(long deadline) {
        control.lock();
        try {
            Pending bye = new Pending(ids.incrementAndGet(), Op.BYE, "bye");
            pending.put(bye.id(), bye);
            send(bye, DriverJson.object());
            outbox.add(Optional.empty());
            bye.reply().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        } finally {
            control.unlock();
        }
    }

    private boolean waitForExit(long deadline) {
        try {
            return process.waitFor(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** The failure that broke this session, if any. */
    public Optional<ImplementationFailure> failure() {
        return Optional.ofNullable(failure);
    }

    /** The driver process (for reports and tests). */
    public ProcessHandle process() {
        return process.toHandle();
    }

    /** {@code driver 'COMMAND' (pid N)}, as reports name it. */
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }

    // ---- the threads

    private void write() {
        OutputStream out = channel.output();
        try {
            while (true) {
                Optional<String> line = outbox.take();
                if (line.isEmpty()) {
                    channel.closeOutput();
                    return;
                }
                out.write((line.get() + "\n").getBytes(StandardCharsets.UTF_8));
                if (outbox.isEmpty()) {
                    out.flush();
                }
                if (System.nanoTime() - lastSnapshot > SNAPSHOT_INTERVAL_NANOS) {
                    rememberDescendants();
                }
            }
        } catch (IOException e) {
            channelEnded("stopped reading its " + (channelName().equals("stdout") ? "stdin" : channelName()) + " ("
                    + e.getMessage() + ")");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void watchExit() {
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            return;
        }
        ServerSocket server = listening;
        if (server != null) {
            Channel.quietly(server::close); // the driver can no longer connect: end the accept at once
        }
        crashed();
    }

    private void rememberDescendants() {
        lastSnapshot = System.nanoTime();
        remembered.removeIf(handle -> !handle.isAlive());
        process.descendants().limit(MAX_REMEMBERED).forEach(remembered::add);
    }

    // ---- failures

    String channelName() {
        Channel current = channel;
        return current == null ? "stdout" : current.name();
    }

    /**
     * The driver's output ended (or broke) without bye: a crash, whether or not the process is still there. Waits a
     * little for the exit, so that the report can give the exit status.
     */
    ImplementationFailure channelEnded(String what) {
        if (exitExpected || failure != null) {
            return failure;
        }
        ended = what;
        Duration settle = timeouts.replyGrace().compareTo(EXIT_SETTLE) < 0 ? timeouts.replyGrace() : EXIT_SETTLE;
        if (waitForExit(System.nanoTime() + settle.toNanos())) {
            return crashed();
        }
        return fail(
                Kind.CRASHED,
                label + " " + what + " without being asked, and was still running " + settle.toMillis() + " ms later"
                        + outstanding());
    }

    /** The process exited; unless it was asked to, that is a crash. */
    private ImplementationFailure crashed() {
        if (exitExpected || failure != null) {
            return failure;
        }
        stderr.awaitEnd(STDERR_DRAIN);
        return fail(
                Kind.CRASHED,
                label + " exited with " + ExitStatus.describe(process.exitValue()) + " without being asked"
                        + outstanding());
    }

    private ImplementationFailure hung(Pending request, Duration wait) {
        // A reply that cannot come because the driver died or closed its output is a crash, not a hang.
        String end = ended;
        ImplementationFailure crash = !process.isAlive() ? crashed() : end != null ? channelEnded(end) : null;
        if (crash != null) {
            return crash;
        }
        // A hello had what was left of the start timeout: the report names the whole timeout.
        Duration allowed = request.op() == Op.HELLO ? timeouts.start() : wait;
        String why;
        if (request.op() == Op.HELLO) {
            why = "the start timeout";
        } else if (wait.compareTo(timeouts.replyGrace()) > 0) {
            why = "its timeoutMs plus the reply grace of "
                    + timeouts.replyGrace().toMillis() + " ms";
        } else {
            why = "the reply grace";
        }
        return fail(
                Kind.HUNG,
                label + " did not answer request " + request.id() + " (" + request.description() + ") within "
                        + allowed.toMillis() + " ms (" + why + ")");
    }

    ImplementationFailure protocolError(long lineNumber, String quotedLine, String problem) {
        if (exitExpected && failure == null) {
            return new ImplementationFailure(Kind.PROTOCOL_ERROR, label + " was closed");
        }
        return fail(
                Kind.PROTOCOL_ERROR,
                label + " broke the protocol: line " + lineNumber + " of its " + channelName() + " " + problem + ": "
                        + quotedLine);
    }

    private String outstanding() {
        String requests = pending.values().stream()
                .sorted((a, b) -> Long.compare(a.id(), b.id()))
                .map(Pending::named)
                .collect(Collectors.joining(", "));
        return requests.isEmpty() ? "" : "; outstanding: " + requests;
    }

    /** Records the first failure: kills the tree, then fails every waiting request and wakes every event reader. */
    private ImplementationFailure fail(Kind kind, String message) {
        ImplementationFailure recorded;
        synchronized (failLock) {
            if (failure != null) {
                return failure;
            }
            recorded = new ImplementationFailure(kind, message + stderr.describe());
            killTree();
            failure = recorded;
        }
        List.copyOf(pending.values()).forEach(request -> request.reply().completeExceptionally(recorded));
        pending.clear();
        dispatcher.wakeAll();
        return recorded;
    }

    /** Kills the driver and every descendant, found now or remembered, and releases the channel. */
    void killTree() {
        try {
            Processes.killTree(process, remembered);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Channel current = channel;
        if (current != null) {
            current.close();
        }
        ServerSocket server = listening;
        if (server != null) {
            Channel.quietly(server::close);
        }
        outbox.add(Optional.empty());
        DriverRegistry.unregister(this);
    }

    private void ensureUsable() throws ZmqException {
        ImplementationFailure current = failure;
        if (current != null) {
            throw copy(current);
        }
        if (closed) {
            throw new ZmqException(ErrorKind.TERMINATED, label + " was closed");
        }
    }

    /** The same failure, thrown afresh so that the stack shows the call that met it. */
    private static ImplementationFailure copy(ImplementationFailure failure) {
        return new ImplementationFailure(failure.kind(), failure.getMessage(), failure);
    }

    private static long millisLeft(long deadline) {
        return Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()));
    }

    private static String describe(Op op, ObjectNode arguments) {
        StringBuilder text = new StringBuilder(op.wireName());
        if (arguments.has("socket")) {
            text.append(" on socket ").append(arguments.get("socket").asText());
        }
        for (String field : new String[] {"type", "option", "endpoint"}) {
            if (arguments.has(field)) {
                text.append(' ').append(arguments.get(field).asText());
            }
        }
        if (arguments.has("timeoutMs")) {
            text.append(", timeoutMs ").append(arguments.get("timeoutMs").asText());
        }
        return text.toString();
    }
}
