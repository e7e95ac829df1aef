package dev.zck.simulator.scenario;

import dev.zck.simulator.Fault;
import dev.zck.simulator.SimConfig;
import dev.zck.simulator.TimedFault;
import dev.zck.simulator.scenario.internal.Render;
import dev.zck.spi.Message;
import dev.zck.spi.SocketOption;
import dev.zck.spi.SocketType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A script for the simulator, in the MockWebServer spirit: a topology (sockets on hosts, with types and options) and
 * an ordered list of {@link Step}s (binds and connects in the order given, sends, receives, closes, faults, virtual
 * time passing). {@link ScenarioRunner} runs it on a fresh simulation for a seed and returns the {@link Trace} of
 * everything observed, to verify.
 *
 * <pre>{@code
 * Scenario s = Scenario.builder("hello")
 *         .socket("pull", "b", SocketType.PULL)
 *         .socket("push", "a", SocketType.PUSH)
 *         .option("push", SocketOption.SNDHWM, 10)
 *         .bind("pull", "tcp://b:5555")
 *         .connect("push", "tcp://b:5555")
 *         .send("push", "hello")
 *         .fault(new Fault.Reset(Link.between("a", "b")))
 *         .drain("pull", 1, Duration.ofMillis(500))
 *         .build();
 * Trace trace = ScenarioRunner.run(s, 42);
 * }</pre>
 */
public final class Scenario {
    private final String name;
    private final SimConfig config;
    private final List<SocketSpec> sockets;
    private final List<Step> steps;

