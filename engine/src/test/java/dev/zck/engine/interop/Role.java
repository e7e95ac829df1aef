package dev.zck.engine.interop;

/** Whether a {@link HandshakePeer} binds (and accepts) or connects. */
public enum Role {
    BIND,
    CONNECT;

    /** The word the peer scripts take: on pyzmq_peer.py's command line, in zeromqjs_peer.js's "open" command. */
    String argument() {
        return this == BIND ? "bind" : "connect";
    }
}
