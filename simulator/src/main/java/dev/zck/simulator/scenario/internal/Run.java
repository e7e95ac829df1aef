package dev.zck.simulator.scenario.internal;

import dev.zck.engine.socket.internal.SocketCore;
import dev.zck.simulator.Fault;
import dev.zck.simulator.SimConfig;
import dev.zck.simulator.SimEventLoop;
import dev.zck.simulator.Simulation;
import dev.zck.simulator.scenario.Scenario;
import dev.zck.simulator.scenario.SocketSpec;
import dev.zck.simulator.scenario.Step;
import dev.zck.simulator.scenario.Trace;
import dev.zck.simulator.scenario.TraceEvent;
import dev.zck.simulator.scenario.TraceEvent.Kind;
import dev.zck.spi.Message;
import dev.zck.spi.SocketEvent;
import dev.zck.spi.SocketOption;
import dev.zck.spi.ZmqException;
import io.netty.util.concurrent.Future;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/** One run of a scenario: the simulation, the live sockets by id, and the events observed so far. */
public final class Run {
    /** A closing socket gets this long to send what it has queued. */
    private static final long CLOSE_LINGER_MILLIS = 30_000;

    private final Scenario scenario;
    private final long seed;
    private final Simulation sim;
    private final SimEventLoop loop;
    private final List<TraceEvent> events = new ArrayList<>();
    private final Map<String, Live> sockets = new LinkedHashMap<>();
    /** Bytes delivered so far per direction of a connection; only looked up, never iterated. */
    private final Map<String, long[]> wireTotals = new HashMap<>();

    private final CRC32 crc = new CRC32();

    private boolean recording = true;

    /** A declared socket: its current engine socket (null before creation, while crashed, after a close step). */
    private static final class Live {
        final SocketSpec spec;
        SocketCore core;
        boolean closedByStep;
        boolean created;
        /** Binds and connects in force, in order, redone after a restart. */
        final List<Step> endpoints = new ArrayList<>();

        Live(SocketSpec spec) {
            this.spec = spec;
        }
    }

    private Run(Scenario scenario, long seed, SimConfig config) {
        this.scenario = scenario;
        this.seed = seed;
        this.sim = Simulation.create(seed, config);
        this.loop = sim.loop();
    }

    public static Trace execute(Scenario scenario, long seed, SimConfig config) {
        Run run = new Run(scenario, seed, config);
        try {
            return run.run();
        } finally {
            run.recording = false;
            run.sim.close();
        }
    }

    private Trace run() {
        sim.network().tap(this::wire);
        for (SocketSpec spec : scenario.sockets()) {
            Live live = new Live(spec);
            sockets.put(spec.id(), live);
            create(live);
        }
        for (Step step : scenario.steps()) {
            record(Kind.STEP, "-", step.toString());
            perform(step);
            loop.runUntilIdle();
        }
        record(Kind.RUN, "-", "end");
        recording = false;
        return new Trace(scenario.name(), seed, events, loop.nowNanos());
    }

    // ------------------------------------------------------------------ observing

    private void record(Kind kind, String subject, String text) {
        if (recording) {
            events.add(new TraceEvent(loop.nowNanos(), kind, subject, text));
        }
    }

    /** A segment reached its reader: its length, the running total, and a CRC-32 of its bytes. */
    private void wire(String from, String to, byte[] segment) {
        String key = from + "->" + to;
        long[] total = wireTotals.computeIfAbsent(key, k -> new long[1]);
        total[0] += segment.length;
        crc.reset();
        crc.update(segment);
        record(Kind.WIRE, key, "+" + segment.length + " =" + total[0] + String.format(" crc %08x", crc.getValue()));
    }

    private void listen(String id, SocketCore core) {
        core.onEvent(event -> record(Kind.EVENT, id, describe(event)));
    }

    private static String describe(SocketEvent event) {
        String s = event.kind() + " " + event.endpoint();
        return event.detail().isEmpty() ? s : s + " (" + event.detail() + ")";
    }

    private static String error(Throwable t) {
        if (t instanceof ZmqException z) {
            return "error " + z.kind() + ": " + z.getMessage();
        }
        return "error " + t.getClass().getSimpleName() + ": " + t.getMessage();
    }

    // ------------------------------------------------------------------ sockets

