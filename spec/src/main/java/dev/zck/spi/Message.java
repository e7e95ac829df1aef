package dev.zck.spi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * An immutable ZeroMQ message: one or more frames, sent and received whole.
 *
 * <p>The draft types carry addressing beside the single frame instead of in extra frames: a SERVER or PEER
 * exposes the peer's {@link #routingId()} on receive and requires it on send; a RADIO requires a {@link #group()} on
 * send and a DISH exposes it on receive. Frames are copied in and out, so a caller can never change a message that
 * the kit recorded as evidence.
 */
public final class Message {
    private final List<byte[]> frames;
    private final OptionalInt routingId;
    private final Optional<String> group;

    private Message(List<byte[]> frames, OptionalInt routingId, Optional<String> group) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("a message has at least one frame");
        }
        List<byte[]> copy = new ArrayList<>(frames.size());
        for (byte[] frame : frames) {
            copy.add(Objects.requireNonNull(frame, "frame").clone());
        }
        this.frames = List.copyOf(copy);
        this.routingId = routingId;
        this.group = group;
    }

    /** A message of the given frames (at least one). */
    public static Message of(byte[]... frames) {
        return new Message(Arrays.asList(frames), OptionalInt.empty(), Optional.empty());
    }

    /** A message of the given frames (at least one). */
    public static Message of(List<byte[]> frames) {
        return new Message(frames, OptionalInt.empty(), Optional.empty());
    }

    /** A message whose frames are the UTF-8 bytes of the given strings. */
    public static Message ofStrings(String... frames) {
        List<byte[]> bytes = new ArrayList<>(frames.length);
        for (String frame : frames) {
            bytes.add(frame.getBytes(StandardCharsets.UTF_8));
        }
        return of(bytes);
    }

    /** This message addressed to (or received from) the peer with the given non-zero routing id. */
    public Message withRoutingId(int id) {
        if (id == 0) {
            throw new IllegalArgumentException("routing id 0 is reserved");
        }
        return new Message(frames, OptionalInt.of(id), group);
    }

    /** This message in the given RADIO/DISH group. */
    public Message withGroup(String group) {
        return new Message(frames, routingId, Optional.of(group));
    }

    /** Copies of the frames, in order. */
    public List<byte[]> frames() {
        List<byte[]> copy = new ArrayList<>(frames.size());
        for (byte[] frame : frames) {
            copy.add(frame.clone());
        }
        return copy;
    }

    /** A copy of frame {@code index}. */
    public byte[] frame(int index) {
        return frames.get(index).clone();
    }

    /** Frame {@code index} decoded as UTF-8. */
    public String frameAsString(int index) {
        return new String(frames.get(index), StandardCharsets.UTF_8);
    }

    /** The number of frames. */
    public int size() {
        return frames.size();
    }

    /** Total octets over all frames. */
    public long byteCount() {
        long total = 0;
        for (byte[] frame : frames) {
            total += frame.length;
        }
        return total;
    }

    /** SERVER/PEER routing id (an unsigned 32-bit value), if any. */
    public OptionalInt routingId() {
        return routingId;
    }

    /** RADIO/DISH group, if any. */
    public Optional<String> group() {
        return group;
    }

    @Override
    public boolean equals(Object other) {
        if (this == other) {
            return true;
        }
        if (!(other instanceof Message that) || that.frames.size() != frames.size()) {
            return false;
        }
        for (int i = 0; i < frames.size(); i++) {
            if (!Arrays.equals(frames.get(i), that.frames.get(i))) {
                return false;
            }
        }
        return routingId.equals(that.routingId) && group.equals(that.group);
    }

    @Override
    public int hashCode() {
        int hash = Objects.hash(routingId, group);
        for (byte[] frame : frames) {
            hash = 31 * hash + Arrays.hashCode(frame);
        }
        return hash;
    }

    /** Frames shown as printable text when they are, as hex otherwise, each cut at 32 octets. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < frames.size(); i++) {
            if (i > 0) {
                out.append(", ");
            }
            appendFrame(out, frames.get(i));
        }
        out.append(']');
        routingId.ifPresent(id -> out.append(" routing-id=").append(Integer.toUnsignedString(id)));
        group.ifPresent(g -> out.append(" group=").append(g));
        return out.toString();
    }

    private static void appendFrame(StringBuilder out, byte[] frame) {
        int shown = Math.min(frame.length, 32);
        boolean printable = true;
        for (int i = 0; i < shown; i++) {
            if (frame[i] < 0x20 || frame[i] > 0x7e) {
                printable = false;
                break;
            }
        }
        if (printable) {
            out.append('"')
                    .append(new String(frame, 0, shown, StandardCharsets.US_ASCII))
                    .append('"');
        } else {
            out.append("0x");
            for (int i = 0; i < shown; i++) {
                out.append(String.format("%02x", frame[i] & 0xff));
            }
        }
        if (frame.length > shown) {
            out.append("...(").append(frame.length).append(" B)");
        }
    }
}
