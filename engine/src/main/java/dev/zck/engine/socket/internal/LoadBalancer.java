package dev.zck.engine.socket.internal;

import dev.zck.engine.ZmtpMessage;
import java.util.List;

/**
 * Round-robin sending (RFC 28/30): each message goes to the next pipe, in turn, that has room; a full pipe is
 * skipped; when every pipe is full, or there is none, the send waits (would block).
 */
final class LoadBalancer {
    private int next;

    /** The pipe that took the message, or null when none could. */
    Pipe send(List<Pipe> pipes, ZmtpMessage message) {
        int n = pipes.size();
        for (int i = 0; i < n; i++) {
            int index = (next + i) % n;
            Pipe pipe = pipes.get(index);
            if (pipe.canWrite() && pipe.write(message)) {
                pipe.flush();
                next = (index + 1) % n;
                return pipe;
            }
        }
        return null;
    }

    /** True when some pipe has room. */
    boolean canSend(List<Pipe> pipes) {
        for (Pipe pipe : pipes) {
            if (pipe.canWrite()) {
                return true;
            }
        }
        return false;
    }
}