    /** Creates the engine socket of a spec on its host and sets its options. */
    private void create(Live live) {
        SocketSpec spec = live.spec;
        SocketCore core = sim.host(spec.host()).socket(spec.type());
        live.core = core;
        live.created = true;
        listen(spec.id(), core);
        for (SocketSpec.Setting setting : spec.options()) {
            try {
                set(core, setting);
            } catch (ZmqException | RuntimeException e) {
                record(Kind.RESULT, spec.id(), "option " + setting + " " + error(e));
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void set(SocketCore core, SocketSpec.Setting setting) throws ZmqException {
        core.set((SocketOption<Object>) setting.option(), setting.value());
    }

    /** The engine socket of {@code id}, or null after recording why there is none. */
    private SocketCore usable(String id) {
        Live live = live(id);
        if (live.closedByStep) {
            record(Kind.RESULT, id, "error CLOSED: closed by a step");
            return null;
        }
        if (live.core == null) {
            record(Kind.RESULT, id, "error DOWN: host " + live.spec.host() + " is crashed");
            return null;
        }
        return live.core;
    }

    private Live live(String id) {
        Live live = sockets.get(id);
        if (live == null) {
            throw new IllegalArgumentException("no socket " + id + " in scenario " + scenario.name());
        }
        return live;
    }

    // ------------------------------------------------------------------ steps

    private void perform(Step step) {
        if (step instanceof Step.Bind b) {
            bind(b.socket(), b.endpoint(), true);
        } else if (step instanceof Step.Connect c) {
            connect(c.socket(), c.endpoint(), true);
        } else if (step instanceof Step.Unbind u) {
            unbind(u);
        } else if (step instanceof Step.Disconnect d) {
            disconnect(d);
        } else if (step instanceof Step.Send s) {
            send(s);
        } else if (step instanceof Step.Receive r) {
            receive(r);
        } else if (step instanceof Step.Drain d) {
            drain(d);
        } else if (step instanceof Step.Close c) {
            close(c);
        } else if (step instanceof Step.Inject i) {
            inject(i.fault());
        } else if (step instanceof Step.Advance a) {
            loop.advanceBy(a.duration());
        } else {
            throw new IllegalArgumentException("unknown step " + step);
        }
    }

    private void bind(String id, String endpoint, boolean remember) {
        SocketCore core = usable(id);
        if (core == null) {
            return;
        }
        Future<String> bound = core.bind(endpoint);
        loop.runUntilIdle();
        if (!bound.isDone()) {
            record(Kind.RESULT, id, "bind pending");
        } else if (bound.isSuccess()) {
            record(Kind.RESULT, id, "bound " + bound.getNow());
        } else {
            record(Kind.RESULT, id, "bind " + error(bound.cause()));
            return;
        }
        if (remember) {
            live(id).endpoints.add(new Step.Bind(id, endpoint));
        }
    }

    private void connect(String id, String endpoint, boolean remember) {
        SocketCore core = usable(id);
        if (core == null) {
            return;
        }
        try {
            core.connect(endpoint);
            record(Kind.RESULT, id, "connecting " + endpoint);
            if (remember) {
                live(id).endpoints.add(new Step.Connect(id, endpoint));
            }
        } catch (ZmqException | RuntimeException e) {
            record(Kind.RESULT, id, "connect " + error(e));
        }
    }

    private void unbind(Step.Unbind step) {
        SocketCore core = usable(step.socket());
        if (core == null) {
            return;
        }
        try {
            Future<?> done = core.unbind(step.endpoint());
            loop.runUntilIdle();
            record(Kind.RESULT, step.socket(), done.isDone() ? "unbound" : "unbind pending");
            live(step.socket()).endpoints.remove(new Step.Bind(step.socket(), step.endpoint()));
        } catch (ZmqException | RuntimeException e) {
            record(Kind.RESULT, step.socket(), "unbind " + error(e));
        }
    }

    private void disconnect(Step.Disconnect step) {
        SocketCore core = usable(step.socket());
        if (core == null) {
            return;
        }
        try {
            core.disconnect(step.endpoint());
            record(Kind.RESULT, step.socket(), "disconnected");
            live(step.socket()).endpoints.remove(new Step.Connect(step.socket(), step.endpoint()));
        } catch (ZmqException | RuntimeException e) {
            record(Kind.RESULT, step.socket(), "disconnect " + error(e));
        }
    }

    private void send(Step.Send step) {
        String id = step.socket();
        SocketCore core = usable(id);
        if (core == null) {
            return;
        }
        long start = loop.nowNanos();
        if (step.timeout().isZero()) {
            try {
                record(Kind.RESULT, id, core.trySend(step.message()) ? "sent" : "send WOULD_BLOCK after 0ms");
            } catch (ZmqException | RuntimeException e) {
                record(Kind.RESULT, id, "send " + error(e));
            }
            return;
        }
        Future<Void> sent = core.send(step.message(), step.timeout().toMillis());
        loop.runUntil(sent::isDone, step.timeout());
        record(Kind.RESULT, id, outcome("send", "sent", sent, start));
    }

    private void receive(Step.Receive step) {
        String id = step.socket();
        SocketCore core = usable(id);
        if (core == null) {
            return;
        }
        long start = loop.nowNanos();
        if (step.timeout().isZero()) {
            try {
                Message m = core.tryReceive();
                if (m == null) {
                    record(Kind.RESULT, id, "receive WOULD_BLOCK after 0ms");
                } else {
                    record(Kind.RECEIVED, id, Render.message(m));
                }
            } catch (ZmqException | RuntimeException e) {
                record(Kind.RESULT, id, "receive " + error(e));
            }
            return;
        }
        Future<Message> got = core.receive(step.timeout().toMillis());
        loop.runUntil(got::isDone, step.timeout());
        if (got.isSuccess()) {
            record(Kind.RECEIVED, id, Render.message(got.getNow()));
        } else {
            record(Kind.RESULT, id, outcome("receive", "", got, start));
        }
    }

    private void drain(Step.Drain step) {
        String id = step.socket();
        SocketCore core = usable(id);
        if (core == null) {
            return;
        }
        int count = 0;
        long silenceMillis = step.silence().toMillis();
        while (count < step.count()) {
            Message m = null;
            try {
                m = core.tryReceive();
            } catch (ZmqException | RuntimeException e) {
                record(Kind.RESULT, id, "drain " + error(e));
                break;
            }
            if (m == null) {
                Future<Message> got = core.receive(silenceMillis);
                loop.runUntil(got::isDone, step.silence());
                if (!got.isSuccess()) {
                    break;
                }
                m = got.getNow();
            }
            record(Kind.RECEIVED, id, Render.message(m));
            count++;
        }
        record(Kind.RESULT, id, "drained " + count + (count == step.count() ? "" : " (silence)"));
    }

    private String outcome(String what, String ok, Future<?> future, long start) {
        long waited = (loop.nowNanos() - start) / 1_000_000;
        if (!future.isDone()) {
            return what + " pending after " + waited + "ms";
        }
        if (future.isSuccess()) {
            return ok + (waited == 0 ? "" : " after " + waited + "ms");
        }
        if (future.cause() instanceof ZmqException z && z.kind() == dev.zck.spi.ErrorKind.WOULD_BLOCK) {
            return what + " WOULD_BLOCK after " + waited + "ms";
        }
        return what + " " + error(future.cause());
    }

    private void close(Step.Close step) {
        Live live = live(step.socket());
        SocketCore core = usable(step.socket());
        if (core == null) {
            return;
        }
        core.close(CLOSE_LINGER_MILLIS);
        live.core = null;
        live.closedByStep = true;
        record(Kind.RESULT, step.socket(), "closed");
    }

    private void inject(Fault fault) {
        if (fault instanceof Fault.Crash crash) {
            if (!sim.host(crash.host()).isUp()) {
                record(Kind.RESULT, crash.host(), "already crashed");
                return;
            }
            sim.inject(fault);
            for (Live live : sockets.values()) {
                if (live.spec.host().equals(crash.host())) {
                    live.core = null;
                }
            }
            record(Kind.RESULT, crash.host(), "crashed");
        } else if (fault instanceof Fault.Restart restart) {
            if (sim.host(restart.host()).isUp()) {
                record(Kind.RESULT, restart.host(), "restart refused: the host is up");
                return;
            }
            sim.inject(fault);
            record(Kind.RESULT, restart.host(), "restarted");
            for (Live live : sockets.values()) {
                if (live.spec.host().equals(restart.host()) && !live.closedByStep && live.created) {
                    create(live);
                    record(Kind.RUN, live.spec.id(), "re-created " + live.spec.type());
                    for (Step endpoint : List.copyOf(live.endpoints)) {
                        if (endpoint instanceof Step.Bind b) {
                            bind(b.socket(), b.endpoint(), false);
                        } else if (endpoint instanceof Step.Connect c) {
                            connect(c.socket(), c.endpoint(), false);
                        }
                    }
                }
            }
        } else {
            sim.inject(fault);
        }
    }
}
