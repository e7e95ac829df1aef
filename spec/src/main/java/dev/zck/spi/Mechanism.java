package dev.zck.spi;

import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * ZMTP security mechanisms, carrying the name written (NUL-padded to 20 octets) in the greeting's mechanism field.
 */
public enum Mechanism {
    NULL("NULL"),
    PLAIN("PLAIN"),
    CURVE("CURVE");

    /** Size of the greeting's mechanism field. */
    public static final int FIELD_SIZE = 20;

    private final String wireName;

    Mechanism(String wireName) {
        this.wireName = wireName;
    }

    /** The mechanism name as it appears in the greeting, without padding. */
    public String wireName() {
        return wireName;
    }

    /** The 20-octet greeting field: the ASCII name followed by NUL octets. */
    public byte[] field() {
        byte[] field = new byte[FIELD_SIZE];
        byte[] name = wireName.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, field, 0, name.length);
        return field;
    }

    /** The mechanism whose name is {@code wireName} exactly (the comparison is case-sensitive, as on the wire). */
    public static Optional<Mechanism> fromWireName(String wireName) {
        for (Mechanism mechanism : values()) {
            if (mechanism.wireName.equals(wireName)) {
                return Optional.of(mechanism);
            }
        }
        return Optional.empty();
    }
}
