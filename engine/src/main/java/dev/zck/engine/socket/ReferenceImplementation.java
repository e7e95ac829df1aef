package dev.zck.engine.socket;

import dev.zck.engine.socket.internal.EngineRuntime;
import dev.zck.engine.socket.internal.Sockets;
import dev.zck.spec.KitInfo;
import dev.zck.spi.Capabilities;
import dev.zck.spi.ErrorKind;
import dev.zck.spi.ImplementationInfo;
import dev.zck.spi.Mechanism;
import dev.zck.spi.SocketEvent;
import dev.zck.spi.SocketOption;
import dev.zck.spi.SocketType;
import dev.zck.spi.Transport;
import dev.zck.spi.ZmqException;
import dev.zck.spi.ZmqImplementation;
import dev.zck.spi.ZmqSocket;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;

/**
 * The reference engine as an SPI implementation: the peer every other implementation is compared with. Sockets are
 * spread over a small group of event loops (one by default); each socket and all its connections live on one loop.
 */
public final class ReferenceImplementation implements ZmqImplementation {
    /** LINGER -1 (forever) is cut to this on close, so that a kit run can never hang on a socket. */
    public static final Duration MAX_LINGER = Duration.ofSeconds(5);

    private final EventLoopGroup group;
    private final EngineRuntime runtime = EngineRuntime.standard();
    private final Queue<Future<Void>> lingering = new ConcurrentLinkedQueue<>();

    public ReferenceImplementation() {
        this(1);
    }

    /** @param ioThreads event loops to spread sockets over */
    public ReferenceImplementation(int ioThreads) {
        this.group = new MultiThreadIoEventLoopGroup(ioThreads, NioIoHandler.newFactory());
    }

    @Override
    public ImplementationInfo info() {
        return new ImplementationInfo(
                "zck-reference", KitInfo.version(), "Java", "Netty-based reference ZMTP 3.1 engine");
    }

    @Override
    public Capabilities capabilities() {
        return Capabilities.builder()
                .socketTypes(Sockets.implemented())
                .transports(Transport.TCP, Transport.INPROC)
                .mechanisms(Mechanism.NULL)
                .options(
                        SocketOption.SNDHWM,
                        SocketOption.RCVHWM,
                        SocketOption.LINGER,
                        SocketOption.RECONNECT_IVL,
                        SocketOption.RECONNECT_IVL_MAX,
                        SocketOption.IMMEDIATE,
                        SocketOption.ROUTING_ID,
                        SocketOption.SUBSCRIBE,
                        SocketOption.UNSUBSCRIBE,
                        SocketOption.JOIN,
                        SocketOption.LEAVE,
                        SocketOption.ROUTER_MANDATORY,
                        SocketOption.ROUTER_HANDOVER,
                        SocketOption.PROBE_ROUTER,
                        SocketOption.XPUB_NODROP,
                        SocketOption.XPUB_VERBOSE,
                        SocketOption.REQ_RELAXED,
                        SocketOption.REQ_CORRELATE,
                        SocketOption.HEARTBEAT_IVL,
                        SocketOption.HEARTBEAT_TTL,
                        SocketOption.HEARTBEAT_TIMEOUT,
                        SocketOption.MAXMSGSIZE,
                        SocketOption.HANDSHAKE_IVL,
                        SocketOption.CONFLATE)
                .events(SocketEvent.Kind.values())
                .build();
    }

    @Override
    public ZmqSocket socket(SocketType type) throws ZmqException {
        if (group.isShuttingDown()) {
            throw new ZmqException(ErrorKind.TERMINATED, "ETERM: the engine was closed");
        }
        return new ReferenceSocket(Sockets.create(type, runtime, group.next()), MAX_LINGER, lingering::add);
    }

    /** Waits for closed sockets to finish lingering (at most {@link #MAX_LINGER}), then stops the event loops. */
    @Override
    public void close() {
        long deadline = System.nanoTime() + MAX_LINGER.toNanos();
        for (Future<Void> socket : lingering) {
            socket.awaitUninterruptibly(Math.max(0, (deadline - System.nanoTime()) / 1_000_000));
        }
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(MAX_LINGER.toMillis());
    }
}
