package dev.zck.spi;

import java.util.Objects;

/**
 * A failed SPI call. The {@link #kind()} is what the kit judges; the message is evidence for the report.
 */
public class ZmqException extends Exception {
    private static final long serialVersionUID = 1L;

    private final ErrorKind kind;

    public ZmqException(ErrorKind kind, String message) {
        super(message);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    public ZmqException(ErrorKind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = Objects.requireNonNull(kind, "kind");
    }

    /** Which of the closed set of failures this is. */
    public ErrorKind kind() {
        return kind;
    }

    @Override
    public String toString() {
        return kind + ": " + getMessage();
    }
}
