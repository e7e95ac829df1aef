package dev.zck.engine.interop;

import dev.zck.spec.Timeouts;
import dev.zck.spi.Message;
import dev.zck.spi.SocketType;
import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import zmq.Msg;
import zmq.SocketBase;
import zmq.io.Metadata;

/**
 * A JeroMQ socket in this JVM. JeroMQ sockets are not thread-safe, so one harness thread owns the socket and its
 * monitor: it runs the test thread's send/receive requests, reads the monitor PAIR ({@code socket.monitor(inproc,
 * EVENT_ALL)}) into the event log and runs the {@link JeromqHandshakeProbe}, which supplies the HANDSHAKE_SUCCEEDED
 * events JeroMQ 0.6.0 does not emit. The thread waits at most {@value #LOOP_WAIT_MS} ms on the monitor per turn, so
 * requests and probe results are picked up within that.
 */
final class JeromqHandshakePeer implements HandshakePeer {
    private static final int LOOP_WAIT_MS = 5;
    private static final AtomicInteger MONITORS = new AtomicInteger();

    private final SocketType type;
    private final Role role;
    private final Timeouts timeouts;
    private final String name;
    private final EventLog log;
    private final BlockingQueue<Runnable> requests = new LinkedBlockingQueue<>();
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final Thread owner;
    private volatile boolean stopped;
    private volatile String endpoint;

    // Touched by the owner thread only.
    private final JeromqHandshakeProbe probe = new JeromqHandshakeProbe();
    private ZContext context;
    private ZMQ.Socket socket;
    private ZMQ.Socket monitor;
    private PendingReceive pending;
    private int lastRoutingId;
    private volatile int connectRoutingId;

    private record PendingReceive(
            long deadline, Collection<String> properties, CompletableFuture<Optional<ReceivedMessage>> result) {}

    private JeromqHandshakePeer(
            org.zeromq.SocketType jeromqType,
            SocketType type,
            Role role,
            String endpoint,
            PeerSetup setup,
            Timeouts timeouts) {
        this.type = type;
        this.role = role;
        this.endpoint = endpoint;
        this.timeouts = timeouts;
        this.name = "JeroMQ " + type + " " + role + " " + endpoint;
        this.log = new EventLog(name);
        this.owner = new Thread(() -> run(jeromqType, setup), "jeromq-peer-" + type + "-" + role);
        owner.setDaemon(true);
    }

