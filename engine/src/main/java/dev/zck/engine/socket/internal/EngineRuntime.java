package dev.zck.engine.socket.internal;

import dev.zck.engine.transport.TcpTransport;
import dev.zck.engine.transport.Transport;
import io.netty.channel.EventLoop;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What sockets share: how to make a transport for an endpoint scheme on a given event loop, and the inproc names.
 * The real runtime maps {@code tcp} to {@link TcpTransport}; the simulator maps it to its simulated network.
 */
public final class EngineRuntime {
    private final Map<String, Function<EventLoop, Transport>> transports;
    private final InprocRegistry inproc = new InprocRegistry();

    public EngineRuntime(Map<String, Function<EventLoop, Transport>> transports) {
        this.transports = Map.copyOf(transports);
    }

    /** TCP over NIO on the socket's own event loop. */
    public static EngineRuntime standard() {
        return new EngineRuntime(Map.of("tcp", TcpTransport::new));
    }

    Optional<Transport> transport(String scheme, EventLoop loop) {
        Function<EventLoop, Transport> factory = transports.get(scheme);
        return factory == null ? Optional.empty() : Optional.of(factory.apply(loop));
    }

    InprocRegistry inproc() {
        return inproc;
    }
}
