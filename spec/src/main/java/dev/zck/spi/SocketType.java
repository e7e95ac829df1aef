package dev.zck.spi;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * ZeroMQ socket types, with the name sent in the ZMTP 3.x {@code Socket-Type} property and the numeric code libzmq
 * uses (which is also the ZMTP 2.0 socket-type octet for the types that existed then).
 *
 * <p>Draft types are the thread-safe types of ZMTP 3.1 (RFC 37 and the pattern RFCs 41, 48, 49, 51, 52): they send
 * and receive single-part messages only.
 */
public enum SocketType {
    PAIR(0, false),
    PUB(1, false),
    SUB(2, false),
    REQ(3, false),
    REP(4, false),
    DEALER(5, false),
    ROUTER(6, false),
    PULL(7, false),
    PUSH(8, false),
    XPUB(9, false),
    XSUB(10, false),
    SERVER(12, true),
    CLIENT(13, true),
    RADIO(14, true),
    DISH(15, true),
    GATHER(16, true),
    SCATTER(17, true),
    PEER(19, true),
    CHANNEL(20, true);

    private final int code;
    private final boolean draft;

    SocketType(int code, boolean draft) {
        this.code = code;
        this.draft = draft;
    }

    /** The libzmq socket-type constant ({@code ZMQ_PUSH} = 8, ...); for PAIR..XSUB also the ZMTP 2.0 octet. */
    public int code() {
        return code;
    }

    /** The exact value of the ZMTP 3.x {@code Socket-Type} metadata property. */
    public String zmtpName() {
        return name();
    }

    /** True for the draft, thread-safe, single-part types (CLIENT, SERVER, RADIO, DISH, ...). */
    public boolean isDraft() {
        return draft;
    }

    /** True when this type can only send and receive single-part messages. */
    public boolean isSinglePart() {
        return draft;
    }

    /**
     * The peer types this type may complete a ZMTP handshake with (RFC 23 and RFC 37 socket-type table; libzmq's
     * {@code mechanism_t::check_socket_type} is identical).
     */
    public Set<SocketType> compatiblePeers() {
        return switch (this) {
            case REQ -> EnumSet.of(REP, ROUTER);
            case REP -> EnumSet.of(REQ, DEALER);
            case DEALER -> EnumSet.of(REP, DEALER, ROUTER);
            case ROUTER -> EnumSet.of(REQ, DEALER, ROUTER);
            case PUB, XPUB -> EnumSet.of(SUB, XSUB);
            case SUB, XSUB -> EnumSet.of(PUB, XPUB);
            case PUSH -> EnumSet.of(PULL);
            case PULL -> EnumSet.of(PUSH);
            case PAIR -> EnumSet.of(PAIR);
            case CLIENT -> EnumSet.of(SERVER);
            case SERVER -> EnumSet.of(CLIENT);
            case RADIO -> EnumSet.of(DISH);
            case DISH -> EnumSet.of(RADIO);
            case SCATTER -> EnumSet.of(GATHER);
            case GATHER -> EnumSet.of(SCATTER);
            case PEER -> EnumSet.of(PEER);
            case CHANNEL -> EnumSet.of(CHANNEL);
        };
    }

    /** True when a handshake between this type and {@code peer} must succeed. */
    public boolean isCompatibleWith(SocketType peer) {
        return compatiblePeers().contains(peer);
    }

    /** The type whose {@code Socket-Type} value is {@code name}, compared without regard to case (RFC 23). */
    public static Optional<SocketType> fromZmtpName(String name) {
        String upper = name.toUpperCase(Locale.ROOT);
        for (SocketType type : values()) {
            if (type.zmtpName().equals(upper)) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }

    /** The type with the given libzmq code, if any. */
    public static Optional<SocketType> fromCode(int code) {
        for (SocketType type : values()) {
            if (type.code == code) {
                return Optional.of(type);
            }
        }
        return Optional.empty();
    }
}
