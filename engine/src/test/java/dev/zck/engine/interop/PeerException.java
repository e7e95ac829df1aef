package dev.zck.engine.interop;

/**
 * A {@link HandshakePeer} could not do what was asked: its library is missing, its process died, a send was refused.
 * The message says which peer, what happened and, for a process, the last lines it wrote on stderr.
 */
public final class PeerException extends RuntimeException {
    PeerException(String message) {
        super(message);
    }

    PeerException(String message, Throwable cause) {
        super(message, cause);
    }
}
