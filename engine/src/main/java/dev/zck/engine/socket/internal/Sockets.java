package dev.zck.engine.socket.internal;

import dev.zck.spi.ErrorKind;
import dev.zck.spi.SocketType;
import dev.zck.spi.ZmqException;
import io.netty.channel.EventLoop;
import java.util.EnumSet;
import java.util.Set;

/** Creates the core of each socket type the engine implements. */
public final class Sockets {
    private Sockets() {}

    /** The types {@link #create} can make. */
    public static Set<SocketType> implemented() {
        return EnumSet.of(SocketType.PUSH, SocketType.PULL, SocketType.PAIR, SocketType.DEALER);
    }

    public static SocketCore create(SocketType type, EngineRuntime runtime, EventLoop loop) throws ZmqException {
        return switch (type) {
            case PUSH -> new PushSocket(runtime, loop);
            case PULL -> new PullSocket(runtime, loop);
            case PAIR -> new PairSocket(runtime, loop);
            case DEALER -> new DealerSocket(runtime, loop);
            default ->
                throw new ZmqException(
                        ErrorKind.UNSUPPORTED, "the reference engine does not implement " + type + " yet");
        };
    }
}
