package dev.zck.simulator.scenario;

import dev.zck.simulator.Fault;
import dev.zck.simulator.Link;
import dev.zck.simulator.SimConfig;
import dev.zck.spi.Message;
import dev.zck.spi.SocketOption;
import dev.zck.spi.SocketType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * The named standard scenarios, each making one point about the engine under faults, and a seeded generator of mixed
 * ones. Names are stable: {@code zck simulate --scenario NAME} runs them.
 */
public final class Scenarios {
    /** The scenario the benchmark runs: 3 sockets, 200 messages, 3 faults. */
    public static final String STANDARD = "standard";

    private static final Map<String, Supplier<Scenario>> NAMED = new LinkedHashMap<>();

    static {
        NAMED.put(STANDARD, Scenarios::standard);
        NAMED.put("push-pull-reset", Scenarios::pushPullReset);
        NAMED.put("pub-sub-slow-joiner", Scenarios::pubSubSlowJoiner);
        NAMED.put("push-stall-hwm", Scenarios::pushStallHwm);
        NAMED.put("req-rep-partition-heartbeat", Scenarios::reqRepPartitionHeartbeat);
        NAMED.put("bind-connect-order", Scenarios::bindConnectOrder);
        NAMED.put("crash-restart", Scenarios::crashRestart);
    }

    private Scenarios() {}

    /** The names, in catalogue order. */
    public static List<String> names() {
        return List.copyOf(NAMED.keySet());
    }

