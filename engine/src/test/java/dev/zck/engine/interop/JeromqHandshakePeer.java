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
final class JeromqHandshakePeer extends AbstractHandshakePeer {
    private static final int LOOP_WAIT_MS = 5;
    private static final AtomicInteger MONITORS = new AtomicInteger();

    private final BlockingQueue<Runnable> requests = new LinkedBlockingQueue<>();
    private final CompletableFuture<String> ready = new CompletableFuture<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final Thread owner;
    private volatile boolean stopped;

    // Touched by the owner thread only.
    private final JeromqHandshakeProbe probe = new JeromqHandshakeProbe();
    private ZContext context;
    private ZMQ.Socket socket;
    private ZMQ.Socket monitor;
    private PendingReceive pending;
    private int lastRoutingId;
    private volatile int connectRoutingId;

    /** A receive of up to {@code count} messages, waiting {@code timeout} for each. */
    private static final class PendingReceive {
        final int count;
        final long timeoutNanos;
        final Collection<String> properties;
        final CompletableFuture<List<ReceivedMessage>> result;
        final List<ReceivedMessage> received = new ArrayList<>();
        long deadline;

        PendingReceive(
                int count,
                Duration timeout,
                Collection<String> properties,
                CompletableFuture<List<ReceivedMessage>> result) {
            this.count = count;
            this.timeoutNanos = timeout.toNanos();
            this.properties = properties;
            this.result = result;
            this.deadline = System.nanoTime() + timeoutNanos;
        }
    }

    private JeromqHandshakePeer(
            org.zeromq.SocketType jeromqType,
            SocketType type,
            Role role,
            String endpoint,
            PeerSetup setup,
            Timeouts timeouts) {
        super(type, role, endpoint, timeouts, "JeroMQ " + type + " " + role + " " + endpoint);
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
    public OptionalInt connectRoutingId() {
        int id = connectRoutingId;
        return id == 0 ? OptionalInt.empty() : OptionalInt.of(id);
    }

    /** Sends them all in one turn of the owner thread. */
    @Override
    public synchronized void sendAll(List<Message> messages) {
        messages.forEach(message -> Messaging.checkSend(type, message));
        String error = onOwner(
                () -> {
                    for (int i = 0; i < messages.size(); i++) {
                        String failed = sendNow(messages.get(i));
                        if (failed != null) {
                            return failed + " (message " + i + " of " + messages.size() + ")";
                        }
                    }
                    return null;
                },
                timeouts.expect().multipliedBy(2).plus(timeouts.expect().multipliedBy(messages.size())));
        if (error != null) {
            throw new PeerException(name + ": send failed: " + error);
        }
    }

    @Override
    protected synchronized List<ReceivedMessage> receiveNow(int count, Duration timeout, List<String> names) {
        CompletableFuture<List<ReceivedMessage>> result = new CompletableFuture<>();
        submit(() -> {
            if (stopped) {
                result.completeExceptionally(new PeerException(name + " is closed"));
            } else {
                pending = new PendingReceive(count, timeout, names, result);
            }
        });
        // Each message may take the whole timeout; the owner thread gives up on its own after one idle timeout.
        return await(result, timeout.multipliedBy(count).plus(timeouts.expect()));
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
                pending.result.completeExceptionally(new PeerException(name + " closed during a receive"));
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

    /** Takes what has arrived for the pending receive; completes it when it has all, or has waited too long. */
    private void serviceReceive() {
        if (pending == null) {
            return;
        }
        SocketBase base = socket.base();
        for (Msg first = base.recv(zmq.ZMQ.ZMQ_DONTWAIT); first != null; first = base.recv(zmq.ZMQ.ZMQ_DONTWAIT)) {
            pending.received.add(readMessage(base, first, pending.properties));
            pending.deadline = System.nanoTime() + pending.timeoutNanos;
            if (pending.received.size() == pending.count) {
                break;
            }
        }
        if (pending.received.size() == pending.count || System.nanoTime() - pending.deadline >= 0) {
            pending.result.complete(List.copyOf(pending.received));
            pending = null;
        }
    }

    private ReceivedMessage readMessage(SocketBase base, Msg first, Collection<String> properties) {
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
        for (String property : properties) {
            String value = metadata == null ? null : metadata.get(property);
            if (value != null) {
                found.put(property, value);
            }
        }
        OptionalInt routingId = type == SocketType.SERVER || type == SocketType.PEER
                ? OptionalInt.of(first.getRoutingId())
                : OptionalInt.empty();
        Optional<String> group = type == SocketType.DISH ? Optional.ofNullable(first.getGroup()) : Optional.empty();
        return new ReceivedMessage(frames, found, routingId, group);
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
