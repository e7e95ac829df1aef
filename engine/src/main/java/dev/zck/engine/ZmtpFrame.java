package dev.zck.engine;

import java.util.Arrays;
import java.util.Objects;

/**
 * One ZMTP 3.x frame after the greeting: a message frame (part of a message, {@link #more()} on all but the last)
 * or a command frame. The body is owned by the frame; the engine copies it out of the network buffers so that no
 * reference-counted buffer escapes the codec.
 *
 * @param more the MORE flag (bit 0); always false on a command
 * @param command the COMMAND flag (bit 2)
 * @param body the frame body
 */
public record ZmtpFrame(boolean more, boolean command, byte[] body) {
    /** Flag bits (RFC 23, Framing). */
    public static final int MORE = 0x01;

    public static final int LONG = 0x02;
    public static final int COMMAND = 0x04;
    /** Bits 7..3: must be zero. */
    public static final int RESERVED = 0xf8;
    /** The largest body the short form can carry. */
    public static final int MAX_SHORT = 255;

    public ZmtpFrame {
        Objects.requireNonNull(body, "body");
        if (command && more) {
            throw new IllegalArgumentException("a command frame cannot have MORE set");
        }
    }

    public static ZmtpFrame message(boolean more, byte[] body) {
        return new ZmtpFrame(more, false, body);
    }

    public static ZmtpFrame command(byte[] body) {
        return new ZmtpFrame(false, true, body);
    }

    /** The flags octet this frame is written with: LONG only when the body does not fit the short form. */
    public int flags() {
        return (more ? MORE : 0) | (command ? COMMAND : 0) | (body.length > MAX_SHORT ? LONG : 0);
    }

    /** Octets on the wire: flags, size (1 or 8), body. */
    public int encodedSize() {
        return 1 + (body.length > MAX_SHORT ? 8 : 1) + body.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ZmtpFrame f && f.more == more && f.command == command && Arrays.equals(f.body, body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(more, command) * 31 + Arrays.hashCode(body);
    }

    @Override
    public String toString() {
        return (command ? "Command" : "Frame") + (more ? "+" : "") + "[" + body.length + " B]";
    }
}
