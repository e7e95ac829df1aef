package dev.zck.engine;

import java.util.Arrays;
import java.util.List;

/**
 * A whole multipart message as the session delivers and accepts it: the frames in order, never a part of one. A
 * message cut short by a closed connection is never delivered (ZMTP3-MSG-ATOMIC).
 */
public final class ZmtpMessage {
    private final List<byte[]> frames;

    private ZmtpMessage(List<byte[]> frames) {
        if (frames.isEmpty()) {
            throw new IllegalArgumentException("a message has at least one frame");
        }
        this.frames = frames;
    }

    /** A message of these frames; the arrays are copied. */
    public static ZmtpMessage of(byte[]... frames) {
        return new ZmtpMessage(Arrays.stream(frames).map(byte[]::clone).toList());
    }

    /** A message of these frames; the arrays are copied. */
    public static ZmtpMessage of(List<byte[]> frames) {
        return new ZmtpMessage(frames.stream().map(byte[]::clone).toList());
    }

    /** A message that takes the arrays as they are, without copying: the caller gives them up. */
    public static ZmtpMessage wrap(List<byte[]> frames) {
        return new ZmtpMessage(List.copyOf(frames));
    }

    public int size() {
        return frames.size();
    }

    /** Frame {@code index}, copied. */
    public byte[] frame(int index) {
        return frames.get(index).clone();
    }

    /** All frames, copied. */
    public List<byte[]> frames() {
        return frames.stream().map(byte[]::clone).toList();
    }

    /** The sum of the frame sizes. */
    public long byteSize() {
        long total = 0;
        for (byte[] frame : frames) {
            total += frame.length;
        }
        return total;
    }

    /** The frames without copying, for encoders: read them, never change them. */
    public List<byte[]> framesView() {
        return frames;
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof ZmtpMessage m) || m.frames.size() != frames.size()) {
            return false;
        }
        for (int i = 0; i < frames.size(); i++) {
            if (!Arrays.equals(frames.get(i), m.frames.get(i))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int hash = 1;
        for (byte[] frame : frames) {
            hash = 31 * hash + Arrays.hashCode(frame);
        }
        return hash;
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder("ZmtpMessage[");
        for (int i = 0; i < frames.size(); i++) {
            out.append(i == 0 ? "" : " | ").append(frames.get(i).length).append(" B");
        }
        return out.append(']').toString();
    }

    /**
     * Several whole messages written as one: the session encodes them into a single buffer, which saves a pipeline
     * pass and a buffer per message when a socket flushes a burst.
     */
    public record Batch(List<ZmtpMessage> messages) {
        public Batch {
            messages = List.copyOf(messages);
        }
    }
}
