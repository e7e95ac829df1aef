package dev.zck.drivers.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zck.spi.Capabilities;
import dev.zck.spi.ErrorKind;
import dev.zck.spi.Mechanism;
import dev.zck.spi.Message;
import dev.zck.spi.SocketEvent;
import dev.zck.spi.SocketOption;
import dev.zck.spi.SocketType;
import dev.zck.spi.Transport;
import dev.zck.spi.ZmqException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Reads and writes the JSON forms of driver protocol version 1. Every reader is strict: a value of the wrong type or
 * an unknown name throws {@link IllegalArgumentException} with a message that names the field, which the kit reports
 * as a protocol error.
 */
public final class DriverJson {
    /** The protocol version this kit speaks. */
    public static final int PROTOCOL_VERSION = 1;

    /** The longest line either side accepts (64 MiB), so a broken peer cannot make the other allocate without end. */
    public static final int MAX_LINE_CHARS = 64 * 1024 * 1024;

    private static final ObjectMapper MAPPER = newMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private DriverJson() {}

    private static ObjectMapper newMapper() {
        ObjectMapper mapper = new ObjectMapper();
        mapper.getFactory()
                .setStreamReadConstraints(StreamReadConstraints.builder()
                        .maxStringLength(MAX_LINE_CHARS)
                        .build());
        return mapper;
    }

    public static ObjectNode object() {
        return NODES.objectNode();
    }

