package dev.zck.engine.interop;

/** Whether a {@link HandshakePeer} binds (and accepts) or connects. */
public enum Role {
    BIND,
    CONNECT;

    /** The word the pyzmq driver script takes on its command line. */
    String argument() {
        return this == BIND ? "bind" : "connect";
    }
}
