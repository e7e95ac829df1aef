package dev.zck.engine.rawpeer;

/** Short hex renderings for failure messages: never more than {@value #MAX_SHOWN} octets. */
final class HexDump {
    static final int MAX_SHOWN = 64;

    private HexDump() {}

    /**
     * Describes {@code total} octets of which {@code head} holds the first ones (at least {@code min(total, 64)}).
     * Gives "nothing", "3 octets: ff 00 7f" or "100 octets (first 64 shown): ...".
     */
    static String describe(byte[] head, long total) {
        if (total <= 0) {
            return "nothing";
        }
        if (total <= MAX_SHOWN) {
            return total + (total == 1 ? " octet: " : " octets: ") + hex(head, 0, (int) total);
        }
        return total + " octets (first " + MAX_SHOWN + " shown): " + hex(head, 0, MAX_SHOWN) + " ...";
    }

    /** Describes a whole array the same way. */
    static String describe(byte[] bytes) {
        return describe(bytes, bytes.length);
    }

    /**
     * Up to 64 octets of {@code bytes} around {@code offset}, labelled with their position, for showing where two
     * sequences differ even when the difference is far into them.
     */
    static String window(byte[] bytes, int offset) {
        int from = offset < MAX_SHOWN - 16 ? 0 : offset - 16;
        int to = Math.min(bytes.length, from + MAX_SHOWN);
        if (from == 0 && to == bytes.length) {
            return hex(bytes, 0, to);
        }
        return "[octets " + from + ".." + (to - 1) + " of " + bytes.length + "] " + hex(bytes, from, to);
    }

    static String hex(byte[] bytes, int from, int to) {
        StringBuilder text = new StringBuilder(Math.max(0, to - from) * 3);
        for (int i = from; i < to; i++) {
            if (i > from) {
                text.append(' ');
            }
            text.append(Character.forDigit((bytes[i] >> 4) & 0xf, 16)).append(Character.forDigit(bytes[i] & 0xf, 16));
        }
        return text.toString();
    }
}
