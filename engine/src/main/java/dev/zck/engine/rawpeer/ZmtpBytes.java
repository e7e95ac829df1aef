package dev.zck.engine.rawpeer;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * Canonical ZMTP 3.x octet sequences, written from RFC 23 (ZMTP 3.0) and RFC 37 (ZMTP 3.1), for raw peers to send and
 * to compare against. Builders check only what the encoding itself needs (a length that must fit its field); they do
 * not enforce the grammar's character sets, so a test can build a deliberately odd sequence (a lowercase mechanism, an
 * empty command name, a PING context over 16 octets). Anything stranger is written with {@link #hex(String)}.
 *
 * <p>Names (mechanism, command, property, socket type, error reason) are ASCII; group names are UTF-8.
 */
public final class ZmtpBytes {
    /** Length of the greeting's signature: FF, 8 octets of padding, 7F. */
    public static final int SIGNATURE_SIZE = 10;

    private static final int MECHANISM_SIZE = 20;
    private static final int SHORT_MAX = 255;
    private static final int FLAG_MORE = 0x01;
    private static final int FLAG_LONG = 0x02;
    private static final int FLAG_COMMAND = 0x04;

    private ZmtpBytes() {}

    /** The 10-octet signature with zero padding: {@code ff 00 00 00 00 00 00 00 00 7f}. */
    public static byte[] signature() {
        byte[] signature = new byte[SIGNATURE_SIZE];
        signature[0] = (byte) 0xff;
        signature[9] = 0x7f;
        return signature;
    }

    /**
     * A 64-octet greeting with zero padding: FF, 8 zero octets, 7F, major, minor, the mechanism NUL-padded to 20
     * octets, as-server (01 or 00), 31 zero octets of filler.
     */
    public static byte[] greeting(int major, int minor, String mechanism, boolean asServer) {
        return greetingWithPadding(new byte[8], major, minor, mechanism, asServer);
    }

    /** {@link #greeting} with the given 8 octets in the padding field (octets 1 to 8). */
    public static byte[] greetingWithPadding(byte[] padding, int major, int minor, String mechanism, boolean asServer) {
        if (padding.length != 8) {
            throw new IllegalArgumentException("the padding is 8 octets, got " + padding.length);
        }
        byte[] name = ascii(mechanism, "mechanism");
        if (name.length > MECHANISM_SIZE) {
            throw new IllegalArgumentException("a mechanism is at most 20 octets: '" + mechanism + "'");
        }
        byte[] greeting = new byte[RawGreeting.SIZE];
        greeting[0] = (byte) 0xff;
        System.arraycopy(padding, 0, greeting, 1, 8);
        greeting[9] = 0x7f;
        greeting[10] = octet(major, "major");
        greeting[11] = octet(minor, "minor");
        System.arraycopy(name, 0, greeting, 12, name.length);
        greeting[32] = (byte) (asServer ? 1 : 0);
        return greeting;
    }

    /** A message frame, short form (00/01) for bodies up to 255 octets, long form (02/03) above. */
    public static byte[] frame(boolean more, byte[] body) {
        return encodeFrame(more ? FLAG_MORE : 0, body.length > SHORT_MAX, body);
    }

    /** A message frame always in long form (02/03 and an 8-octet size), which receivers must accept for any size. */
    public static byte[] longFrame(boolean more, byte[] body) {
        return encodeFrame(more ? FLAG_MORE : 0, true, body);
    }

    /** A whole message: one {@link #frame} per body, MORE on all but the last. */
    public static byte[] message(byte[]... bodies) {
        if (bodies.length == 0) {
            throw new IllegalArgumentException("a message has at least one frame");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < bodies.length; i++) {
            out.writeBytes(frame(i < bodies.length - 1, bodies[i]));
        }
        return out.toByteArray();
    }

    /**
     * A command frame: flags 04 (short) or 06 (long, body over 255 octets), then the body: one octet of name length,
     * the name, the data.
     */
    public static byte[] command(String name, byte[] data) {
        byte[] nameBytes = ascii(name, "command name");
        lengthFitsOctet(nameBytes, "command name");
        byte[] body = concat(new byte[] {(byte) nameBytes.length}, nameBytes, data);
        return encodeFrame(FLAG_COMMAND, body.length > SHORT_MAX, body);
    }

    /** A NULL-mechanism READY command carrying only the Socket-Type property. */
    public static byte[] ready(String socketType) {
        return ready(socketType, Map.of());
    }

    /**
     * A NULL-mechanism READY command: Socket-Type first, then the extra properties in the map's iteration order (pass a
     * {@link java.util.LinkedHashMap} when there are several).
     */
    public static byte[] ready(String socketType, Map<String, byte[]> extraProperties) {
        ByteArrayOutputStream metadata = new ByteArrayOutputStream();
        metadata.writeBytes(metadataProperty("Socket-Type", ascii(socketType, "socket type")));
        extraProperties.forEach((name, value) -> metadata.writeBytes(metadataProperty(name, value)));
        return command("READY", metadata.toByteArray());
    }

    /** One metadata property: name length (1 octet), name, value length (4 octets, big-endian), value. */
    public static byte[] metadataProperty(String name, byte[] value) {
        byte[] nameBytes = ascii(name, "property name");
        lengthFitsOctet(nameBytes, "property name");
        return concat(
                new byte[] {(byte) nameBytes.length},
                nameBytes,
                ByteBuffer.allocate(4).putInt(value.length).array(),
                value);
    }

    /** An ERROR command: the reason with a one-octet length prefix. */
    public static byte[] error(String reason) {
        byte[] text = ascii(reason, "error reason");
        lengthFitsOctet(text, "error reason");
        return command("ERROR", concat(new byte[] {(byte) text.length}, text));
    }

    /**
     * A PING command (ZMTP 3.1): TTL in tenths of a second as 2 octets big-endian, then the context. The RFC limits the
     * context to 16 octets; longer ones are allowed here to test how a peer copes.
     */
    public static byte[] ping(int ttlDeciseconds, byte[] context) {
        if (ttlDeciseconds < 0 || ttlDeciseconds > 0xffff) {
            throw new IllegalArgumentException("the PING TTL is 0 to 65535 deciseconds, was " + ttlDeciseconds);
        }
        return command("PING", concat(new byte[] {(byte) (ttlDeciseconds >> 8), (byte) ttlDeciseconds}, context));
    }

    /** A PONG command (ZMTP 3.1) echoing a PING context. */
    public static byte[] pong(byte[] context) {
        return command("PONG", context);
    }

    /** The ZMTP 3.1 subscription: a SUBSCRIBE command whose data is the topic. */
    public static byte[] subscribeCommand(byte[] topic) {
        return command("SUBSCRIBE", topic);
    }

    /** The ZMTP 3.1 unsubscription: a CANCEL command whose data is the topic. */
    public static byte[] cancelCommand(byte[] topic) {
        return command("CANCEL", topic);
    }

    /** The ZMTP 3.0 subscription: a final message frame of 01 followed by the topic. */
    public static byte[] subscribeMessage(byte[] topic) {
        return frame(false, concat(new byte[] {1}, topic));
    }

    /** The ZMTP 3.0 unsubscription: a final message frame of 00 followed by the topic. */
    public static byte[] cancelMessage(byte[] topic) {
        return frame(false, concat(new byte[] {0}, topic));
    }

    /** A DISH's JOIN command (ZMTP 3.1): the group as the command data. */
    public static byte[] join(String group) {
        return command("JOIN", group.getBytes(StandardCharsets.UTF_8));
    }

    /** A DISH's LEAVE command (ZMTP 3.1): the group as the command data. */
    public static byte[] leave(String group) {
        return command("LEAVE", group.getBytes(StandardCharsets.UTF_8));
    }

    /** The parts one after the other. */
    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /**
     * Parses hex such as {@code "ff 00 7f"} or {@code "ff007f"}: pairs of hex digits, whitespace anywhere ignored.
     *
     * @throws IllegalArgumentException on a non-hex character or an odd number of digits
     */
    public static byte[] hex(String hex) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(hex.length() / 2);
        int high = -1;
        for (int i = 0; i < hex.length(); i++) {
            char c = hex.charAt(i);
            if (Character.isWhitespace(c)) {
                continue;
            }
            int digit = Character.digit(c, 16);
            if (digit < 0 || c > 0x7f) {
                throw new IllegalArgumentException(
                        "not a hex digit at position " + i + ": '" + c + "' in \"" + hex + "\"");
            }
            if (high < 0) {
                high = digit;
            } else {
                out.write(high << 4 | digit);
                high = -1;
            }
        }
        if (high >= 0) {
            throw new IllegalArgumentException("odd number of hex digits in \"" + hex + "\"");
        }
        return out.toByteArray();
    }

    /** Lower-case hex, one space between octets: {@code "ff 00 7f"}. */
    public static String toHex(byte[] bytes) {
        return HexDump.hex(bytes, 0, bytes.length);
    }

    private static byte[] encodeFrame(int flags, boolean longForm, byte[] body) {
        if (!longForm && body.length > SHORT_MAX) {
            throw new IllegalStateException("a short frame carries at most 255 octets");
        }
        ByteBuffer frame = ByteBuffer.allocate(1 + (longForm ? 8 : 1) + body.length);
        frame.put((byte) (flags | (longForm ? FLAG_LONG : 0)));
        if (longForm) {
            frame.putLong(body.length);
        } else {
            frame.put((byte) body.length);
        }
        return frame.put(body).array();
    }

    private static byte[] ascii(String text, String what) {
        Objects.requireNonNull(text, what);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) > 0x7f) {
                throw new IllegalArgumentException("the " + what + " must be ASCII: '" + text + "'");
            }
        }
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static void lengthFitsOctet(byte[] bytes, String what) {
        if (bytes.length > SHORT_MAX) {
            throw new IllegalArgumentException(
                    "the " + what + " is at most 255 octets (one-octet length), was " + bytes.length);
        }
    }

    private static byte octet(int value, String what) {
        if (value < 0 || value > 0xff) {
            throw new IllegalArgumentException("the " + what + " version is one octet, was " + value);
        }
        return (byte) value;
    }
}
