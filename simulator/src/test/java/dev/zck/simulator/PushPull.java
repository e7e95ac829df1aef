package dev.zck.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.engine.socket.internal.SocketCore;
import dev.zck.spi.Message;
import dev.zck.spi.SocketEvent.Kind;
import dev.zck.spi.SocketType;
import dev.zck.spi.ZmqException;
import java.time.Duration;
import java.util.Arrays;

/**
 * The tests' usual topology: a PULL on host b bound at {@code tcp://b:5555}, a PUSH on host a connected to it; both
 * sockets' events and every message the PULL receives are traced.
 */
record PushPull(Simulation sim, Trace trace, SocketCore push, SocketCore pull) implements AutoCloseable {
    /** Sets options on a socket before it binds or connects. */
    interface Options {
        Options NONE = socket -> {};

        void apply(SocketCore socket) throws ZmqException;
    }

    static PushPull open(long seed, SimConfig config, Options pushOptions, Options pullOptions) throws ZmqException {
        Simulation sim = Simulation.create(seed, config);
        Trace trace = new Trace(sim);
        SocketCore pull = trace.drain("pull", sim.host("b").socket(SocketType.PULL));
        SocketCore push = trace.watch("push", sim.host("a").socket(SocketType.PUSH));
        pushOptions.apply(push);
        pullOptions.apply(pull);
        pull.bind("tcp://b:5555");
        push.connect("tcp://b:5555");
        return new PushPull(sim, trace, push, pull);
    }

    /** Opens, and waits until both ends have completed the handshake. */
    static PushPull connected(long seed, SimConfig config, Options pushOptions, Options pullOptions)
            throws ZmqException {
        PushPull p = open(seed, config, pushOptions, pullOptions);
        awaitHandshakes(p.sim, p.trace, "push", "pull");
        return p;
    }

    static void awaitHandshakes(Simulation sim, Trace trace, String... sockets) {
        assertThat(sim.loop()
                        .runUntil(
                                () -> Arrays.stream(sockets)
                                        .noneMatch(s -> trace.events(s, Kind.HANDSHAKE_SUCCEEDED)
                                                .isEmpty()),
                                Duration.ofSeconds(1)))
                .as("handshakes of %s", Arrays.toString(sockets))
                .isTrue();
    }

    /** Sends {@code text} and runs until the PULL has it. */
    void deliver(String text) throws ZmqException {
        int before = trace.received("pull").size();
        assertThat(push.trySend(Message.ofStrings(text))).isTrue();
        assertThat(sim.loop().runUntil(() -> trace.received("pull").size() > before, Duration.ofSeconds(2)))
                .as("%s delivered", text)
                .isTrue();
        assertThat(trace.received("pull").get(before).message().frameAsString(0))
                .isEqualTo(text);
    }

    /** Runs until {@code socket} has had an event of {@code kind}. */
    void await(String socket, Kind kind, Duration limit) {
        await(socket, kind, 1, limit);
    }

    /** Runs until {@code socket} has had {@code count} events of {@code kind}. */
    void await(String socket, Kind kind, int count, Duration limit) {
        assertThat(sim.loop().runUntil(() -> trace.events(socket, kind).size() >= count, limit))
                .as("%s %s x%d", socket, kind, count)
                .isTrue();
    }

    void awaitBothDisconnected() {
        await("push", Kind.DISCONNECTED, Duration.ofSeconds(2));
        await("pull", Kind.DISCONNECTED, Duration.ofSeconds(2));
    }

    long now() {
        return sim.loop().nowNanos();
    }

    @Override
    public void close() {
        sim.close();
    }
}
