package dev.zck.drivers;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zck.drivers.protocol.DriverJson;
import dev.zck.drivers.protocol.Op;
import dev.zck.spi.ErrorKind;
import dev.zck.spi.Message;
import dev.zck.spi.SocketOption;
import dev.zck.spi.SocketType;
import dev.zck.spi.ZmqException;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * One request line, read through the shared codec. Every argument is read before the implementation is called, so a
 * malformed request has no effect: a missing or ill-typed field is {@link Malformed} (answered OTHER, naming the
 * field), an unknown op, socket type or option is UNSUPPORTED.
 */
final class Request {
    private final long id;
    private final Op op;
    private final JsonNode node;

    private Request(long id, Op op, JsonNode node) {
        this.id = id;
        this.op = op;
        this.node = node;
    }

    /** The JSON object of a line. */
    static ObjectNode json(String line) {
        try {
            return DriverJson.parse(line);
        } catch (IllegalArgumentException e) {
            throw new Malformed("the request line is " + e.getMessage());
        }
    }

    /** The request's id, a positive integer. */
    static long id(JsonNode node) {
        long id = read("id", () -> DriverJson.integer(node, "id"));
        if (id <= 0) {
            throw new Malformed("field 'id' must be a positive integer, not " + id);
        }
        return id;
    }

    /** The request with the given id, its op checked. */
    static Request of(long id, JsonNode node) throws ZmqException {
        String name = read("op", () -> DriverJson.text(node, "op"));
        Op op = Op.fromWireName(name)
                .orElseThrow(() -> new ZmqException(ErrorKind.UNSUPPORTED, "ENOTSUP: unknown op " + name));
        return new Request(id, op, node);
    }

    long id() {
        return id;
    }

    Op op() {
        return op;
    }

    int socket() {
        return intField("socket");
    }

    int intField(String field) {
        return read(field, () -> DriverJson.intField(node, field));
    }

    String text(String field) {
        return read(field, () -> DriverJson.text(node, field));
    }

    /** {@code timeoutMs}, which the kit always gives: 0 is don't wait. */
    Duration timeout() {
        long millis = read("timeoutMs", () -> DriverJson.integer(node, "timeoutMs"));
        if (millis < 0) {
            throw new Malformed("field 'timeoutMs' must not be negative, not " + millis);
        }
        return Duration.ofMillis(millis);
    }

    SocketType socketType() throws ZmqException {
        String name = text("type");
        return SocketType.fromZmtpName(name)
                .orElseThrow(() -> new ZmqException(ErrorKind.UNSUPPORTED, "ENOTSUP: unknown socket type " + name));
    }

    SocketOption<?> option() throws ZmqException {
        String name = text("option");
        return SocketOption.byName(name)
                .orElseThrow(() -> new ZmqException(ErrorKind.UNSUPPORTED, "ENOTSUP: unknown option " + name));
    }

    /** {@code value}, in the type the option takes. */
    Object value(SocketOption<?> option) {
        return read("value", () -> DriverJson.readOptionValue(option, node.get("value")));
    }

    /** {@code frames} with the optional {@code routingId} and {@code group}. */
    Message message() {
        return read("frames", () -> DriverJson.readMessage(node));
    }

    /**
     * Runs a codec read, turning its complaint into {@link Malformed}; a complaint that names no field is said to be
     * about {@code field}.
     */
    private static <T> T read(String field, Supplier<T> reader) {
        try {
            return reader.get();
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            throw new Malformed(message.contains("field '") ? message : "field '" + field + "': " + message);
        }
    }

    @Override
    public String toString() {
        return "request " + id + " (" + op.wireName() + ")";
    }

    /** A request the protocol does not allow: a field missing or of the wrong type, bad base64. */
    static final class Malformed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Malformed(String message) {
            super(message);
        }
    }
}
