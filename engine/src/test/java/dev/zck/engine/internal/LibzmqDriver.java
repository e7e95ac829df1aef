package dev.zck.engine.internal;

import dev.zck.spec.Timeouts;
import dev.zck.spi.SocketType;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HexFormat;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * libzmq sockets in a {@code /usr/bin/python3} process running {@code golden/libzmq_wire_driver.py} (passed with
 * {@code -c}), for tests that capture libzmq's own wire bytes. Each request waits for its reply at most the expect
 * timeout; the script exits by itself on end of input or after its deadline, and {@link #close()} kills it if it has
 * not. When python3 or its zmq module is missing, {@link #start} fails saying how to install it.
 */
final class LibzmqDriver implements AutoCloseable {
    static final String INSTALL_HINT =
            "libzmq's wire bytes are captured through python3-zmq (libzmq 4.3.4 on Debian 12): apt-get install"
                    + " python3-zmq (CI installs it)";
    private static final String SCRIPT = "/golden/libzmq_wire_driver.py";
    private static final String END = "\u0000end-of-output";
    private static final HexFormat HEX = HexFormat.of();

    private final Process process;
    private final Writer stdin;
    private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
    private final Deque<String> stderr = new ArrayDeque<>();
    private final Timeouts timeouts;
    private final String version;
    private int nextId;

    private LibzmqDriver(Process process, Timeouts timeouts) {
        this.process = process;
        this.timeouts = timeouts;
        this.stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        daemon("libzmq-driver-stdout", () -> {
            pump(process.getInputStream(), stdout::add);
            stdout.add(END);
        });
        daemon("libzmq-driver-stderr", () -> pump(process.getErrorStream(), this::keepStderr));
        String ready = next("the driver's first line");
        if (!ready.startsWith("ready ")) {
            close();
            throw new AssertionError("the libzmq driver did not start: " + describe(ready) + "; " + INSTALL_HINT);
        }
        this.version = ready.substring("ready ".length());
    }

    /** Starts the driver, or fails naming {@code apt-get install python3-zmq}. */
    static LibzmqDriver start(Timeouts timeouts) {
        Path python = Path.of(System.getProperty("zck.python", "/usr/bin/python3"));
        if (!Files.isExecutable(python)) {
            throw new AssertionError(python + " is not there; " + INSTALL_HINT);
        }
        String script;
        try (InputStream in = LibzmqDriver.class.getResourceAsStream(SCRIPT)) {
            if (in == null) {
                throw new AssertionError(SCRIPT + " is missing from the test classpath");
            }
            script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            return new LibzmqDriver(new ProcessBuilder(python.toString(), "-I", "-u", "-c", script).start(), timeouts);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + python + ": " + e + "; " + INSTALL_HINT, e);
        }
    }

    /** {@code libzmq X pyzmq Y}, as the script reports it. */
    String version() {
        return version;
    }

    /** A socket of {@code type} connecting to {@code endpoint}, with a routing id when not null; returns its id. */
    String connect(SocketType type, String endpoint, byte[] routingId, boolean heartbeat) {
        String id = "s" + nextId++;
        request("open " + id + " " + type.name() + " " + endpoint + " "
                + (routingId == null ? "-" : HEX.formatHex(routingId)) + (heartbeat ? " heartbeat" : ""));
        return id;
    }

    /** A socket bound on loopback whose ZAP handler denies everyone with status 400; returns its endpoint. */
    String bindDenyingZap(SocketType type) {
        String id = "s" + nextId++;
        return request("bind " + id + " " + type.name());
    }

    void subscribe(String id, byte[] topic) {
        request("sub " + id + " " + HEX.formatHex(topic));
    }

    void unsubscribe(String id, byte[] topic) {
        request("unsub " + id + " " + HEX.formatHex(topic));
    }

    void closeSocket(String id) {
        request("close " + id);
    }

    /** Sends one command and returns the reply's detail; fails on "err", a dead process or no reply in time. */
    private synchronized String request(String command) {
        try {
            stdin.write(command + "\n");
            stdin.flush();
        } catch (IOException e) {
            throw new AssertionError("the libzmq driver is gone (" + e + ")" + stderrTail(), e);
        }
        String reply = next("the reply to '" + command + "'");
        String[] words = reply.split(" ", 3);
        if (!words[0].equals("ok")) {
            throw new AssertionError("libzmq driver: '" + command + "' failed: " + describe(reply));
        }
        return words.length > 2 ? words[2] : "";
    }

    private String next(String what) {
        String line;
        try {
            line = stdout.poll(timeouts.expect().toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        }
        if (line == null) {
            throw new AssertionError(
                    "no " + what + " from the libzmq driver within " + timeouts.expect() + stderrTail());
        }
        if (line.equals(END)) {
            stdout.add(END);
            throw new AssertionError("the libzmq driver ended before " + what + describeExit() + "; " + INSTALL_HINT);
        }
        return line;
    }

    private String describe(String line) {
        return line.equals(END) ? "it ended" + describeExit() : "'" + line + "'" + stderrTail();
    }

    private String describeExit() {
        try {
            if (process.waitFor(timeouts.expect().toMillis(), TimeUnit.MILLISECONDS)) {
                return " (exit " + process.exitValue() + ")" + stderrTail();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return stderrTail();
    }

    private String stderrTail() {
        synchronized (stderr) {
            return stderr.isEmpty() ? "" : "; stderr: " + String.join(" | ", stderr);
        }
    }

    private void keepStderr(String line) {
        synchronized (stderr) {
            stderr.addLast(line);
            while (stderr.size() > 20) {
                stderr.removeFirst();
            }
        }
    }

    private static void pump(InputStream in, Consumer<String> sink) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                sink.accept(line);
            }
        } catch (IOException e) {
            // the process is gone: the stdout reader then reports END
        }
    }

    private static void daemon(String name, Runnable body) {
        Thread thread = new Thread(body, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Asks the script to quit, then kills it (and anything it started) if it is still there after the grace. */
    @Override
    public void close() {
        try {
            stdin.write("quit\n");
            stdin.close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(1, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(timeouts.expect().toMillis(), TimeUnit.MILLISECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
