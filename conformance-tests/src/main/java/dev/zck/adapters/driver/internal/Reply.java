package dev.zck.adapters.driver.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zck.spi.ErrorKind;

/**
 * A well-formed reply: {@code result} when the driver answered ok, else {@code errorKind} and {@code errorMessage};
 * with the line it came on, for reporting a malformed result.
 */
record Reply(long lineNumber, String quotedLine, JsonNode result, ErrorKind errorKind, String errorMessage) {
    static Reply ok(long lineNumber, String quotedLine, JsonNode result) {
        return new Reply(lineNumber, quotedLine, result, null, null);
    }

    static Reply error(long lineNumber, String quotedLine, ErrorKind kind, String message) {
        return new Reply(lineNumber, quotedLine, null, kind, message);
    }

    boolean isOk() {
        return errorKind == null;
    }
}
