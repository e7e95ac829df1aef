package dev.zck.drivers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zck.drivers.protocol.DriverJson;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The kit's side of a driver session, for tests: numbers and writes requests, reads every line the driver writes
 * (each must be a JSON object), and sorts them into replies by id and events.
 */
final class DriverConnection {
    /** The most any test waits for one line it expects. */
    static final Duration DEADLINE = Duration.ofSeconds(20);

    private static final ObjectNode END = DriverJson.object();

    private final OutputStream toDriver;
    private final BlockingQueue<ObjectNode> lines = new LinkedBlockingQueue<>();
    private final Map<Long, ObjectNode> replies = new HashMap<>();
    private final List<Long> replyOrder = new ArrayList<>();
    private final List<ObjectNode> events = new ArrayList<>();
    private final List<ObjectNode> unnumbered = new ArrayList<>();
    private long lastId;
    private boolean ended;

    DriverConnection(InputStream fromDriver, OutputStream toDriver) {
        this.toDriver = toDriver;
        Thread reader = new Thread(() -> read(fromDriver), "driver-connection-reader");
        reader.setDaemon(true);
        reader.start();
    }

    private void read(InputStream fromDriver) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(fromDriver, StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lines.add(parse(line));
            }
        } catch (IOException e) {
            lines.add(marker("reading failed: " + e));
        } finally {
            lines.add(END);
        }
    }

    private static ObjectNode parse(String line) {
        try {
            return DriverJson.parse(line);
        } catch (IllegalArgumentException e) {
            return marker("not a protocol line (" + e.getMessage() + "): " + line);
        }
    }

    private static ObjectNode marker(String problem) {
        ObjectNode node = DriverJson.object();
        node.put("problem", problem);
        return node;
    }

    static ObjectNode request(String op) {
        ObjectNode request = DriverJson.object();
        request.put("op", op);
        return request;
    }

    /** Sends the request with the next id; returns the id. */
    long send(ObjectNode request) {
        long id = ++lastId;
        ObjectNode numbered = DriverJson.object();
        numbered.put("id", id);
        numbered.setAll(request);
        sendRaw(DriverJson.write(numbered));
        return id;
    }

    /** Sends a line as it is (which need not be a valid request). */
    void sendRaw(String line) {
        try {
            toDriver.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            toDriver.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the driver's input: end of input. */
    void closeInput() throws IOException {
        toDriver.close();
    }

    ObjectNode call(ObjectNode request) {
        return reply(send(request));
    }

    /** The result of a request that must succeed. */
    JsonNode result(ObjectNode request) {
        return result(send(request));
    }

    /** The result of request {@code id}, which must succeed. */
    JsonNode result(long id) {
        ObjectNode reply = reply(id);
        assertThat(reply.path("ok").asBoolean(false)).as("reply %s", reply).isTrue();
        return reply.get("result");
    }

    /** The error of a request that must fail. */
    JsonNode error(ObjectNode request) {
        return errorOf(call(request));
    }

    static JsonNode errorOf(ObjectNode reply) {
        assertThat(reply.path("ok").isBoolean() && !reply.get("ok").asBoolean())
                .as("reply %s", reply)
                .isTrue();
        return reply.get("error");
    }

    /** The reply to request {@code id}, waiting up to {@link #DEADLINE}. */
    ObjectNode reply(long id) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!replies.containsKey(id)) {
            if (!take(deadline)) {
                fail("no reply to request " + id + " within " + DEADLINE + (ended ? " (the driver ended)" : ""));
            }
        }
        return replies.get(id);
    }

    /** The next reply with id 0, the driver's answer to a line without a usable id, waiting up to the deadline. */
    ObjectNode unnumberedReply() {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (unnumbered.isEmpty()) {
            if (!take(deadline)) {
                fail("no reply with id 0 within " + DEADLINE);
            }
        }
        return unnumbered.remove(0);
    }

    /** True when the reply to {@code id} has come (reads what has come so far, without waiting). */
    boolean replied(long id) {
        while (!replies.containsKey(id) && take(System.nanoTime())) {
            // sorted by take
        }
        return replies.containsKey(id);
    }

    /** Request ids in the order their replies came. */
    List<Long> replyOrder() {
        return replyOrder;
    }

    /** The first event of {@code kind} on {@code socket}, waiting up to {@code wait}. */
    ObjectNode awaitEvent(int socket, String kind, Duration wait) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Optional<ObjectNode> found = events.stream()
                    .filter(e -> e.path("socket").asInt() == socket
                            && e.path("kind").asText().equals(kind))
                    .findFirst();
            if (found.isPresent()) {
                return found.get();
            }
            if (!take(deadline)) {
                fail("no " + kind + " event on socket " + socket + " within " + wait + "; events: " + events);
            }
        }
    }

    /** Waits up to {@link #DEADLINE} for the driver to end its output; every line must have been a reply or event. */
    void awaitEnd() {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!ended) {
            if (!take(deadline) && !ended) {
                fail("the driver's output did not end within " + DEADLINE);
            }
        }
    }

    /** Sorts one line; false when none came before the deadline or the output ended. */
    private boolean take(long deadline) {
        if (ended) {
            return false;
        }
        ObjectNode line;
        try {
            line = lines.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        if (line == null) {
            return false;
        }
        if (line == END) {
            ended = true;
            return false;
        }
        if (line.has("problem")) {
            fail(line.get("problem").asText());
        }
        if (line.has("event")) {
            assertThat(line.has("id")).as("an event has no id: %s", line).isFalse();
            events.add((ObjectNode) line.get("event"));
        } else {
            assertThat(line.path("id").isIntegralNumber())
                    .as("a reply has an id: %s", line)
                    .isTrue();
            long id = line.get("id").asLong();
            if (id == 0) {
                unnumbered.add(line);
                return true;
            }
            assertThat(replies).as("a second reply to %s: %s", id, line).doesNotContainKey(id);
            replies.put(id, line);
            replyOrder.add(id);
        }
        return true;
    }
}
