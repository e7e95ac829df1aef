package dev.zck.adapters.driver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zck.drivers.protocol.DriverJson;
import dev.zck.drivers.protocol.Op;
import dev.zck.spi.SocketEvent;
import dev.zck.spi.ZmqException;
import java.io.IOException;
import java.io.InputStream;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one reader of a driver's lines: completes the pending request each reply answers (by id, so replies may come
 * in any order) and queues events per socket. The first line that breaks the protocol stops it and is reported to
 * the session; so is the end of the stream.
 */
final class LineDispatcher {
    /** How {@link DriverJson#parse} starts its message for a line that is not JSON. */
    private static final String NOT_JSON = "not JSON: ";

    private final DriverSession session;
    private final Map<Long, Pending> pending;
    private final Map<Integer, EventQueue> events = new ConcurrentHashMap<>();
    private volatile Set<SocketEvent.Kind> declared = EnumSet.noneOf(SocketEvent.Kind.class);

    LineDispatcher(DriverSession session, Map<Long, Pending> pending) {
        this.session = session;
        this.pending = pending;
    }

    /** The event kinds the driver declared in hello; it may report no others. */
    void declare(Set<SocketEvent.Kind> kinds) {
        declared = kinds.isEmpty() ? EnumSet.noneOf(SocketEvent.Kind.class) : EnumSet.copyOf(kinds);
    }

    /** The queue of a socket the driver created, or null for a handle it never gave. */
    EventQueue queue(int socket) {
        return events.get(socket);
    }

    void wakeAll() {
        events.values().forEach(EventQueue::wake);
    }

    /** Reads until the end of the stream or the first broken line; runs on the reader thread. */
    void read(InputStream in, int maxChars) {
        LineReader reader = new LineReader(in, maxChars);
        while (true) {
            String line;
            try {
                line = reader.readLine();
            } catch (LineReader.TooLong e) {
                session.protocolError(
                        e.lineNumber(),
                        quote(e.head()) + "...",
                        "is longer than the protocol's " + maxChars + " characters");
                return;
            } catch (IOException e) {
                session.channelEnded("stopped being readable (" + e.getMessage() + ")");
                return;
            }
            if (line == null) {
                session.channelEnded("closed its " + session.channelName());
                return;
            }
            String problem;
            try {
                problem = dispatch(reader.lineNumber(), line);
            } catch (RuntimeException e) { // a reader's bug must not leave the callers waiting until they time out
                problem = "could not be read (" + e + ")";
            }
            if (problem != null) {
                session.protocolError(reader.lineNumber(), quote(line), problem);
                return;
            }
        }
    }

    /** Handles one line; returns what is wrong with it, or null. */
    private String dispatch(long lineNumber, String line) {
        ObjectNode node;
        try {
            node = DriverJson.parse(line);
        } catch (IllegalArgumentException e) {
            String problem = e.getMessage();
            return problem.startsWith(NOT_JSON)
                    ? "is not JSON (" + problem.substring(NOT_JSON.length()) + ")"
                    : "is " + problem;
        }
        if (node.has("event")) {
            return event(node.get("event"));
        }
        if (node.has("id")) {
            return reply(lineNumber, line, node);
        }
        return "is neither a reply (no 'id') nor an event (no 'event')";
    }

    private String reply(long lineNumber, String line, ObjectNode node) {
        long id;
        try {
            id = DriverJson.integer(node, "id");
        } catch (IllegalArgumentException e) {
            return "is a reply whose " + e.getMessage();
        }
        Pending request = pending.get(id);
        if (request == null) {
            return "answers id " + id + ", which is not outstanding";
        }
        JsonNode ok = node.get("ok");
        if (ok == null || !ok.isBoolean()) {
            return "answers " + request.named() + " without a boolean 'ok'";
        }
        Reply reply;
        if (ok.booleanValue()) {
            JsonNode result = node.get("result");
            if (result == null || !result.isObject()) {
                return "answers " + request.named() + " with ok true but no 'result' object";
            }
            if (request.op() == Op.SOCKET) {
                registerSocket(result);
            }
            reply = Reply.ok(lineNumber, quote(line), result);
        } else {
            JsonNode error = node.get("error");
            if (error == null || !error.isObject()) {
                return "answers " + request.named() + " with ok false but no 'error' object";
            }
            ZmqException exception;
            try {
                exception = DriverJson.readError(error);
            } catch (IllegalArgumentException e) {
                return "answers " + request.named() + " with a malformed error (" + e.getMessage() + ")";
            }
            reply = Reply.error(lineNumber, quote(line), exception.kind(), exception.getMessage());
        }
        pending.remove(id);
        request.reply().complete(reply);
        return null;
    }

    /** Opens the event queue of a new socket before any event for it can be read. */
    private void registerSocket(JsonNode result) {
        JsonNode handle = result.get("socket");
        if (handle != null && handle.canConvertToInt() && handle.isIntegralNumber() && handle.intValue() > 0) {
            events.putIfAbsent(handle.intValue(), new EventQueue());
        }
    }

    private String event(JsonNode event) {
        if (!event.isObject()) {
            return "is an event whose field 'event' is not an object";
        }
        int socket;
        SocketEvent parsed;
        try {
            socket = DriverJson.intField(event, "socket");
            parsed = DriverJson.readEvent(event);
        } catch (IllegalArgumentException e) {
            return "is a malformed event (" + e.getMessage() + ")";
        }
        EventQueue queue = events.get(socket);
        if (queue == null) {
            return "is an event for socket " + socket + ", which the driver never created";
        }
        if (!declared.contains(parsed.kind())) {
            return "is an event of kind " + parsed.kind() + ", which the driver did not declare in hello";
        }
        queue.add(parsed);
        return null;
    }

    /** The line in quotes, cut at {@link LineReader#QUOTED_CHARS} characters. */
    static String quote(String line) {
        if (line.length() <= LineReader.QUOTED_CHARS) {
            return '"' + line + '"';
        }
        return '"' + line.substring(0, LineReader.QUOTED_CHARS) + "\"... (" + line.length() + " characters)";
    }
}
