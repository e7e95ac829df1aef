package dev.zck.engine.rawpeer;

import java.util.Objects;

/**
 * Why a raw-peer expectation failed. It is unchecked (a {@link RuntimeException}, not an {@link AssertionError}) so a
 * suite can tell a wrong peer ({@link Kind#UNEXPECTED}, {@link Kind#CLOSED}, ...) from a broken test set-up
 * ({@link Kind#IO}) by its kind and report each accordingly; under plain JUnit it shows as an error with a message that
 * says what was expected, what arrived (hex, at most 64 octets shown) and after how long.
 */
public final class RawPeerException extends RuntimeException {

    /** What went wrong, so suites can map failures to verdicts without parsing messages. */
    public enum Kind {
        /** Nothing (or not enough) arrived, or the connection stayed open, within the timeout; or a send stalled. */
        TIMEOUT,
        /** The other side closed (EOF) or reset the connection while something else was expected. */
        CLOSED,
        /** Octets arrived but were not the expected ones (or arrived during an expected silence). */
        UNEXPECTED,
        /** The octets do not parse as the ZMTP structure that was asked for. */
        MALFORMED,
        /** A frame's size field is above the peer's limit; the body was neither read nor allocated. */
        TOO_LARGE,
        /** A local problem: connect or bind failed, or this raw peer was already closed. */
        IO
    }

    private final Kind kind;

    RawPeerException(Kind kind, String message) {
        this(kind, message, null);
    }

    RawPeerException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** The failure's category. */
    public Kind kind() {
        return kind;
    }
}