    private Scenario(String name, SimConfig config, List<SocketSpec> sockets, List<Step> steps) {
        this.name = name;
        this.config = config;
        this.sockets = List.copyOf(sockets);
        this.steps = List.copyOf(steps);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String name() {
        return name;
    }

    /**
     * The scenario's faults as a schedule for the fault proxy ({@code FaultProxy.schedule}), so that real
     * implementations meet the same faults: each fault's offset is the sum of the {@link Step.Advance} steps before
     * it. Steps that wait (a send or receive with a timeout) are not counted: on real TCP they take what they take.
     * Host faults are included as they are; the proxy refuses them, as it cannot crash a real process.
     */
    public List<TimedFault> faultSchedule() {
        List<TimedFault> schedule = new ArrayList<>();
        Duration offset = Duration.ZERO;
        for (Step step : steps) {
            if (step instanceof Step.Advance advance) {
                offset = offset.plus(advance.duration());
            } else if (step instanceof Step.Inject inject) {
                schedule.add(TimedFault.at(offset, inject.fault()));
            }
        }
        return schedule;
    }

    /** The network the scenario runs on unless the runner is given another. */
    public SimConfig config() {
        return config;
    }

    public List<SocketSpec> sockets() {
        return sockets;
    }

    public List<Step> steps() {
        return steps;
    }

    /** The socket with this id. */
    public SocketSpec socket(String id) {
        return sockets.stream()
                .filter(s -> s.id().equals(id))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no socket " + id + " in scenario " + name));
    }

    /** The builder calls that make this scenario (the network config too when it is not the default). */
    public String toJava() {
        StringBuilder b = new StringBuilder("Scenario.builder(")
                .append(Render.quote(name))
                .append(")");
        if (!config.equals(SimConfig.defaults())) {
            b.append("\n        .config(").append(configJava(config)).append(")");
        }
        for (SocketSpec s : sockets) {
            b.append("\n        .socket(")
                    .append(Render.quote(s.id()))
                    .append(", ")
                    .append(Render.quote(s.host()))
                    .append(", SocketType.")
                    .append(s.type().name())
                    .append(")");
            for (SocketSpec.Setting o : s.options()) {
                b.append("\n        .option(")
                        .append(Render.quote(s.id()))
                        .append(", SocketOption.")
                        .append(o.option().name())
                        .append(", ")
                        .append(Render.valueJava(o.value()))
                        .append(")");
            }
        }
        for (Step step : steps) {
            b.append("\n        ").append(step.toJava());
        }
        return b.append("\n        .build()").toString();
    }

    private static String configJava(SimConfig c) {
        StringBuilder b = new StringBuilder("SimConfig.defaults()");
        SimConfig d = SimConfig.defaults();
        if (!c.latency().equals(d.latency())) {
            b.append(".withLatency(").append(Render.durationJava(c.latency())).append(")");
        }
        if (c.bandwidth() != d.bandwidth()) {
            b.append(".withBandwidth(").append(c.bandwidth()).append("L)");
        }
        if (c.sendBuffer() != d.sendBuffer()) {
            b.append(".withSendBuffer(").append(c.sendBuffer()).append(")");
        }
        if (c.receiveBuffer() != d.receiveBuffer()) {
            b.append(".withReceiveBuffer(").append(c.receiveBuffer()).append(")");
        }
        if (c.segmentSize() != d.segmentSize()) {
            b.append(".withSegmentSize(").append(c.segmentSize()).append(")");
        }
        c.links().entrySet().stream()
                .map(e -> {
                    List<String> hosts = e.getKey().stream().sorted().toList();
                    return ".withLink(" + Render.quote(hosts.get(0)) + ", " + Render.quote(hosts.get(1)) + ", "
                            + Render.durationJava(e.getValue().latency()) + ", "
                            + e.getValue().bandwidth() + "L)";
                })
                .sorted()
                .forEach(b::append);
        return b.toString();
    }

    /** The scenario as text: its sockets, then one step a line. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("scenario ").append(name);
        sockets.forEach(s -> b.append("\n  ").append(s));
        steps.forEach(s -> b.append("\n  ").append(s));
        return b.toString();
    }

    /** Builds a scenario; every step must name a socket declared before it. */
    public static final class Builder {
        private final String name;
        private SimConfig config = SimConfig.defaults();
        private final Map<String, SocketSpec> sockets = new LinkedHashMap<>();
        private final Map<String, List<SocketSpec.Setting>> options = new LinkedHashMap<>();
        private final List<Step> steps = new ArrayList<>();

        private Builder(String name) {
            this.name = Objects.requireNonNull(name, "name");
        }

        public Builder config(SimConfig value) {
            this.config = Objects.requireNonNull(value, "config");
            return this;
        }

        /** Declares a socket of {@code type} on {@code host}, named {@code id} in steps and in the trace. */
        public Builder socket(String id, String host, SocketType type) {
            if (sockets.containsKey(id)) {
                throw new IllegalArgumentException("socket " + id + " is declared twice");
            }
            sockets.put(id, new SocketSpec(id, host, type, List.of()));
            options.put(id, new ArrayList<>());
            return this;
        }

        /** Sets an option on the socket when it is created (and re-created after a restart). */
        public <T> Builder option(String socket, SocketOption<T> option, T value) {
            known(socket);
            options.get(socket).add(new SocketSpec.Setting(option, value));
            return this;
        }

        public Builder bind(String socket, String endpoint) {
            return step(new Step.Bind(known(socket), endpoint));
        }

        public Builder connect(String socket, String endpoint) {
            return step(new Step.Connect(known(socket), endpoint));
        }

        public Builder unbind(String socket, String endpoint) {
            return step(new Step.Unbind(known(socket), endpoint));
        }

        public Builder disconnect(String socket, String endpoint) {
            return step(new Step.Disconnect(known(socket), endpoint));
        }

        /** Sends a message of string frames without waiting. */
        public Builder send(String socket, String... frames) {
            return send(socket, Message.ofStrings(frames));
        }

        /** Sends without waiting (WOULD_BLOCK when there is no room now). */
        public Builder send(String socket, Message message) {
            return send(socket, message, Duration.ZERO);
        }

        /** Sends, waiting up to {@code timeout} of virtual time for room. */
        public Builder send(String socket, Message message, Duration timeout) {
            return step(new Step.Send(known(socket), message, timeout));
        }

        /** Receives one message if one is there now. */
        public Builder receive(String socket) {
            return receive(socket, Duration.ZERO);
        }

        /** Receives one message, waiting up to {@code timeout} of virtual time. */
        public Builder receive(String socket, Duration timeout) {
            return step(new Step.Receive(known(socket), timeout));
        }

        /** Receives until {@code count} messages came or none came for {@code silence}. */
        public Builder drain(String socket, int count, Duration silence) {
            return step(new Step.Drain(known(socket), count, silence));
        }

        public Builder close(String socket) {
            return step(new Step.Close(known(socket)));
        }

        public Builder fault(Fault fault) {
            if (fault instanceof Fault.Crash c) {
                knownHost(c.host());
            } else if (fault instanceof Fault.Restart r) {
                knownHost(r.host());
            }
            return step(new Step.Inject(fault));
        }

        public Builder advance(Duration duration) {
            return step(new Step.Advance(duration));
        }

        public Builder step(Step step) {
            steps.add(Objects.requireNonNull(step, "step"));
            return this;
        }

        public Scenario build() {
            List<SocketSpec> specs = new ArrayList<>();
            for (SocketSpec s : sockets.values()) {
                specs.add(new SocketSpec(s.id(), s.host(), s.type(), options.get(s.id())));
            }
            return new Scenario(name, config, specs, steps);
        }

        private String known(String socket) {
            if (!sockets.containsKey(socket)) {
                throw new IllegalArgumentException("no socket " + socket + " declared (declare it with socket())");
            }
            return socket;
        }

        private void knownHost(String host) {
            if (sockets.values().stream().noneMatch(s -> s.host().equals(host))) {
                throw new IllegalArgumentException("no socket on host " + host);
            }
        }
    }
}
