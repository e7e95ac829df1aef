package dev.zck.engine;

/**
 * ZMTP protocol versions the engine tells apart, carrying the greeting octets that announce them. Version 1.0 has no
 * revision octet; 2.0 announces revision 01 at octet 10; 3.x announces major 03 at octet 10 and the minor at 11.
 */
public enum ZmtpVersion {
    ZMTP_1_0(-1, -1),
    ZMTP_2_0(1, -1),
    ZMTP_3_0(3, 0),
    ZMTP_3_1(3, 1);

    private final int major;
    private final int minor;

    ZmtpVersion(int major, int minor) {
        this.major = major;
        this.minor = minor;
    }

    /** Octet 10 of the greeting (the revision for 2.0), or -1 for 1.0, which has none. */
    public int major() {
        return major;
    }

    /** Octet 11 of a 3.x greeting, or -1 before 3.0. */
    public int minor() {
        return minor;
    }

    /** True for 3.1, which has PING/PONG and command-form subscriptions. */
    public boolean atLeast31() {
        return this == ZMTP_3_1;
    }

    /**
     * The version to speak with a 3.x peer announcing {@code major.minor}: its own when 3.0, otherwise ours (3.1),
     * since a peer must accept higher versions and speak its own (RFC 23, Version Negotiation).
     */
    public static ZmtpVersion forPeer3x(int major, int minor) {
        if (major < 3) {
            throw new IllegalArgumentException("not a 3.x peer: major " + major);
        }
        return major == 3 && minor == 0 ? ZMTP_3_0 : ZMTP_3_1;
    }

    @Override
    public String toString() {
        return switch (this) {
            case ZMTP_1_0 -> "ZMTP/1.0";
            case ZMTP_2_0 -> "ZMTP/2.0";
            case ZMTP_3_0 -> "ZMTP/3.0";
            case ZMTP_3_1 -> "ZMTP/3.1";
        };
    }
}
