package dev.zck.engine.socket.internal;

import dev.zck.engine.ZmtpMessage;
import java.util.List;

/**
 * Fair-queued receiving (RFC 28/30): takes one whole message from each pipe that has one, in turn, so that no peer
 * can starve another.
 */
final class FairQueue {
    private int next;
    private Pipe last;

    /** The next message, or null when no pipe has one; {@link #lastPipe()} tells where it came from. */
    ZmtpMessage receive(List<Pipe> pipes) {
        int n = pipes.size();
        for (int i = 0; i < n; i++) {
            int index = (next + i) % n;
            Pipe pipe = pipes.get(index);
            ZmtpMessage message = pipe.read();
            if (message != null) {
                next = (index + 1) % n;
                last = pipe;
                return message;
            }
        }
        return null;
    }

    Pipe lastPipe() {
        return last;
    }
}