    /** One protocol line (without its newline). */
    public static String write(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write JSON: " + e.getMessage(), e);
        }
    }

    /** Parses one line; it must be a JSON object. */
    public static ObjectNode parse(String line) {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not a JSON object");
        }
        return (ObjectNode) node;
    }

    // ---- fields

    public static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException("field '" + field + "' must be a string");
        }
        return value.asText();
    }

    public static long integer(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException("field '" + field + "' must be an integer");
        }
        return value.asLong();
    }

    public static int intField(JsonNode node, String field) {
        long value = integer(node, field);
        if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("field '" + field + "' is out of range: " + value);
        }
        return (int) value;
    }

    public static JsonNode objectField(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || !value.isObject()) {
            throw new IllegalArgumentException("field '" + field + "' must be an object");
        }
        return value;
    }

    // ---- frames and messages

    public static String encodeFrame(byte[] frame) {
        return Base64.getEncoder().encodeToString(frame);
    }

    public static byte[] decodeFrame(String text) {
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not base64: " + e.getMessage());
        }
    }

    /** Writes {@code frames} and, when the message has them, {@code routingId} and {@code group} into target. */
    public static ObjectNode putMessage(ObjectNode target, Message message) {
        ArrayNode frames = target.putArray("frames");
        for (byte[] frame : message.frames()) {
            frames.add(encodeFrame(frame));
        }
        message.routingId().ifPresent(id -> target.put("routingId", Integer.toUnsignedLong(id)));
        message.group().ifPresent(group -> target.put("group", group));
        return target;
    }

    /** Reads a message written by {@link #putMessage}. */
    public static Message readMessage(JsonNode node) {
        JsonNode frames = node.get("frames");
        if (frames == null || !frames.isArray() || frames.isEmpty()) {
            throw new IllegalArgumentException("field 'frames' must be a non-empty array of base64 strings");
        }
        List<byte[]> bytes = new ArrayList<>(frames.size());
        for (JsonNode frame : frames) {
            if (!frame.isTextual()) {
                throw new IllegalArgumentException("field 'frames' must hold base64 strings");
            }
            bytes.add(decodeFrame(frame.asText()));
        }
        Message message = Message.of(bytes);
        if (node.hasNonNull("routingId")) {
            long id = integer(node, "routingId");
            if (id <= 0 || id > 0xFFFF_FFFFL) {
                throw new IllegalArgumentException("field 'routingId' must be in 1..4294967295, not " + id);
            }
            message = message.withRoutingId((int) id);
        }
        if (node.hasNonNull("group")) {
            message = message.withGroup(text(node, "group"));
        }
        return message;
    }

    // ---- options

    public static SocketOption<?> option(String name) {
        return SocketOption.byName(name).orElseThrow(() -> new IllegalArgumentException("unknown option " + name));
    }

    /** The JSON form of an option value: integer, boolean, string, or base64 for byte options. */
    public static JsonNode optionValue(SocketOption<?> option, Object value) {
        Object checked = option.cast(value);
        if (checked instanceof Integer i) {
            return NODES.numberNode(i);
        }
        if (checked instanceof Boolean b) {
            return NODES.booleanNode(b);
        }
        if (checked instanceof byte[] bytes) {
            return NODES.textNode(encodeFrame(bytes));
        }
        return NODES.textNode((String) checked);
    }

    /** Reads an option value in the JSON type the option takes. */
    public static Object readOptionValue(SocketOption<?> option, JsonNode value) {
        String problem = option.name() + " takes ";
        if (value == null) {
            throw new IllegalArgumentException("field 'value' is missing for " + option.name());
        }
        Class<?> type = option.type();
        if (type == Integer.class) {
            if (!value.isIntegralNumber() || !value.canConvertToInt()) {
                throw new IllegalArgumentException(problem + "an integer, not " + value);
            }
            return value.asInt();
        }
        if (type == Boolean.class) {
            if (!value.isBoolean()) {
                throw new IllegalArgumentException(problem + "a boolean, not " + value);
            }
            return value.asBoolean();
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(
                    problem + (type == byte[].class ? "base64" : "a string") + ", not " + value);
        }
        return type == byte[].class ? decodeFrame(value.asText()) : value.asText();
    }

    // ---- capabilities

    public static ObjectNode capabilities(Capabilities capabilities) {
        ObjectNode node = object();
        ArrayNode types = node.putArray("socketTypes");
        capabilities.socketTypes().stream().sorted().forEach(t -> types.add(t.zmtpName()));
        ArrayNode transports = node.putArray("transports");
        capabilities.transports().stream().sorted().forEach(t -> transports.add(t.scheme()));
        ArrayNode mechanisms = node.putArray("mechanisms");
        capabilities.mechanisms().stream().sorted().forEach(m -> mechanisms.add(m.name()));
        ArrayNode options = node.putArray("options");
        SocketOption.all().stream().filter(capabilities::supports).forEach(o -> options.add(o.name()));
        ArrayNode events = node.putArray("events");
        capabilities.events().stream().sorted().forEach(e -> events.add(e.name()));
        return node;
    }

    public static Capabilities readCapabilities(JsonNode node) {
        Capabilities.Builder builder = Capabilities.builder();
        for (String name : names(node, "socketTypes")) {
            builder.socketTypes(SocketType.fromZmtpName(name)
                    .orElseThrow(() -> new IllegalArgumentException("unknown socket type " + name)));
        }
        for (String name : names(node, "transports")) {
            builder.transports(Transport.ofEndpoint(name.toLowerCase(Locale.ROOT) + "://")
                    .orElseThrow(() -> new IllegalArgumentException("unknown transport " + name)));
        }
        for (String name : names(node, "mechanisms")) {
            builder.mechanisms(enumValue(Mechanism.class, name, "mechanism"));
        }
        for (String name : names(node, "options")) {
            builder.options(option(name));
        }
        for (String name : names(node, "events")) {
            builder.events(enumValue(SocketEvent.Kind.class, name, "event kind"));
        }
        return builder.build();
    }

    private static List<String> names(JsonNode node, String field) {
        JsonNode array = node.get(field);
        if (array == null) {
            return List.of();
        }
        if (!array.isArray()) {
            throw new IllegalArgumentException("capabilities field '" + field + "' must be an array of strings");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode name : array) {
            if (!name.isTextual()) {
                throw new IllegalArgumentException("capabilities field '" + field + "' must hold strings");
            }
            names.add(name.asText());
        }
        return names;
    }

    private static <E extends Enum<E>> E enumValue(Class<E> type, String name, String what) {
        try {
            return Enum.valueOf(type, name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("unknown " + what + " " + name);
        }
    }

    // ---- errors and events

    public static ObjectNode error(ErrorKind kind, String message) {
        ObjectNode error = object();
        error.put("kind", kind.name());
        error.put("message", message == null ? "" : message);
        return error;
    }

    /** The exception an error object stands for. */
    public static ZmqException readError(JsonNode error) {
        String kind = text(error, "kind");
        JsonNode message = error.get("message");
        return new ZmqException(
                enumValue(ErrorKind.class, kind, "error kind"),
                message != null && message.isTextual() ? message.asText() : "");
    }

    public static ObjectNode event(int socket, SocketEvent event) {
        ObjectNode node = object();
        node.put("socket", socket);
        node.put("kind", event.kind().name());
        node.put("endpoint", event.endpoint());
        node.put("detail", event.detail());
        return node;
    }

    public static SocketEvent readEvent(JsonNode event) {
        JsonNode endpoint = event.get("endpoint");
        JsonNode detail = event.get("detail");
        return new SocketEvent(
                enumValue(SocketEvent.Kind.class, text(event, "kind"), "event kind"),
                endpoint != null && endpoint.isTextual() ? endpoint.asText() : "",
                detail != null && detail.isTextual() ? detail.asText() : "");
    }
}
