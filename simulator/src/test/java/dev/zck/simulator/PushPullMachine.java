package dev.zck.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.engine.socket.internal.SocketCore;
import dev.zck.simulator.property.Action;
import dev.zck.simulator.property.Gen;
import dev.zck.simulator.property.StateMachine;
import dev.zck.spi.Message;
import dev.zck.spi.SocketEvent.Kind;
import dev.zck.spi.SocketType;
import dev.zck.spi.ZmqException;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A PUSH on host a connected to a PULL on host b ({@code tcp://b:5555}) under sends, resets, partitions, delays and
 * the passing of virtual time, against a model of what ZeroMQ promises a PUSH: the PULL receives a subsequence of
 * what the PUSH accepted, in order, without duplicates; and once a reset's reconnect has completed, everything
 * accepted since must arrive. What was accepted before a reset may be lost: it may have been on the wire, or in a
 * queue of the connection the reset ended (libzmq drops those too).
 *
 * <p>The first action of every case is {@link Start}, which creates the simulation from a seed drawn from the case's
 * own seed: a case replays exactly, and the shrinker simplifies that seed like any other value. With {@code broken},
 * the PUSH is a {@link LossyPush}, which loses the first message after each reconnect.
 */
final class PushPullMachine implements StateMachine<PushPullMachine.Model, PushPullMachine.Sim> {
    static final String ENDPOINT = "tcp://b:5555";
    /** The longest any action waits in virtual time for what it expects (a reconnect, the messages due). */
    static final Duration LIMIT = Duration.ofSeconds(10);

    private final boolean broken;

    PushPullMachine(boolean broken) {
        this.broken = broken;
    }

    /**
     * What the model knows: whether the simulation started, how many messages the PUSH accepted (m0, m1, ...), from
     * which of them on every message must arrive, and the link's faults.
     */
    record Model(boolean started, int sent, int dueFrom, boolean partitioned, boolean delayed) {
        static final Model INITIAL = new Model(false, 0, 0, false, false);

        Model sending(int count) {
            return new Model(started, sent + count, dueFrom, partitioned, delayed);
        }

        /** After a reset's reconnect: what was sent before may be lost, what is sent from now on is due. */
        Model reconnected() {
            return new Model(started, sent, sent, partitioned, delayed);
        }

        Model faults(boolean partition, boolean delay) {
            return new Model(started, sent, dueFrom, partition, delay);
        }

        List<String> due() {
            return IntStream.range(dueFrom, sent)
                    .mapToObj(PushPullMachine::message)
                    .toList();
        }

        List<String> accepted() {
            return IntStream.range(0, sent).mapToObj(PushPullMachine::message).toList();
        }
    }

    /** The system: nothing until {@link Start}, then a simulation with its two sockets, traced. */
    static final class Sim {
        Simulation sim;
        Trace trace;
        SocketCore push;

        List<String> received() {
            return trace.received("pull").stream()
                    .map(r -> r.message().frameAsString(0))
                    .toList();
        }

        int handshakes() {
            return trace.events("push", Kind.HANDSHAKE_SUCCEEDED).size();
        }
    }

    static String message(int index) {
        return "m" + index;
    }

    @Override
    public Model initialModel() {
        return Model.INITIAL;
    }

    @Override
    public Sim newSystem() {
        return new Sim();
    }

    @Override
    public Gen<? extends Action<Model, Sim>> actions(Model model) {
        if (!model.started()) {
            return Gen.longs(0, Long.MAX_VALUE).map(seed -> new Start(seed, broken));
        }
        return Gen.frequency(
                Gen.weight(5, Gen.ints(1, 3).map(Send::new)),
                Gen.weight(2, Gen.constant(new Reset())),
                Gen.weight(2, Gen.constant(new ReceiveAll())),
                Gen.weight(2, Gen.ints(1, 1000).map(Advance::new)),
                Gen.weight(1, Gen.constant(new Partition())),
                Gen.weight(1, Gen.ints(1, 200).map(Delay::new)),
                Gen.weight(1, Gen.constant(new Heal())));
    }

    /** Safety, after every action: what arrived is a subsequence of what was accepted, in order, once each. */
    @Override
    public void invariant(Model model, Sim system) {
        if (system.trace == null) {
            return;
        }
        List<String> accepted = model.accepted();
        List<String> received = system.received();
        int from = 0;
        for (String message : received) {
            int at = accepted.subList(from, accepted.size()).indexOf(message);
            assertThat(at)
                    .as(
                            "the PULL received %s: a subsequence of the accepted %s, in order, without duplicates",
                            received, accepted)
                    .isNotNegative();
            from += at + 1;
        }
    }

    @Override
    public String trace(Sim system) {
        return system.trace == null ? "" : String.join("\n", system.trace.lines());
    }

    @Override
    public void close(Sim system) {
        if (system.sim != null) {
            system.sim.close();
        }
    }

    @Override
    public String toJava() {
        return "new PushPullMachine(" + broken + ")";
    }

    /**
     * An action after {@link Start}: by default it needs the simulation started and leaves the model as it is, and
     * its Java form is its constructor called with {@link #javaArgs()}.
     */
    interface Step extends Action<Model, Sim> {
        @Override
        default boolean precondition(Model model) {
            return model.started();
        }

        @Override
        default Model next(Model model) {
            return model;
        }

        /** The constructor's arguments as Java, "" for none. */
        default String javaArgs() {
            return "";
        }

        @Override
        default String toJava() {
            return "new PushPullMachine." + getClass().getSimpleName() + "(" + javaArgs() + ")";
        }
    }

    private static Link link() {
        return Link.between("a", "b");
    }

    /** Creates the simulation from {@code seed} and waits until the PUSH and the PULL have shaken hands. */
    record Start(long seed, boolean broken) implements Action<Model, Sim> {
        @Override
        public boolean precondition(Model model) {
            return !model.started();
        }

        @Override
        public void run(Sim system, Model model) throws ZmqException {
            system.sim = Simulation.create(seed);
            system.trace = new Trace(system.sim);
            SocketCore pull = system.trace.drain("pull", system.sim.host("b").socket(SocketType.PULL));
            SimHost a = system.sim.host("a");
            system.push = system.trace.watch("push", broken ? a.socket(LossyPush::new) : a.socket(SocketType.PUSH));
            pull.bind(ENDPOINT);
            system.push.connect(ENDPOINT);
            PushPull.awaitHandshakes(system.sim, system.trace, "push", "pull");
        }

        @Override
        public Model next(Model model) {
            return new Model(true, 0, 0, false, false);
        }

        @Override
        public String toString() {
            return "start(seed " + seed + (broken ? ", lossy push)" : ")");
        }

        @Override
        public String toJava() {
            return "new PushPullMachine.Start(" + seed + "L, " + broken + ")";
        }
    }

    /** The PUSH sends the next {@code count} messages; with its default HWM of 1000 it accepts them at once. */
    record Send(int count) implements Step {
        @Override
        public void run(Sim system, Model model) throws ZmqException {
            for (int i = model.sent(); i < model.sent() + count; i++) {
                assertThat(system.push.trySend(Message.ofStrings(message(i))))
                        .as("the PUSH accepts %s", message(i))
                        .isTrue();
            }
        }

        @Override
        public Model next(Model model) {
            return model.sending(count);
        }

        @Override
        public String toString() {
            return "send(" + count + ")";
        }

        @Override
        public String javaArgs() {
            return String.valueOf(count);
        }
    }

    /**
     * Resets the connection and runs until the PUSH has shaken hands on a new one. What was accepted before may be
     * lost; what is accepted from now on is due.
     */
    record Reset() implements Step {
        @Override
        public boolean precondition(Model model) {
            return model.started() && !model.partitioned();
        }

        @Override
        public void run(Sim system, Model model) {
            int before = system.handshakes();
            system.sim.inject(new Fault.Reset(link()));
            assertThat(system.sim.loop().runUntil(() -> system.handshakes() > before, LIMIT))
                    .as("the PUSH reconnected after the reset")
                    .isTrue();
        }

        @Override
        public Model next(Model model) {
            return model.reconnected();
        }

        @Override
        public String toString() {
            return "reset()";
        }
    }

    /** Runs until every message due has arrived, and checks that it has. */
    record ReceiveAll() implements Step {
        @Override
        public boolean precondition(Model model) {
            return model.started() && !model.partitioned();
        }

        @Override
        public void run(Sim system, Model model) {
            List<String> due = model.due();
            system.sim.loop().runUntil(() -> system.received().containsAll(due), LIMIT);
            assertThat(system.received())
                    .as("received; every message accepted since the last reconnect is due")
                    .containsAll(due);
        }

        @Override
        public String toString() {
            return "receiveAll()";
        }
    }

    /** Lets {@code millis} of virtual time pass. */
    record Advance(int millis) implements Step {
        @Override
        public void run(Sim system, Model model) {
            system.sim.loop().advanceBy(Duration.ofMillis(millis));
        }

        @Override
        public String toString() {
            return "advance(" + millis + "ms)";
        }

        @Override
        public String javaArgs() {
            return String.valueOf(millis);
        }
    }

    /** Nothing crosses the link until a heal; the bytes are held, not lost. */
    record Partition() implements Step {
        @Override
        public boolean precondition(Model model) {
            return model.started() && !model.partitioned();
        }

        @Override
        public void run(Sim system, Model model) {
            system.sim.inject(new Fault.Partition(link()));
        }

        @Override
        public Model next(Model model) {
            return model.faults(true, model.delayed());
        }

        @Override
        public String toString() {
            return "partition()";
        }
    }

    /** Every byte on the link arrives {@code millis} later, until a heal. */
    record Delay(int millis) implements Step {
        @Override
        public void run(Sim system, Model model) {
            system.sim.inject(new Fault.Delay(link(), Duration.ofMillis(millis)));
        }

        @Override
        public Model next(Model model) {
            return model.faults(model.partitioned(), true);
        }

        @Override
        public String toString() {
            return "delay(" + millis + "ms)";
        }

        @Override
        public String javaArgs() {
            return String.valueOf(millis);
        }
    }

    /** Ends the partition and the delay. */
    record Heal() implements Step {
        @Override
        public boolean precondition(Model model) {
            return model.partitioned() || model.delayed();
        }

        @Override
        public void run(Sim system, Model model) {
            system.sim.inject(new Fault.Heal(link()));
        }

        @Override
        public Model next(Model model) {
            return model.faults(false, false);
        }

        @Override
        public String toString() {
            return "heal()";
        }
    }
}
