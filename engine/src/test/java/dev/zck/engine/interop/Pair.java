package dev.zck.engine.interop;

import dev.zck.spi.SocketType;

/** A libzmq peer and a JeroMQ peer connected to each other, the libzmq one binding or connecting. */
record Pair(HandshakePeer libzmq, HandshakePeer jeromq) implements AutoCloseable {
    private static final String ANY_PORT = "tcp://127.0.0.1:0";

    static Pair start(SocketType libzmqType, Role libzmqRole, SocketType jeromqType) {
        if (libzmqRole == Role.BIND) {
            HandshakePeer libzmq = HandshakePeers.pyzmq().start(libzmqType, Role.BIND, ANY_PORT);
            return new Pair(
                    libzmq,
                    startOrClose(
                            libzmq, () -> HandshakePeers.jeromq().start(jeromqType, Role.CONNECT, libzmq.endpoint())));
        }
        HandshakePeer jeromq = HandshakePeers.jeromq().start(jeromqType, Role.BIND, ANY_PORT);
        return new Pair(
                startOrClose(jeromq, () -> HandshakePeers.pyzmq().start(libzmqType, Role.CONNECT, jeromq.endpoint())),
                jeromq);
    }

    private static HandshakePeer startOrClose(HandshakePeer first, java.util.function.Supplier<HandshakePeer> second) {
        try {
            return second.get();
        } catch (RuntimeException e) {
            first.close();
            throw e;
        }
    }

    @Override
    public void close() {
        try {
            libzmq.close();
        } finally {
            jeromq.close();
        }
    }
}
