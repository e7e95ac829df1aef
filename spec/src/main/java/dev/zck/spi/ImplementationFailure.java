package dev.zck.spi;

import java.util.Objects;

/**
 * The implementation under test failed as a program, not as a ZeroMQ socket: its process crashed, it stopped
 * answering, or it broke the protocol the kit speaks with it. Unchecked, because any SPI call can meet it; the kit
 * turns it into a CRASHED, HUNG or PROTOCOL_ERROR verdict for the check that was running and goes on with the next.
 */
public class ImplementationFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** What went wrong, which is also the verdict the check gets. */
    public enum Kind {
        /** The process exited without being asked to. */
        CRASHED,
        /** A reply did not arrive within the kit's timeout. */
        HUNG,
        /** The implementation said something the protocol does not allow. */
        PROTOCOL_ERROR
    }

    private final Kind kind;

    public ImplementationFailure(Kind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public ImplementationFailure(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public Kind kind() {
        return kind;
    }

    @Override
    public String toString() {
        return kind + ": " + getMessage();
    }
}
