package dev.zck.engine.socket.internal;

import dev.zck.spi.SocketType;
import io.netty.channel.EventLoop;
import java.util.EnumSet;
import java.util.Set;

/** Creates the core of each socket type. */
public final class Sockets {
    private Sockets() {}

    /** The types {@link #create} can make: all of them. */
    public static Set<SocketType> implemented() {
        return EnumSet.allOf(SocketType.class);
    }

    public static SocketCore create(SocketType type, EngineRuntime runtime, EventLoop loop) {
        return switch (type) {
            case PUSH, SCATTER -> new PushSocket(type, runtime, loop);
            case PULL, GATHER -> new PullSocket(type, runtime, loop);
            case PAIR, CHANNEL -> new PairSocket(type, runtime, loop);
            case DEALER, CLIENT -> new DealerSocket(type, runtime, loop);
            case ROUTER -> new RouterSocket(runtime, loop);
            case REQ -> new ReqSocket(runtime, loop);
            case REP -> new RepSocket(runtime, loop);
            case PUB, XPUB -> new PubSocket(type, runtime, loop);
            case SUB, XSUB -> new SubSocket(type, runtime, loop);
            case SERVER, PEER -> new ServerSocket(type, runtime, loop);
            case RADIO -> new RadioSocket(runtime, loop);
            case DISH -> new DishSocket(runtime, loop);
        };
    }
}
