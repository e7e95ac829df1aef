package dev.zck.engine.socket.internal;

import java.util.Arrays;

/** An octet string usable as a map key: routing ids, topics, groups. */
record Blob(byte[] bytes) {
    Blob {
        bytes = bytes.clone();
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    boolean isPrefixOf(byte[] data) {
        if (data.length < bytes.length) {
            return false;
        }
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] != data[i]) {
                return false;
            }
        }
        return true;
    }

    int length() {
        return bytes.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Blob b && Arrays.equals(b.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b));
        }
        return out.toString();
    }
}
