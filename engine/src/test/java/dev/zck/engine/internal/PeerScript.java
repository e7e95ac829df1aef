package dev.zck.engine.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A peer's byte stream for the handshake fuzz test, with a map of its structure: where each field (signature, version
 * octets, flags, size fields, command name length, metadata lengths...) sits and where each frame begins, so the
 * mutator can hit structural offsets instead of only random ones.
 *
 * @param bytes the stream
 * @param fieldStart offset of each field
 * @param fieldLength length of each field
 * @param fieldKind kind of each field, one of the {@code K_} constants
 * @param boundaries offsets where a greeting part or a frame starts or ends (0 and the length included)
 * @param deliveries how many messages, subscriptions and JOIN/LEAVE the session must deliver for the stream as is
 * @param benign no ERROR, no expiring PING TTL and a compatible peer: the stream as is must leave the session open
 * @param zmtp20 the peer speaks ZMTP 2.0
 */
record PeerScript(
        byte[] bytes,
        int[] fieldStart,
        int[] fieldLength,
        byte[] fieldKind,
        int[] boundaries,
        int deliveries,
        boolean benign,
        boolean zmtp20) {

    static final byte K_SIG0 = 0;
    static final byte K_PADDING = 1;
    static final byte K_SIG9 = 2;
    static final byte K_MAJOR = 3;
    static final byte K_MINOR = 4;
    static final byte K_MECHANISM = 5;
    static final byte K_AS_SERVER = 6;
    static final byte K_FILLER = 7;
    static final byte K_FLAGS = 8;
    static final byte K_SIZE_SHORT = 9;
    static final byte K_SIZE_LONG = 10;
    static final byte K_CMD_NAME_LEN = 11;
    static final byte K_CMD_NAME = 12;
    static final byte K_META_NAME_LEN = 13;
    static final byte K_META_NAME = 14;
    static final byte K_META_VALUE_LEN = 15;
    static final byte K_META_VALUE = 16;
    static final byte K_PING_TTL = 17;
    static final byte K_Z20_TYPE = 18;
    static final byte K_Z20_ID_FLAGS = 19;
    static final byte K_Z20_ID_LEN = 20;
    static final byte K_BODY = 21;
    static final byte K_ERROR_LEN = 22;

    int fields() {
        return fieldStart.length;
    }

    /** Appends bytes while recording fields and frame boundaries. */
    static final class Builder {
        private byte[] buf = new byte[128];
        private int size;
        private int[] starts = new int[32];
        private int[] lengths = new int[32];
        private byte[] kinds = new byte[32];
        private int fields;
        private int[] bounds = new int[16];
        private int boundCount;

        int size() {
            return size;
        }

        Builder raw(byte[] bytes) {
            ensure(bytes.length);
            System.arraycopy(bytes, 0, buf, size, bytes.length);
            size += bytes.length;
            return this;
        }

        Builder octet(int value) {
            ensure(1);
            buf[size++] = (byte) value;
            return this;
        }

        Builder field(byte kind, byte[] bytes) {
            addField(kind, size, bytes.length);
            return raw(bytes);
        }

        Builder field(byte kind, int octet) {
            addField(kind, size, 1);
            return octet(octet);
        }

        Builder ascii(byte kind, String text) {
            return field(kind, text.getBytes(StandardCharsets.US_ASCII));
        }

        Builder int32(byte kind, int value) {
            return field(
                    kind,
                    new byte[] {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value});
        }

        Builder int64(byte kind, long value) {
            byte[] out = new byte[8];
            for (int i = 0; i < 8; i++) {
                out[i] = (byte) (value >>> (56 - 8 * i));
            }
            return field(kind, out);
        }

        Builder boundary() {
            if (boundCount == bounds.length) {
                bounds = Arrays.copyOf(bounds, bounds.length * 2);
            }
            bounds[boundCount++] = size;
            return this;
        }

        /** A frame: flags, short or long size, then {@code body} with its fields; boundaries around it. */
        Builder frame(int flags, boolean longForm, Builder body) {
            boundary();
            field(K_FLAGS, flags | (longForm ? 0x02 : 0));
            if (longForm) {
                int64(K_SIZE_LONG, body.size);
            } else {
                field(K_SIZE_SHORT, body.size);
            }
            int base = size;
            raw(Arrays.copyOf(body.buf, body.size));
            for (int i = 0; i < body.fields; i++) {
                addField(body.kinds[i], base + body.starts[i], body.lengths[i]);
            }
            return boundary();
        }

        /** A command body: name length, name, then data added by the caller. */
        static Builder command(String name) {
            return new Builder().field(K_CMD_NAME_LEN, name.length()).ascii(K_CMD_NAME, name);
        }

        Builder property(String name, byte[] value) {
            field(K_META_NAME_LEN, name.length()).ascii(K_META_NAME, name);
            return int32(K_META_VALUE_LEN, value.length).field(K_META_VALUE, value);
        }

        PeerScript build(int deliveries, boolean benign, boolean zmtp20) {
            boundary();
            int[] b = Arrays.stream(Arrays.copyOf(bounds, boundCount))
                    .distinct()
                    .sorted()
                    .toArray();
            if (b.length == 0 || b[0] != 0) {
                int[] withZero = new int[b.length + 1];
                System.arraycopy(b, 0, withZero, 1, b.length);
                b = withZero;
            }
            return new PeerScript(
                    Arrays.copyOf(buf, size),
                    Arrays.copyOf(starts, fields),
                    Arrays.copyOf(lengths, fields),
                    Arrays.copyOf(kinds, fields),
                    b,
                    deliveries,
                    benign,
                    zmtp20);
        }

        private void addField(byte kind, int start, int length) {
            if (fields == starts.length) {
                starts = Arrays.copyOf(starts, fields * 2);
                lengths = Arrays.copyOf(lengths, fields * 2);
                kinds = Arrays.copyOf(kinds, fields * 2);
            }
            starts[fields] = start;
            lengths[fields] = length;
            kinds[fields] = kind;
            fields++;
        }

        private void ensure(int more) {
            if (size + more > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + more));
            }
        }
    }
}
