package dev.zck.engine.rawpeer;

import dev.zck.engine.rawpeer.RawPeerException.Kind;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One ZMTP 3.x frame exactly as it arrived: the flags octet (reserved bits included, unchecked) and the body. It is a
 * value (equality compares the body's content), so tests can assert whole frames.
 *
 * @param flags the flags octet, 0 to 255: bit 0 {@link #MORE}, bit 1 {@link #LONG} (the size field was 8 octets),
 *     bit 2 {@link #COMMAND}
 * @param body the frame body
 */
public record RawFrame(int flags, byte[] body) {
    public static final int MORE = 0x01;
    public static final int LONG = 0x02;
    public static final int COMMAND = 0x04;

    public RawFrame {
        if (flags < 0 || flags > 0xff) {
            throw new IllegalArgumentException("flags must be one octet, was " + flags);
        }
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    /** The body length. */
    public int size() {
        return body.length;
    }

    /** MORE is set: another frame of the same message follows. */
    public boolean more() {
        return (flags & MORE) != 0;
    }

    /** LONG is set: the size was sent as 8 octets, whatever the body length. */
    public boolean isLong() {
        return (flags & LONG) != 0;
    }

    /** COMMAND is set. */
    public boolean isCommand() {
        return (flags & COMMAND) != 0;
    }

    /**
     * The command name: the body starts with a one-octet length and that many name characters.
     *
     * @throws IllegalStateException if this is not a command frame
     * @throws RawPeerException of kind MALFORMED if the body is too short to hold the name
     */
    public String commandName() {
        return new String(body, 1, nameLength(), StandardCharsets.ISO_8859_1);
    }

    /** The command data: the body after the length-prefixed name. Same failures as {@link #commandName()}. */
    public byte[] commandData() {
        return Arrays.copyOfRange(body, 1 + nameLength(), body.length);
    }

    private int nameLength() {
        if (!isCommand()) {
            throw new IllegalStateException("not a command frame: " + this);
        }
        if (body.length == 0 || body.length < 1 + (body[0] & 0xff)) {
            throw new RawPeerException(
                    Kind.MALFORMED, "command body too short for its length-prefixed name: " + HexDump.describe(body));
        }
        return body[0] & 0xff;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RawFrame frame && frame.flags == flags && Arrays.equals(frame.body, body);
    }

    @Override
    public int hashCode() {
        return 31 * flags + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return String.format("RawFrame[flags=%02x, %s]", flags, HexDump.describe(body));
    }
}