    static JeromqHandshakePeer start(
            org.zeromq.SocketType jeromqType,
            SocketType type,
            Role role,
            String endpoint,
            PeerSetup setup,
            Timeouts timeouts) {
        JeromqHandshakePeer peer = new JeromqHandshakePeer(jeromqType, type, role, endpoint, setup, timeouts);
        peer.owner.start();
        try {
            peer.endpoint = peer.ready.get(timeouts.expect().toMillis(), TimeUnit.MILLISECONDS);
            return peer;
        } catch (ExecutionException e) {
            peer.close();
            throw new PeerException(peer.name + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException | InterruptedException e) {
            peer.close();
            throw new PeerException(peer.name + ": not ready within " + timeouts.expect(), e);
        }
    }

    @Override
    public SocketType type() {
        return type;
    }

    @Override
    public Role role() {
        return role;
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public List<PeerEvent> events() {
        return log.snapshot();
    }

    @Override
    public Optional<PeerEvent> awaitEvent(Predicate<PeerEvent> condition, Duration timeout) {
        return log.await(condition, timeout);
    }

    @Override
    public OptionalInt connectRoutingId() {
        int id = connectRoutingId;
        return id == 0 ? OptionalInt.empty() : OptionalInt.of(id);
    }

    @Override
    public synchronized void send(Message message) {
        Messaging.checkSend(type, message);
        String error = onOwner(() -> sendNow(message), timeouts.expect().multipliedBy(2));
        if (error != null) {
            throw new PeerException(name + ": send failed: " + error);
        }
    }

    @Override
    public synchronized Optional<ReceivedMessage> receiveMessage(Duration timeout, Collection<String> properties) {
        Messaging.checkReceive(type);
        CompletableFuture<Optional<ReceivedMessage>> result = new CompletableFuture<>();
        List<String> names = List.copyOf(properties);
        submit(() -> {
            if (stopped) {
                result.completeExceptionally(new PeerException(name + " is closed"));
            } else {
                pending = new PendingReceive(System.nanoTime() + timeout.toNanos(), names, result);
            }
        });
        return await(result, timeout.plus(timeouts.expect()));
    }

    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        log.close();
        try {
            owner.join(timeouts.expect().toMillis());
            if (owner.isAlive()) {
                owner.interrupt(); // a daemon: it cannot keep the JVM alive, and JeroMQ honours interrupts
                owner.join(timeouts.expect().toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    // ---- the owner thread

    private void run(org.zeromq.SocketType jeromqType, PeerSetup setup) {
        try {
            open(jeromqType, setup);
            ready.complete(role == Role.BIND ? socket.getLastEndpoint() : endpoint);
            while (!closing.get()) {
                for (Runnable request = requests.poll(); request != null; request = requests.poll()) {
                    request.run();
                }
                readMonitor();
                socket.getEvents(); // processes the socket's commands, so the probe sees new pipes
                probe.poll(socket.base()).forEach(log::add);
                serviceReceive();
            }
        } catch (RuntimeException | Error e) {
            ready.completeExceptionally(e);
            log.fail("the JeroMQ peer thread failed: " + e);
        } finally {
            stopped = true;
            requests.forEach(Runnable::run); // they see "stopped" and fail their futures
            if (pending != null) {
                pending.result().completeExceptionally(new PeerException(name + " closed during a receive"));
            }
            closeSockets();
        }
    }

    private void closeSockets() {
        if (socket != null) {
            socket.monitor(null, 0); // stops JeroMQ's own end of the monitor before the context ends
        }
        if (context != null) {
            context.close(); // closes the sockets, LINGER 0, then terminates
        }
    }

    private void open(org.zeromq.SocketType jeromqType, PeerSetup setup) {
        context = new ZContext();
        socket = context.createSocket(jeromqType);
        socket.setLinger(0);
        if (setup.routingId() != null) {
            socket.setIdentity(setup.routingId());
        }
        if (type == SocketType.SUB) {
            setup.subscriptions().forEach(socket::subscribe); // by default everything, so a round trip works
        }
        if (type == SocketType.DISH) {
            for (String group : setup.groups()) {
                if (!socket.join(group)) {
                    throw new PeerException(name + ": cannot join " + group + ", errno " + socket.errno());
                }
            }
        }
        String monitorEndpoint = "inproc://zck-jeromq-monitor-" + MONITORS.incrementAndGet();
        if (!socket.monitor(monitorEndpoint, ZMQ.EVENT_ALL)) {
            throw new PeerException(name + ": cannot monitor the socket");
        }
        monitor = context.createSocket(org.zeromq.SocketType.PAIR);
        monitor.setLinger(0);
        monitor.setReceiveTimeOut(LOOP_WAIT_MS);
        monitor.connect(monitorEndpoint);
        boolean ok;
        if (role == Role.BIND) {
            ok = socket.bind(endpoint);
        } else if (type == SocketType.PEER) {
            connectRoutingId = socket.connectPeer(endpoint);
            ok = connectRoutingId != 0;
        } else {
            ok = socket.connect(endpoint);
        }
        if (!ok) {
            throw new PeerException(name + ": " + role + " failed, errno " + socket.errno());
        }
    }

    /** Waits up to LOOP_WAIT_MS for a monitor event, then takes whatever else is queued. */
    private void readMonitor() {
        SocketBase base = monitor.base();
        for (zmq.ZMQ.Event event = zmq.ZMQ.Event.read(base, 0);
                event != null;
                event = zmq.ZMQ.Event.read(base, ZMQ.DONTWAIT)) {
            SelectableChannel channel = event.getChannel(base);
            Object value = channel != null ? channel : event.arg;
            log.add(NativeEvents.toPeerEvent(event.event, value, event.addr));
        }
    }

    private String sendNow(Message message) {
        SocketBase base = socket.base();
        base.setSocketOpt(zmq.ZMQ.ZMQ_SNDTIMEO, (int) timeouts.expect().toMillis());
        List<byte[]> frames = message.frames();
        for (int i = 0; i < frames.size(); i++) {
            Msg msg = new Msg(frames.get(i));
            if (type == SocketType.SERVER || type == SocketType.PEER) {
                msg.setRoutingId(message.routingId().orElse(lastRoutingId));
            }
            message.group().ifPresent(msg::setGroup);
            if (!base.send(msg, i < frames.size() - 1 ? zmq.ZMQ.ZMQ_SNDMORE : 0)) {
                return "errno " + base.errno();
            }
        }
        return null;
    }

    private void serviceReceive() {
        if (pending == null) {
            return;
        }
        SocketBase base = socket.base();
        Msg first = base.recv(zmq.ZMQ.ZMQ_DONTWAIT);
        if (first != null) {
            List<byte[]> frames = new ArrayList<>();
            lastRoutingId = first.getRoutingId();
            Msg frame = first;
            while (true) { // the rest of a message is already there
                frames.add(frame.data());
                if (!frame.hasMore()) {
                    break;
                }
                frame = base.recv(0);
            }
            Map<String, String> found = new LinkedHashMap<>();
            Metadata metadata = frame.getMetadata();
            for (String property : pending.properties()) {
                String value = metadata == null ? null : metadata.get(property);
                if (value != null) {
                    found.put(property, value);
                }
            }
            OptionalInt routingId = type == SocketType.SERVER || type == SocketType.PEER
                    ? OptionalInt.of(first.getRoutingId())
                    : OptionalInt.empty();
            Optional<String> group = type == SocketType.DISH ? Optional.ofNullable(first.getGroup()) : Optional.empty();
            pending.result().complete(Optional.of(new ReceivedMessage(frames, found, routingId, group)));
            pending = null;
        } else if (System.nanoTime() - pending.deadline() >= 0) {
            pending.result().complete(Optional.empty());
            pending = null;
        }
    }

    // ---- handing work to the owner thread

    private void submit(Runnable request) {
        if (closing.get() || stopped) {
            throw new PeerException(
                    name + " is closed" + log.failure().map(f -> ": " + f).orElse(""));
        }
        requests.add(request);
    }

    private <T> T onOwner(Supplier<T> action, Duration timeout) {
        CompletableFuture<T> result = new CompletableFuture<>();
        submit(() -> {
            if (stopped) {
                result.completeExceptionally(new PeerException(name + " is closed"));
            } else {
                try {
                    result.complete(action.get());
                } catch (RuntimeException e) {
                    result.completeExceptionally(e);
                }
            }
        });
        return await(result, timeout);
    }

    private <T> T await(CompletableFuture<T> result, Duration timeout) {
        try {
            return result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof PeerException p ? p : new PeerException(name + ": " + e.getCause(), e);
        } catch (TimeoutException e) {
            throw new PeerException(name + ": no answer from the peer thread within " + timeout, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new PeerException(name + ": interrupted", e);
        }
    }
}
