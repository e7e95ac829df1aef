package dev.zck.engine;

import dev.zck.spi.Mechanism;
import java.nio.charset.StandardCharsets;

/**
 * The 64-octet ZMTP 3.x greeting (RFC 23 and RFC 37): signature {@code FF <8 padding> 7F}, major, minor, the
 * NUL-padded mechanism name, the as-server octet and 31 octets of filler.
 *
 * @param major octet 10
 * @param minor octet 11
 * @param mechanism the mechanism name without padding, as sent (may be one the engine does not know)
 * @param asServer octet 32
 */
public record Greeting(int major, int minor, String mechanism, boolean asServer) {
    public static final int SIZE = 64;
    /** Octets 0..9: FF, padding, 7F. */
    public static final int SIGNATURE_SIZE = 10;
    /** Octets 0..10: the signature and the major version (the revision for ZMTP 2.0). */
    public static final int SIGNATURE_AND_MAJOR_SIZE = 11;

    private static final int MECHANISM_OFFSET = 12;
    private static final int AS_SERVER_OFFSET = 32;

    /** The greeting the engine sends for a mechanism: ZMTP 3.1, as-server set only when asked to. */
    public static Greeting of(Mechanism mechanism, boolean asServer) {
        return new Greeting(3, 1, mechanism.wireName(), asServer);
    }

    /**
     * The signature the engine sends first: FF, the padding, 7F. The padding holds the big-endian 64-bit value 1,
     * which a ZMTP 1.0 peer reads as the length of an empty identity frame (RFC 23, Detecting ZMTP 1.0 and 2.0);
     * a 3.x peer ignores it.
     */
    public static byte[] signature() {
        byte[] signature = new byte[SIGNATURE_SIZE];
        signature[0] = (byte) 0xff;
        signature[8] = 1;
        signature[9] = 0x7f;
        return signature;
    }

    /** All 64 octets, signature included. */
    public byte[] encode() {
        byte[] out = new byte[SIZE];
        System.arraycopy(signature(), 0, out, 0, SIGNATURE_SIZE);
        out[10] = (byte) major;
        out[11] = (byte) minor;
        byte[] name = mechanism.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(name, 0, out, MECHANISM_OFFSET, Math.min(name.length, Mechanism.FIELD_SIZE));
        out[AS_SERVER_OFFSET] = (byte) (asServer ? 1 : 0);
        return out;
    }

    /**
     * Reads a full 3.x greeting. Padding and filler are not validated (RFC 23); the signature octets are.
     *
     * @throws ProtocolViolation when octet 0 is not FF or octet 9 not 7F, or the version is below 3
     */
    public static Greeting decode(byte[] octets) throws ProtocolViolation {
        if (octets.length != SIZE) {
            throw new IllegalArgumentException("a greeting has 64 octets, not " + octets.length);
        }
        if ((octets[0] & 0xff) != 0xff || (octets[9] & 0x01) != 1) {
            throw new ProtocolViolation(
                    "ZMTP3-GREET-SIGNATURE",
                    String.format("greeting signature is %02x..%02x, expected ff..7f", octets[0], octets[9]));
        }
        int major = octets[10] & 0xff;
        if (major < 3) {
            throw new ProtocolViolation("ZMTP3-GREET-VERSION", "greeting major version " + major + " is below 3");
        }
        int end = MECHANISM_OFFSET;
        while (end < MECHANISM_OFFSET + Mechanism.FIELD_SIZE && octets[end] != 0) {
            end++;
        }
        String mechanism = new String(octets, MECHANISM_OFFSET, end - MECHANISM_OFFSET, StandardCharsets.US_ASCII);
        return new Greeting(major, octets[11] & 0xff, mechanism, octets[AS_SERVER_OFFSET] == 1);
    }

    /** The version the engine speaks with the peer that sent this greeting. */
    public ZmtpVersion version() {
        return ZmtpVersion.forPeer3x(major, minor);
    }

    @Override
    public String toString() {
        return "Greeting[" + major + "." + minor + " " + mechanism + (asServer ? " as-server" : "") + "]";
    }
}
