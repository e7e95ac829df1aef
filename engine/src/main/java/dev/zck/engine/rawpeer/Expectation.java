package dev.zck.engine.rawpeer;

import dev.zck.engine.rawpeer.RawPeerException.Kind;
import java.io.IOException;
import java.time.Duration;

/**
 * One bounded read operation of a {@link RawPeer}: what it expects, when it started, its deadline, and a transcript of
 * the octets that arrived during it (the first 64 kept for the failure message, all counted).
 */
final class Expectation {
    private final WireReader reader;
    private final String description;
    private final long startNanos;
    private final long deadlineNanos;
    private final byte[] head = new byte[HexDump.MAX_SHOWN];
    private long total;

    /**
     * @param description what is expected, e.g. "a frame within 200 ms"
     */
    Expectation(WireReader reader, String description, Duration budget) {
        this.reader = reader;
        this.description = description;
        this.startNanos = System.nanoTime();
        this.deadlineNanos = startNanos + saturatedNanos(budget);
    }

    /** Reads exactly {@code n} octets or fails with TIMEOUT or CLOSED. */
    byte[] readExactly(int n) {
        byte[] out = new byte[n];
        int offset = 0;
        while (offset < n) {
            int got = poll(out, offset, n - offset);
            if (got == 0) {
                throw fail(Kind.TIMEOUT, "timed out");
            }
            if (got < 0) {
                throw fail(Kind.CLOSED, reader.endDescription());
            }
            offset += got;
        }
        return out;
    }

    /**
     * Reads what arrives before the deadline, recording it in the transcript.
     *
     * @return octets read; 0 when the deadline passed; -1 when the stream has ended
     */
    int poll(byte[] buffer, int offset, int length) {
        int n;
        try {
            n = reader.read(buffer, offset, length, deadlineNanos);
        } catch (IOException e) {
            throw fail(Kind.IO, "this raw peer's socket was closed locally (" + e.getMessage() + ")", null, e);
        }
        if (n > 0) {
            record(buffer, offset, n);
        }
        return n;
    }

    /** Adds octets that were read without {@link #poll} (e.g. a non-blocking drain) to the transcript. */
    void record(byte[] buffer, int offset, int n) {
        if (total < head.length) {
            int keep = (int) Math.min(n, head.length - total);
            System.arraycopy(buffer, offset, head, (int) total, keep);
        }
        total += n;
    }

    String endDescription() {
        return reader.endDescription();
    }

    RawPeerException fail(Kind kind, String outcome) {
        return fail(kind, outcome, null, null);
    }

    RawPeerException fail(Kind kind, String outcome, String detail, Throwable cause) {
        return new RawPeerException(
                kind, message(description, outcome, startNanos, detail, HexDump.describe(head, total)), cause);
    }

    /**
     * The common failure message: "expected DESCRIPTION; OUTCOME after N ms[; DETAIL][; arrived ARRIVED]". A null
     * detail or arrived is left out.
     */
    static String message(String description, String outcome, long startNanos, String detail, String arrived) {
        long elapsedMillis = (System.nanoTime() - startNanos) / 1_000_000;
        StringBuilder message = new StringBuilder("expected ")
                .append(description)
                .append("; ")
                .append(outcome)
                .append(" after ")
                .append(elapsedMillis)
                .append(" ms");
        if (detail != null) {
            message.append("; ").append(detail);
        }
        if (arrived != null) {
            message.append("; arrived ").append(arrived);
        }
        return message.toString();
    }

    static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE / 4;
        }
    }
}
