package dev.zck.simulator.scenario.internal;

import dev.zck.simulator.Fault;
import dev.zck.simulator.Link;
import dev.zck.spi.Message;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;

/** Stable renderings of the scenario's values: as trace text and as Java source. */
public final class Render {
    private static final HexFormat HEX = HexFormat.of();

    private Render() {}

    /** Whether every byte is printable ASCII and none is a quote or a backslash (so it reads and quotes as is). */
    public static boolean printable(byte[] frame) {
        for (byte b : frame) {
            if (b < 0x20 || b > 0x7e || b == '"' || b == '\\') {
                return false;
            }
        }
        return true;
    }

    /** Frames longer than this are shown by their start, their length and a checksum of the whole. */
    private static final int SHOWN = 32;

    /**
     * A frame as {@code "text"} when printable, else {@code 0x0a0b}; a frame longer than 32 bytes as its first 32,
     * {@code ...}, its length and its CRC-32, e.g. {@code 0x0000...[512 B crc 2a4b0c1d]}.
     */
    public static String frame(byte[] frame) {
        if (frame.length > SHOWN) {
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(frame);
            return frame(java.util.Arrays.copyOf(frame, SHOWN)) + "...[" + frame.length + " B crc "
                    + String.format("%08x", crc.getValue()) + "]";
        }
        return printable(frame)
                ? '"' + new String(frame, StandardCharsets.US_ASCII) + '"'
                : "0x" + HEX.formatHex(frame);
    }

    /** The frames of a message separated by spaces, e.g. {@code "topic" 0x00ff}. */
    public static String message(Message message) {
        StringBuilder b = new StringBuilder();
        for (byte[] f : message.frames()) {
            if (!b.isEmpty()) {
                b.append(' ');
            }
            b.append(frame(f));
        }
        return b.toString();
    }

    /** A duration as the shortest exact unit: {@code 250ms}, {@code 3s}, {@code 1500us}, {@code 7ns}. */
    public static String duration(Duration d) {
        long nanos = d.toNanos();
        if (nanos != 0 && nanos % 1_000_000_000L == 0) {
            return nanos / 1_000_000_000L + "s";
        }
        if (nanos % 1_000_000L == 0) {
            return nanos / 1_000_000L + "ms";
        }
        if (nanos % 1_000L == 0) {
            return nanos / 1_000L + "us";
        }
        return nanos + "ns";
    }

    /** A Java string literal. */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /** A Java expression for the duration. */
    public static String durationJava(Duration d) {
        long nanos = d.toNanos();
        if (nanos % 1_000_000_000L == 0) {
            return "Duration.ofSeconds(" + nanos / 1_000_000_000L + ")";
        }
        if (nanos % 1_000_000L == 0) {
            return "Duration.ofMillis(" + nanos / 1_000_000L + ")";
        }
        return "Duration.ofNanos(" + nanos + "L)";
    }

    /** A Java expression for the message: {@code Message.ofStrings(..)} when every frame is printable. */
    public static String messageJava(Message message) {
        List<byte[]> frames = message.frames();
        StringBuilder b = new StringBuilder();
        boolean strings = frames.stream().allMatch(Render::printable);
        b.append(strings ? "Message.ofStrings(" : "Message.of(");
        for (int i = 0; i < frames.size(); i++) {
            if (i > 0) {
                b.append(", ");
            }
            if (strings) {
                b.append(quote(new String(frames.get(i), StandardCharsets.US_ASCII)));
            } else {
                b.append("HexFormat.of().parseHex(\"")
                        .append(HEX.formatHex(frames.get(i)))
                        .append("\")");
            }
        }
        return b.append(')').toString();
    }

    /** A Java expression for a value of a socket option. */
    public static String valueJava(Object value) {
        if (value instanceof byte[] bytes) {
            return printable(bytes)
                    ? quote(new String(bytes, StandardCharsets.US_ASCII)) + ".getBytes(StandardCharsets.US_ASCII)"
                    : "HexFormat.of().parseHex(\"" + HEX.formatHex(bytes) + "\")";
        }
        if (value instanceof String s) {
            return quote(s);
        }
        return String.valueOf(value);
    }

    /** A value of a socket option as trace text. */
    public static String value(Object value) {
        return value instanceof byte[] bytes ? frame(bytes) : String.valueOf(value);
    }

    /** A Java expression for the link. */
    public static String linkJava(Link link) {
        return switch (link.direction()) {
            case BOTH -> "Link.between(" + quote(link.a()) + ", " + quote(link.b()) + ")";
            case A_TO_B -> "Link.from(" + quote(link.a()) + ", " + quote(link.b()) + ")";
            case B_TO_A -> "Link.from(" + quote(link.b()) + ", " + quote(link.a()) + ")";
        };
    }

    /** A Java expression for the fault. */
    public static String faultJava(Fault fault) {
        if (fault instanceof Fault.Delay d) {
            return "new Fault.Delay(" + linkJava(d.link()) + ", " + durationJava(d.extra()) + ")";
        } else if (fault instanceof Fault.Stall s) {
            return "new Fault.Stall(" + linkJava(s.link()) + ")";
        } else if (fault instanceof Fault.Partition p) {
            return "new Fault.Partition(" + linkJava(p.link()) + ")";
        } else if (fault instanceof Fault.Reset r) {
            return "new Fault.Reset(" + linkJava(r.link()) + ")";
        } else if (fault instanceof Fault.SilentDrop s) {
            return "new Fault.SilentDrop(" + linkJava(s.link()) + ")";
        } else if (fault instanceof Fault.Reslice r) {
            return "new Fault.Reslice(" + linkJava(r.link()) + ", " + r.maxChunk() + ")";
        } else if (fault instanceof Fault.Heal h) {
            return "new Fault.Heal(" + linkJava(h.link()) + ")";
        } else if (fault instanceof Fault.Crash c) {
            return "new Fault.Crash(" + quote(c.host()) + ")";
        } else if (fault instanceof Fault.Restart r) {
            return "new Fault.Restart(" + quote(r.host()) + ")";
        }
        throw new IllegalArgumentException("unknown fault " + fault);
    }
}
