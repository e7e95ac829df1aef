package dev.zck.adapters.driver.internal;

import dev.zck.drivers.protocol.Op;
import java.util.concurrent.CompletableFuture;

/**
 * A request sent and not yet answered; the reader completes its future with the reply, or exceptionally with the
 * session's failure or termination.
 *
 * @param description the request for reports, e.g. {@code recv on socket 2, timeoutMs 1000}
 */
record Pending(long id, Op op, String description, CompletableFuture<Reply> reply) {
    Pending(long id, Op op, String description) {
        this(id, op, description, new CompletableFuture<>());
    }

    /** {@code recv on socket 2, timeoutMs 1000 (id 7)}. */
    String named() {
        return description + " (id " + id + ")";
    }
}
