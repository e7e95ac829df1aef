package dev.zck.engine.rawpeer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

/**
 * A 64-octet ZMTP 3.x greeting as received, with its fields decoded but nothing validated, so a test can check each
 * field against the rule it is about (signature, version, mechanism, as-server).
 *
 * @param raw the 64 octets as they arrived
 * @param signatureOk octet 0 is FF and octet 9 is 7F (the padding in between is not looked at)
 * @param major octet 10
 * @param minor octet 11
 * @param mechanism octets 12 to 31 as ASCII with the trailing NUL padding removed
 * @param asServer octet 32 is not zero
 */
public record RawGreeting(byte[] raw, boolean signatureOk, int major, int minor, String mechanism, boolean asServer) {

    /** The greeting's fixed length. */
    public static final int SIZE = 64;

    public RawGreeting {
        raw = raw.clone();
        Objects.requireNonNull(mechanism, "mechanism");
    }

    /**
     * Decodes a greeting.
     *
     * @throws IllegalArgumentException if {@code raw} is not 64 octets long
     */
    public static RawGreeting parse(byte[] raw) {
        if (raw.length != SIZE) {
            throw new IllegalArgumentException("a greeting is " + SIZE + " octets, got " + raw.length);
        }
        int end = 32;
        while (end > 12 && raw[end - 1] == 0) {
            end--;
        }
        return new RawGreeting(
                raw,
                (raw[0] & 0xff) == 0xff && raw[9] == 0x7f,
                raw[10] & 0xff,
                raw[11] & 0xff,
                new String(raw, 12, end - 12, StandardCharsets.ISO_8859_1),
                raw[32] != 0);
    }

    @Override
    public byte[] raw() {
        return raw.clone();
    }

    /** Octets 1 to 8, which a receiver must not interpret. */
    public byte[] padding() {
        return Arrays.copyOfRange(raw, 1, 9);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof RawGreeting greeting
                && Arrays.equals(greeting.raw, raw)
                && greeting.signatureOk == signatureOk
                && greeting.major == major
                && greeting.minor == minor
                && greeting.mechanism.equals(mechanism)
                && greeting.asServer == asServer;
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(raw) + Objects.hash(signatureOk, major, minor, mechanism, asServer);
    }

    @Override
    public String toString() {
        return "RawGreeting[signatureOk=" + signatureOk + ", version=" + major + "." + minor + ", mechanism="
                + mechanism + ", asServer=" + asServer + ", raw=" + HexDump.describe(raw) + "]";
    }
}
