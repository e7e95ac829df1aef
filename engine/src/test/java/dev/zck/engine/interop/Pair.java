package dev.zck.engine.interop;

import dev.zck.spi.SocketType;
import java.util.function.Supplier;

/**
 * A libzmq peer (through pyzmq or zeromq.js) and a JeroMQ peer connected to each other, the libzmq one binding or
 * connecting.
 */
record Pair(HandshakePeer libzmq, HandshakePeer jeromq) implements AutoCloseable {
    private static final String ANY_PORT = "tcp://127.0.0.1:0";

    static Pair start(
            HandshakePeerFactory libzmqDriver, SocketType libzmqType, Role libzmqRole, SocketType jeromqType) {
        if (libzmqRole == Role.BIND) {
            HandshakePeer libzmq = libzmqDriver.start(libzmqType, Role.BIND, ANY_PORT);
            return new Pair(
                    libzmq,
                    startOrClose(
                            libzmq, () -> HandshakePeers.jeromq().start(jeromqType, Role.CONNECT, libzmq.endpoint())));
        }
        HandshakePeer jeromq = HandshakePeers.jeromq().start(jeromqType, Role.BIND, ANY_PORT);
        return new Pair(
                startOrClose(jeromq, () -> libzmqDriver.start(libzmqType, Role.CONNECT, jeromq.endpoint())), jeromq);
    }

    private static HandshakePeer startOrClose(HandshakePeer first, Supplier<HandshakePeer> second) {
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
