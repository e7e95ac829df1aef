package dev.zck.engine.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.spi.Message;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.StringJoiner;

/**
 * The numbered messages {@code EngineMessagingInteropTest} sends, and how it compares what arrives with them.
 *
 * <p>Every non-empty frame is {@code tag, seq (4 octets, big-endian), part, fill...}, cut to the frame's size, where
 * the fill runs through all 256 octet values (so a 255- or 256-octet frame holds each of them, newline and NUL
 * included) and depends on the sequence number and the frame's index. A shorter frame is a prefix of that, so the
 * size-1 frame is just the tag; its place among the numbered messages identifies it. The tag is {@value #TOPIC} for the messages that must arrive, which makes it
 * the topic a subscriber subscribes to; {@value #OTHER_TOPIC} marks messages that must not.
 */
final class MessagePlan {
    static final byte TOPIC = 'A';
    static final byte OTHER_TOPIC = 'B';

    /** Single-frame sizes: empty, one octet, the short/long frame boundary (RFC 23: 255 short, 256 long), 64 KiB, 1 MiB. */
    static final List<Integer> SIZES = List.of(0, 1, 255, 256, 64 * 1024, 1024 * 1024);

    /** The size of the short message that ends every plan, after which nothing else may arrive. */
    private static final int END_SIZE = 16;

    private static final int PROBE_SEQ = 0x7fff_fffe;

    private MessagePlan() {}

    /** How many small messages {@link #plan(int, boolean, boolean, int) a plan} may add as one burst. */
    static final int BURST = 100;

    /** As {@link #plan(int, boolean, boolean, int)} without a burst: for exchanges that go in lockstep. */
    static List<Message> plan(int firstSeq, boolean multipart, boolean emptyFrame) {
        return plan(firstSeq, multipart, emptyFrame, 0);
    }

    /**
     * The measured messages from {@code firstSeq} on: one single-frame message per {@linkplain #SIZES size} (the empty
     * one left out when {@code emptyFrame} is false: it can match no topic), then, if {@code multipart}, two
     * three-frame messages mixing empty, one-octet and long frames, then {@code burst} messages of 0 to 300 octets
     * (every tenth of three frames if {@code multipart}), meant to be sent back to back, and last a short end marker.
     */
    static List<Message> plan(int firstSeq, boolean multipart, boolean emptyFrame, int burst) {
        List<Message> messages = new ArrayList<>();
        int seq = firstSeq;
        for (int size : SIZES) {
            if (size > 0 || emptyFrame) {
                messages.add(Message.of(frame(TOPIC, seq++, 0, size)));
            }
        }
        if (multipart) {
            messages.add(Message.of(frame(TOPIC, seq, 0, 1), frame(TOPIC, seq, 1, 0), frame(TOPIC, seq, 2, 300)));
            seq++;
            messages.add(Message.of(frame(TOPIC, seq, 0, 256), frame(TOPIC, seq, 1, 255), frame(TOPIC, seq, 2, 0)));
            seq++;
        }
        for (int k = 0; k < burst; k++, seq++) {
            int size = Math.max(emptyFrame ? 0 : 1, k * 37 % 301);
            messages.add(
                    multipart && k % 10 == 9
                            ? Message.of(
                                    frame(TOPIC, seq, 0, size),
                                    frame(TOPIC, seq, 1, 0),
                                    frame(TOPIC, seq, 2, k * 53 % 300))
                            : Message.of(frame(TOPIC, seq, 0, size)));
        }
        messages.add(Message.of(frame(TOPIC, seq, 0, END_SIZE)));
        return List.copyOf(messages);
    }

    /** A message the filter must hold back: first frame tagged {@value #OTHER_TOPIC}, also when a later one matches. */
    static Message offTopic(int seq, boolean multipart) {
        return multipart
                ? Message.of(frame(OTHER_TOPIC, seq, 0, 1), frame(TOPIC, seq, 1, END_SIZE))
                : Message.of(frame(OTHER_TOPIC, seq, 0, END_SIZE));
    }

