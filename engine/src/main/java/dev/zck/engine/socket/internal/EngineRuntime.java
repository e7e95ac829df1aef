package dev.zck.engine.socket.internal;

import dev.zck.engine.transport.TcpTransport;
import dev.zck.engine.transport.Transport;
import io.netty.channel.EventLoop;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.function.Function;

/**
 * What sockets share: how to make a transport for an endpoint scheme on a given event loop, the inproc names, and the
 * one random source of the engine (reconnect jitter), seeded so that the simulator can repeat a run exactly. The real
 * runtime maps {@code tcp} to {@link TcpTransport}; the simulator maps it to its simulated network.
 */
public final class EngineRuntime {
    private final Map<String, Function<EventLoop, Transport>> transports;
    private final InprocRegistry inproc = new InprocRegistry();
    private final Random random;

    /** A runtime whose random source is seeded from the clock. */
    public EngineRuntime(Map<String, Function<EventLoop, Transport>> transports) {
        this(transports, System.nanoTime());
    }

    /** A runtime whose random source starts from {@code seed}: same seed and same calls, same jitter. */
    public EngineRuntime(Map<String, Function<EventLoop, Transport>> transports, long seed) {
        this.transports = Map.copyOf(transports);
        this.random = new Random(seed);
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

    /** The engine's only random source; every random choice of every socket of this runtime draws from it. */
    Random random() {
        return random;
    }
}