    public static Optional<Scenario> named(String name) {
        Supplier<Scenario> s = NAMED.get(name);
        return s == null ? Optional.empty() : Optional.of(s.get());
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    /**
     * One PUSH on {@code a} round-robins 200 messages over two PULLs (on {@code b} and {@code c}) while the link to
     * {@code b} is resliced into chunks of up to 7 bytes, the link to {@code c} is delayed 5 ms, and the connection
     * to {@code b} is reset halfway: everything sent arrives, in order per PULL.
     */
    public static Scenario standard() {
        Scenario.Builder b = Scenario.builder(STANDARD)
                .socket("pull1", "b", SocketType.PULL)
                .socket("pull2", "c", SocketType.PULL)
                .socket("push", "a", SocketType.PUSH)
                .option("push", SocketOption.RECONNECT_IVL, 10)
                .option("push", SocketOption.RECONNECT_IVL_MAX, 10)
                .bind("pull1", "tcp://b:5555")
                .bind("pull2", "tcp://c:5555")
                .connect("push", "tcp://b:5555")
                .connect("push", "tcp://c:5555")
                .fault(new Fault.Reslice(Link.between("a", "b"), 7))
                .fault(new Fault.Delay(Link.between("a", "c"), ms(5)))
                .advance(ms(20));
        for (int i = 0; i < 200; i++) {
            if (i == 100) {
                b.drain("pull1", 50, ms(50)).drain("pull2", 50, ms(50));
                b.fault(new Fault.Reset(Link.between("a", "b"))).advance(ms(30));
            }
            b.send("push", "m" + i);
            if (i % 20 == 19) {
                b.advance(ms(1));
            }
        }
        return b.drain("pull1", 100, ms(50)).drain("pull2", 100, ms(50)).build();
    }

    /** A reset mid-stream: the PUSH reconnects 100 ms later and the messages sent meanwhile arrive after it. */
    public static Scenario pushPullReset() {
        Scenario.Builder b = Scenario.builder("push-pull-reset")
                .socket("pull", "b", SocketType.PULL)
                .socket("push", "a", SocketType.PUSH)
                .option("push", SocketOption.RECONNECT_IVL, 100)
                .option("push", SocketOption.RECONNECT_IVL_MAX, 100)
                .bind("pull", "tcp://b:5555")
                .connect("push", "tcp://b:5555")
                .advance(ms(10));
        for (int i = 0; i < 5; i++) {
            b.send("push", "before " + i);
        }
        b.drain("pull", 5, ms(50)).fault(new Fault.Reset(Link.between("a", "b")));
        for (int i = 0; i < 5; i++) {
            b.send("push", "after " + i);
        }
        return b.drain("pull", 5, ms(500)).build();
    }

    /**
     * The slow joiner: a PUB publishes as soon as the SUB connects, before their handshake, and those messages are
     * lost; what it publishes after the subscription reached it arrives.
     */
    public static Scenario pubSubSlowJoiner() {
        Scenario.Builder b = Scenario.builder("pub-sub-slow-joiner")
                .socket("pub", "a", SocketType.PUB)
                .socket("sub", "b", SocketType.SUB)
                .option("sub", SocketOption.SUBSCRIBE, "news".getBytes(StandardCharsets.US_ASCII))
                .bind("pub", "tcp://a:5556")
                .connect("sub", "tcp://a:5556");
        for (int i = 0; i < 3; i++) {
            b.send("pub", "news", "early " + i);
        }
        b.advance(ms(20));
        for (int i = 0; i < 3; i++) {
            b.send("pub", "news", "late " + i);
            b.send("pub", "sport", "late " + i);
        }
        return b.drain("sub", 10, ms(50)).build();
    }

    /**
     * Backpressure with a stalled reader: the PUSH blocks (WOULD_BLOCK) once its HWM and the TCP buffers are full;
     * the PUB on the same host, with the same HWM towards a stalled SUB, never blocks and drops instead. Once the
     * PULL's link is healed and the PULL drained, a waiting send goes through.
     */
    public static Scenario pushStallHwm() {
        Message payload = Message.of(new byte[1024]);
        Scenario.Builder b = Scenario.builder("push-stall-hwm")
                .config(SimConfig.defaults().withSendBuffer(4096).withReceiveBuffer(4096))
                .socket("pull", "b", SocketType.PULL)
                .socket("sub", "c", SocketType.SUB)
                .socket("push", "a", SocketType.PUSH)
                .socket("pub", "a", SocketType.PUB)
                .option("pull", SocketOption.RCVHWM, 5)
                .option("sub", SocketOption.RCVHWM, 5)
                .option("sub", SocketOption.SUBSCRIBE, new byte[0])
                .option("push", SocketOption.SNDHWM, 5)
                .option("pub", SocketOption.SNDHWM, 5)
                .bind("pull", "tcp://b:5555")
                .bind("sub", "tcp://c:5556")
                .connect("push", "tcp://b:5555")
                .connect("pub", "tcp://c:5556")
                .advance(ms(10))
                .fault(new Fault.Stall(Link.from("a", "b")))
                .fault(new Fault.Stall(Link.from("a", "c")));
        for (int i = 0; i < 150; i++) {
            b.send("push", payload).send("pub", payload);
            if (i % 10 == 9) {
                b.advance(ms(1));
            }
        }
        b.send("push", payload, ms(100));
        b.fault(new Fault.Heal(Link.from("a", "b")));
        b.drain("pull", 200, ms(20));
        b.send("push", payload, ms(100));
        return b.receive("pull", ms(100)).build();
    }

    /**
     * A partition between a REQ and a REP that both send heartbeats (every 100 ms, 300 ms timeout): after a request
     * and its reply, the partition goes unnoticed by TCP, and each end disconnects at its heartbeat timeout.
     */
    public static Scenario reqRepPartitionHeartbeat() {
        return Scenario.builder("req-rep-partition-heartbeat")
                .socket("rep", "b", SocketType.REP)
                .socket("req", "a", SocketType.REQ)
                .option("rep", SocketOption.HEARTBEAT_IVL, 100)
                .option("rep", SocketOption.HEARTBEAT_TIMEOUT, 300)
                .option("req", SocketOption.HEARTBEAT_IVL, 100)
                .option("req", SocketOption.HEARTBEAT_TIMEOUT, 300)
                .bind("rep", "tcp://b:5557")
                .connect("req", "tcp://b:5557")
                .send("req", "ping")
                .receive("rep", ms(100))
                .send("rep", "pong")
                .receive("req", ms(100))
                .advance(ms(250))
                .fault(new Fault.Partition(Link.between("a", "b")))
                .advance(ms(1000))
                .build();
    }

    /** A PUSH connects before anyone listens: its attempts are refused and retried until the PULL binds. */
    public static Scenario bindConnectOrder() {
        Scenario.Builder b = Scenario.builder("bind-connect-order")
                .socket("push", "a", SocketType.PUSH)
                .socket("pull", "b", SocketType.PULL)
                .option("push", SocketOption.RECONNECT_IVL, 20)
                .option("push", SocketOption.RECONNECT_IVL_MAX, 20)
                .connect("push", "tcp://b:5555")
                .send("push", "queued before the bind")
                .advance(ms(50))
                .bind("pull", "tcp://b:5555");
        return b.send("push", "sent after the bind").drain("pull", 2, ms(100)).build();
    }

    /**
     * The PULL's host crashes: the PUSH sees its connection reset and retries; after the restart the PULL is bound
     * again from its spec and what the PUSH sends then arrives.
     */
    public static Scenario crashRestart() {
        Scenario.Builder b = Scenario.builder("crash-restart")
                .socket("pull", "b", SocketType.PULL)
                .socket("push", "a", SocketType.PUSH)
                .option("push", SocketOption.RECONNECT_IVL, 50)
                .option("push", SocketOption.RECONNECT_IVL_MAX, 50)
                .bind("pull", "tcp://b:5555")
                .connect("push", "tcp://b:5555")
                .send("push", "before")
                .drain("pull", 1, ms(50))
                .fault(new Fault.Crash("b"))
                .receive("pull")
                .advance(ms(120))
                .fault(new Fault.Restart("b"))
                .send("push", "after the restart");
        return b.drain("pull", 1, ms(200)).build();
    }

    // ------------------------------------------------------------------ mixed

    private static final String[] PATTERNS = {"push-pull", "pub-sub", "req-rep", "dealer-router"};

    /**
     * A random scenario for a seed: a pattern among PUSH/PULL, PUB/SUB, REQ/REP and DEALER/ROUTER with one or two
     * clients, random options (HWMs, heartbeats, reconnect intervals), bind and connect in a random order, then a
     * random mix of sends, receives, faults of the whole vocabulary (crash and restart included) and time passing,
     * ending with every link healed and the receivers drained. The same seed gives the same scenario.
     */
    public static Scenario mixed(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        String pattern = PATTERNS[r.nextInt(PATTERNS.length)];
        SocketType serverType;
        SocketType clientType;
        switch (pattern) {
            case "push-pull" -> {
                serverType = SocketType.PULL;
                clientType = SocketType.PUSH;
            }
            case "pub-sub" -> {
                serverType = SocketType.PUB;
                clientType = SocketType.SUB;
            }
            case "req-rep" -> {
                serverType = SocketType.REP;
                clientType = SocketType.REQ;
            }
            default -> {
                serverType = SocketType.ROUTER;
                clientType = SocketType.DEALER;
            }
        }
        int clients = 1 + r.nextInt(2);
        Scenario.Builder b = Scenario.builder("mixed-" + seed + "-" + pattern);
        b.socket("server", "s", serverType);
        List<String> clientIds = new ArrayList<>();
        for (int i = 1; i <= clients; i++) {
            String id = "client" + i;
            clientIds.add(id);
            b.socket(id, "c" + i, clientType);
        }
        List<String> all = new ArrayList<>(clientIds);
        all.add(0, "server");
        for (String id : all) {
            if (r.nextBoolean()) {
                int ivl = 10 + r.nextInt(100);
                b.option(id, SocketOption.RECONNECT_IVL, ivl);
                if (r.nextBoolean()) {
                    b.option(id, SocketOption.RECONNECT_IVL_MAX, ivl);
                }
            }
            if (r.nextInt(3) == 0) {
                b.option(id, SocketOption.SNDHWM, 1 + r.nextInt(20));
                b.option(id, SocketOption.RCVHWM, 1 + r.nextInt(20));
            }
            if (r.nextInt(3) == 0) {
                int ivl = 20 + r.nextInt(80);
                b.option(id, SocketOption.HEARTBEAT_IVL, ivl);
                b.option(id, SocketOption.HEARTBEAT_TIMEOUT, ivl * (2 + r.nextInt(3)));
            }
        }
        if (clientType == SocketType.SUB) {
            for (String id : clientIds) {
                b.option(id, SocketOption.SUBSCRIBE, (r.nextBoolean() ? "" : "t").getBytes(StandardCharsets.US_ASCII));
            }
        }
        String endpoint = "tcp://s:" + (5000 + r.nextInt(1000));
        boolean bindFirst = r.nextInt(4) != 0;
        if (bindFirst) {
            b.bind("server", endpoint);
        }
        for (String id : clientIds) {
            b.connect(id, endpoint);
            if (r.nextBoolean()) {
                b.advance(ms(r.nextInt(5)));
            }
        }
        if (!bindFirst) {
            b.advance(ms(r.nextInt(50)));
            b.bind("server", endpoint);
        }
        b.advance(ms(r.nextInt(20)));

        boolean serverSends = serverType == SocketType.PUB || serverType == SocketType.ROUTER;
        boolean clientsSend = clientType != SocketType.SUB;
        boolean crashed = false;
        String crashedHost = null;
        int steps = 20 + r.nextInt(60);
        for (int i = 0; i < steps; i++) {
            int what = r.nextInt(20);
            String client = clientIds.get(r.nextInt(clientIds.size()));
            String text = (r.nextBoolean() ? "t" : "x") + i;
            if (what < 7) {
                if (clientsSend && (!serverSends || r.nextBoolean())) {
                    b.send(client, Message.ofStrings(text), r.nextInt(4) == 0 ? ms(r.nextInt(50)) : Duration.ZERO);
                } else if (serverType == SocketType.ROUTER) {
                    b.receive("server");
                    b.send("server", Message.ofStrings(client, text));
                } else {
                    b.send("server", text);
                }
            } else if (what < 11) {
                String who = serverSends && clientsSend
                        ? (r.nextBoolean() ? "server" : client)
                        : serverSends ? client : clientsSend ? "server" : client;
                b.receive(who, r.nextBoolean() ? Duration.ZERO : ms(r.nextInt(30)));
            } else if (what < 15) {
                b.advance(ms(1 + r.nextInt(100)));
            } else if (what < 19) {
                Link link = r.nextBoolean()
                        ? Link.between("s", "c" + (1 + r.nextInt(clients)))
                        : Link.from("c" + (1 + r.nextInt(clients)), "s");
                if (r.nextBoolean()) {
                    link = new Link(link.b(), link.a(), link.direction());
                }
                b.fault(
                        switch (r.nextInt(7)) {
                            case 0 -> new Fault.Delay(link, ms(1 + r.nextInt(20)));
                            case 1 -> new Fault.Stall(link);
                            case 2 -> new Fault.Partition(link);
                            case 3 -> new Fault.Reset(link);
                            case 4 -> new Fault.SilentDrop(link);
                            case 5 -> new Fault.Reslice(link, 1 + r.nextInt(16));
                            default -> new Fault.Heal(link);
                        });
            } else if (!crashed) {
                crashedHost = r.nextBoolean() ? "s" : "c" + (1 + r.nextInt(clients));
                b.fault(new Fault.Crash(crashedHost));
                crashed = true;
            } else if (crashedHost != null) {
                b.fault(new Fault.Restart(crashedHost));
                crashedHost = null;
            }
        }
        if (crashedHost != null) {
            b.fault(new Fault.Restart(crashedHost));
        }
        for (int i = 1; i <= clients; i++) {
            b.fault(new Fault.Heal(Link.between("s", "c" + i)));
        }
        b.advance(ms(50));
        if (clientsSend && serverType != SocketType.REP) {
            b.drain("server", 200, ms(30));
        }
        if (serverSends) {
            for (String id : clientIds) {
                b.drain(id, 200, ms(30));
            }
        }
        return b.build();
    }
}