    /** The message sent until a subscription or join has taken effect; skipped before the measured ones. */
    static Message probe() {
        return Message.of(frame(TOPIC, PROBE_SEQ, 0, END_SIZE));
    }

    static boolean isProbe(Message message) {
        return message.size() == 1
                && isPlanFrame(message.frames().get(0))
                && seq(message.frames().get(0)) == PROBE_SEQ;
    }

    static byte[] frame(byte tag, int seq, int part, int size) {
        byte[] frame = new byte[size];
        for (int i = 0; i < size; i++) {
            frame[i] = switch (i) {
                case 0 -> tag;
                case 1, 2, 3, 4 -> (byte) (seq >>> (8 * (4 - i)));
                case 5 -> (byte) part;
                default -> (byte) (i * 131 + seq * 29 + part * 7);
            };
        }
        return frame;
    }

    /** A frame long enough to carry its tag, sequence number and index. */
    private static boolean isPlanFrame(byte[] frame) {
        return frame.length > 5 && (frame[0] == TOPIC || frame[0] == OTHER_TOPIC);
    }

    private static int seq(byte[] frame) {
        return (frame[1] & 0xff) << 24 | (frame[2] & 0xff) << 16 | (frame[3] & 0xff) << 8 | (frame[4] & 0xff);
    }

    /**
     * A message in brief, for failure messages: each plan frame as tag, sequence number, index and size ({@code
     * A#3.0 (256 B)}), other frames as text or hex; then the routing id and group if any. A reordered, lost or
     * repeated message shows as the wrong sequence number.
     */
    static String describe(Message message) {
        if (isProbe(message)) {
            return "probe" + message.group().map(group -> " group=" + group).orElse("");
        }
        StringJoiner frames = new StringJoiner(", ", "[", "]");
        for (byte[] frame : message.frames()) {
            frames.add(describe(frame));
        }
        StringBuilder out = new StringBuilder(frames.toString());
        message.routingId().ifPresent(id -> out.append(" routing-id=").append(Integer.toUnsignedString(id)));
        message.group().ifPresent(group -> out.append(" group=").append(group));
        return out.toString();
    }

    private static String describe(byte[] frame) {
        if (isPlanFrame(frame)) {
            return String.format("%c#%d.%d (%d B)", (char) frame[0], seq(frame), frame[5], frame.length);
        }
        boolean printable = true;
        for (byte b : frame) {
            printable &= b >= 0x20 && b < 0x7f;
        }
        if (printable && frame.length <= 32) {
            return '"' + new String(frame, StandardCharsets.US_ASCII) + '"';
        }
        int shown = Math.min(frame.length, 16);
        return "0x" + HexFormat.of().formatHex(frame, 0, shown)
                + (shown < frame.length ? "... (" + frame.length + " B)" : "");
    }

    /**
     * Asserts that {@code received} is {@code expected} octet for octet, frame for frame, with the same group; its
     * routing id is the caller's business. {@code what} says which message of which stream it was.
     */
    static void assertSame(String what, Message received, Message expected) {
        Message content = withoutRoutingId(received);
        assertThat(describe(content)).as(what).isEqualTo(describe(expected));
        if (!content.equals(expected)) {
            throw new AssertionError(what + ": " + firstDifference(content.frames(), expected.frames()));
        }
    }

    static Message withoutRoutingId(Message message) {
        Message plain = Message.of(message.frames());
        return message.group().map(plain::withGroup).orElse(plain);
    }

    private static String firstDifference(List<byte[]> actual, List<byte[]> expected) {
        for (int f = 0; f < Math.min(actual.size(), expected.size()); f++) {
            byte[] a = actual.get(f);
            byte[] e = expected.get(f);
            for (int i = 0; i < Math.min(a.length, e.length); i++) {
                if (a[i] != e[i]) {
                    return String.format(
                            "frame %d differs first at octet %d: expected %02x, got %02x",
                            f, i, e[i] & 0xff, a[i] & 0xff);
                }
            }
            if (a.length != e.length) {
                return "frame " + f + " has " + a.length + " octets, expected " + e.length;
            }
        }
        return actual.size() + " frames, expected " + expected.size();
    }
}
