package dev.zck.simulator;

import dev.zck.engine.socket.internal.EngineRuntime;
import dev.zck.engine.socket.internal.SocketCore;
import dev.zck.engine.socket.internal.Sockets;
import dev.zck.simulator.internal.Network;
import dev.zck.spi.SocketType;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;

/**
 * One simulated machine with one process of the reference engine: its sockets reach other hosts over the simulated
 * network ({@code tcp://HOST:PORT}), share one engine runtime (inproc names, the seeded random source of reconnect
 * jitter) and run on the simulation's event loop. A crash kills the process: its sockets vanish without a word and
 * its peers see their connections reset; after a restart the host gets a fresh runtime and new sockets.
 */
public final class SimHost {
    private final String name;
    private final SimEventLoop loop;
    private final Network network;
    private final long seed;
    private final List<SocketCore> sockets = new ArrayList<>();
    private EngineRuntime runtime;
    private int incarnation;
    private boolean crashed;

    SimHost(String name, SimEventLoop loop, Network network, long seed) {
        this.name = name;
        this.loop = loop;
        this.network = network;
        this.seed = seed;
        this.runtime = newRuntime();
    }

    public String name() {
        return name;
    }

    /**
     * A new engine socket on this host. Drive it on the simulation's thread through its non-blocking API ({@code
     * trySend}, {@code tryReceive}, or {@code send}/{@code receive} futures whose timeouts run on virtual time).
     *
     * @throws IllegalStateException while the host is crashed
     */
    public SocketCore socket(SocketType type) {
        return socket((hostRuntime, eventLoop) -> Sockets.create(type, hostRuntime, eventLoop));
    }

    /**
     * A new socket that {@code factory} makes on this host's runtime and the simulation's loop: a variant of an engine
     * socket, such as a test's deliberately broken PUSH, in place of what {@link #socket(SocketType)} would make.
     *
     * @throws IllegalStateException while the host is crashed
     */
    public SocketCore socket(BiFunction<EngineRuntime, EventLoop, ? extends SocketCore> factory) {
        if (crashed) {
            throw new IllegalStateException("host " + name + " is crashed; restart it first");
        }
        SocketCore socket = factory.apply(runtime, loop);
        sockets.add(socket);
        return socket;
    }

    /** The sockets of the current process that are not closed. */
    public List<SocketCore> sockets() {
        return sockets.stream().filter(s -> !s.isClosing()).toList();
    }

    public boolean isUp() {
        return !crashed;
    }

    /**
     * The process dies now: its sockets stop reporting events and are closed at once (no linger), its connections are
     * reset as its peers see it, its listeners close. Nothing survives to the next {@link #restart}.
     */
    public void crash() {
        if (crashed) {
            return;
        }
        crashed = true;
        List<SocketCore> dying = List.copyOf(sockets);
        sockets.clear();
        dying.forEach(s -> s.onEvent(event -> {}));
        network.crash(name);
        dying.forEach(s -> s.close(0));
    }

    /** A crashed host's process starts again, with a fresh runtime and no socket; the caller re-creates them. */
    public void restart() {
        if (!crashed) {
            throw new IllegalStateException("host " + name + " is up");
        }
        crashed = false;
        incarnation++;
        runtime = newRuntime();
    }

    /** Closes every socket of the host at once (no linger): the end of a simulation. */
    void closeAll() {
        List<SocketCore> all = List.copyOf(sockets);
        sockets.clear();
        all.forEach(s -> s.close(0));
    }

    /**
     * The runtime of the current process: tcp is the simulated network, and its random source is derived from the
     * simulation's seed, the host's name and the incarnation, so that it does not depend on the order hosts appear in.
     */
    private EngineRuntime newRuntime() {
        long mixed = seed ^ (name.hashCode() * 0x9E3779B97F4A7C15L) ^ (incarnation * 0xBF58476D1CE4E5B9L);
        long runtimeSeed = new SplittableRandom(mixed).nextLong();
        return new EngineRuntime(Map.of("tcp", eventLoop -> network.transport(name)), runtimeSeed);
    }
}
