package dev.zck.engine;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Connection metadata as carried by READY and INITIATE (RFC 23, NULL): ordered name/value properties, names
 * compared without regard to case on lookup, values opaque octets.
 */
public final class Metadata {
    public static final String SOCKET_TYPE = "Socket-Type";
    public static final String IDENTITY = "Identity";
    public static final String RESOURCE = "Resource";

    /** One property. */
    public record Property(String name, byte[] value) {}

    private final List<Property> properties;

    private Metadata(List<Property> properties) {
        this.properties = List.copyOf(properties);
    }

    public static Metadata empty() {
        return new Metadata(List.of());
    }

    /** This metadata with one more property appended. */
    public Metadata with(String name, byte[] value) {
        if (name.isEmpty() || name.length() > 255) {
            throw new IllegalArgumentException("property names have 1..255 characters: '" + name + "'");
        }
        List<Property> copy = new ArrayList<>(properties);
        copy.add(new Property(name, value.clone()));
        return new Metadata(copy);
    }

    public Metadata with(String name, String value) {
        return with(name, value.getBytes(StandardCharsets.UTF_8));
    }

    public List<Property> properties() {
        return properties;
    }

    /** The first property called {@code name}, compared without case (RFC 23, Connection Metadata). */
    public Optional<byte[]> get(String name) {
        String wanted = name.toLowerCase(Locale.ROOT);
        return properties.stream()
                .filter(p -> p.name().toLowerCase(Locale.ROOT).equals(wanted))
                .map(p -> p.value().clone())
                .findFirst();
    }

    public Optional<String> getString(String name) {
        return get(name).map(v -> new String(v, StandardCharsets.UTF_8));
    }

    /** The properties as written on the wire: name length, name, 4-octet value length, value. */
    public byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Property p : properties) {
            byte[] name = p.name().getBytes(StandardCharsets.US_ASCII);
            out.write(name.length);
            out.writeBytes(name);
            int length = p.value().length;
            out.write(length >>> 24);
            out.write(length >>> 16);
            out.write(length >>> 8);
            out.write(length);
            out.writeBytes(p.value());
        }
        return out.toByteArray();
    }

    /**
     * Parses properties from {@code data[offset..]}.
     *
     * @throws ProtocolViolation on an empty name, a bad name character, or a property cut short
     */
    public static Metadata decode(byte[] data, int offset) throws ProtocolViolation {
        List<Property> properties = new ArrayList<>();
        int at = offset;
        while (at < data.length) {
            int nameLength = data[at++] & 0xff;
            if (nameLength == 0) {
                throw new ProtocolViolation("ZMTP3-META-NAME-LENGTH", "metadata property with an empty name");
            }
            if (at + nameLength + 4 > data.length) {
                throw new ProtocolViolation(
                        "ZMTP3-META-PROPERTY-GRAMMAR", "metadata property cut short at octet " + at);
            }
            for (int i = at; i < at + nameLength; i++) {
                if (!nameChar(data[i])) {
                    throw new ProtocolViolation(
                            "ZMTP3-META-PROPERTY-GRAMMAR",
                            String.format("metadata name has the character 0x%02x", data[i] & 0xff));
                }
            }
            String name = new String(data, at, nameLength, StandardCharsets.US_ASCII);
            at += nameLength;
            long valueLength = ((data[at] & 0xffL) << 24)
                    | ((data[at + 1] & 0xff) << 16)
                    | ((data[at + 2] & 0xff) << 8)
                    | (data[at + 3] & 0xff);
            at += 4;
            if (valueLength > Integer.MAX_VALUE) {
                throw new ProtocolViolation(
                        "ZMTP3-META-VALUE-LENGTH", "metadata value length " + valueLength + " is above 2^31-1");
            }
            if (valueLength > data.length - at) {
                throw new ProtocolViolation(
                        "ZMTP3-META-VALUE-LENGTH",
                        "metadata value of " + valueLength + " octets but only " + (data.length - at) + " remain");
            }
            byte[] value = new byte[(int) valueLength];
            System.arraycopy(data, at, value, 0, value.length);
            at += value.length;
            properties.add(new Property(name, value));
        }
        return new Metadata(properties);
    }

    private static boolean nameChar(byte b) {
        return (b >= 'a' && b <= 'z')
                || (b >= 'A' && b <= 'Z')
                || (b >= '0' && b <= '9')
                || b == '-'
                || b == '_'
                || b == '.'
                || b == '+';
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("{");
        for (Property p : properties) {
            if (out.length() > 1) {
                out.append(", ");
            }
            out.append(p.name()).append('=').append(new String(p.value(), StandardCharsets.UTF_8));
        }
        return out.append('}').toString();
    }
}
