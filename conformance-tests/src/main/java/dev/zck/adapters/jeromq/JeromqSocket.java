package dev.zck.adapters.jeromq;

import dev.zck.spi.ErrorKind;
import dev.zck.spi.Message;
import dev.zck.spi.SocketEvent;
import dev.zck.spi.SocketOption;
import dev.zck.spi.SocketType;
import dev.zck.spi.Transport;
import dev.zck.spi.ZmqException;
import dev.zck.spi.ZmqSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;
import zmq.Msg;
import zmq.SocketBase;

/**
 * One JeroMQ socket behind the SPI.
 *
 * <p><b>Threading.</b> The JeroMQ socket is created, used and closed by one {@link SocketOwner} thread of its own;
 * every SPI call is handed to that thread and the caller waits for the answer. Any kit thread may therefore call any
 * method, and concurrent calls on one socket are served one after the other (a send waits while another thread's
 * receive is pending). Different sockets never wait for each other. Only {@link #nextEvent} is answered on the
 * caller's thread, from a queue.
 *
 * <p><b>Waiting.</b> Every wait is bounded by the timeout the kit passes: {@link Duration#ZERO} is JeroMQ's {@code
 * DONTWAIT}; a positive timeout is spent in JeroMQ's own blocking send or receive, cut into slices of {@link
 * SocketOwner#SLICE} (SNDTIMEO/RCVTIMEO per slice) so that the owner can keep up its housekeeping meanwhile. When
 * the time is up the call fails with WOULD_BLOCK and has had no effect.
 *
 * <p><b>Messages.</b> A multipart message is sent frame by frame with {@code SNDMORE}; only the first frame may
 * wait, because JeroMQ (like libzmq) counts its high-water marks in whole messages and accepts the rest of a message
 * whose first frame it accepted. A receive takes the first frame within the timeout and the rest, which JeroMQ
 * delivers together, while {@code hasReceiveMore}. SERVER and PEER messages carry JeroMQ's {@code Msg} routing id,
 * DISH messages its group; a routing id or group given on send is set on every frame, for JeroMQ to use or ignore.
 *
 * <p><b>Events.</b> JeroMQ's monitor is registered as an event hook ({@code SocketBase.setEventHook}), whose
 * callbacks (on JeroMQ's I/O threads) queue SPI events at once; the {@link HandshakeProbe} adds the synthesized
 * HANDSHAKE_SUCCEEDED events from the owner's housekeeping, at most one {@link SocketOwner#IDLE_TICK} late, so one
 * may follow an event that happened just after it. Events stay readable after close.
 *
 * <p><b>Close.</b> LINGER -1 (JeroMQ's default) or above {@link JeromqImplementation#MAX_LINGER} is cut to that
 * maximum, then the socket is closed; JeroMQ's reaper thread sends what is queued for up to LINGER. A pending send
 * or receive on another thread ends with TERMINATED. Later calls fail with TERMINATED; closing twice is harmless.
 */
final class JeromqSocket implements ZmqSocket {
    /**
     * The most the frames after the first may wait: JeroMQ takes and delivers the rest of a message at once, so this
     * only bounds a broken case, well within the caller's {@link SocketOwner#GRACE}.
     */
    private static final Duration REST_OF_MESSAGE = Duration.ofSeconds(1);

    private final SocketType type;
    private final SocketOwner owner;
    private final BlockingQueue<SocketEvent> events = new LinkedBlockingQueue<>();
    private final Consumer<JeromqSocket> onClosed;
    private final HandshakeProbe probe;
    private volatile boolean closing;
    private volatile boolean receiving;

    // Touched on the owner thread only.
    private ZMQ.Socket socket;
    private SocketBase base;

    private JeromqSocket(SocketType type, String name, boolean unstick, Consumer<JeromqSocket> onClosed) {
        this.type = type;
        this.owner = new SocketOwner(name);
        this.onClosed = onClosed;
        this.probe = JeromqInternals.available() ? new HandshakeProbe(unstick) : null;
    }

    /** Creates the JeroMQ socket on a new owner thread. */
    static JeromqSocket open(
            ZContext context,
            org.zeromq.SocketType jeromqType,
            SocketType type,
            String name,
            boolean unstick,
            Consumer<JeromqSocket> onClosed)
            throws ZmqException {
        JeromqSocket socket = new JeromqSocket(type, name, unstick, onClosed);
        socket.owner.start(socket::houseKeep);
        try {
            socket.owner.call("create a " + type, Duration.ZERO, () -> {
                socket.create(context, jeromqType);
                return null;
            });
        } catch (ZmqException e) {
            socket.owner.stop();
            throw e;
        }
        return socket;
    }

    private void create(ZContext context, org.zeromq.SocketType jeromqType) throws ZmqException {
        try {
            socket = context.createSocket(jeromqType);
        } catch (RuntimeException e) {
            throw JeromqErrors.thrown(e, "create a " + type);
        }
        base = socket.base();
        if (!base.setEventHook(this::monitorEvent, zmq.ZMQ.ZMQ_EVENT_ALL)) {
            int errno = base.errno();
            socket.close();
            throw JeromqErrors.failure(errno, "monitor a " + type);
        }
    }

    @Override
    public SocketType type() {
        return type;
    }

    @Override
    public <T> void set(SocketOption<T> option, T value) throws ZmqException {
        T checked = option.cast(value);
        onOwner("set " + option.name(), Duration.ZERO, () -> {
            JeromqOptions.set(base, type, option, checked);
            return null;
        });
    }

    @Override
    public <T> T get(SocketOption<T> option) throws ZmqException {
        return option.cast(onOwner("get " + option.name(), Duration.ZERO, () -> JeromqOptions.get(base, type, option)));
    }

    @Override
    public String bind(String endpoint) throws ZmqException {
        requireTransport(endpoint);
        return onOwner("bind " + endpoint, Duration.ZERO, () -> {
            boolean ok;
            try {
                ok = base.bind(endpoint);
            } catch (RuntimeException e) {
                throw JeromqErrors.thrown(e, "bind " + endpoint);
            }
            if (!ok) {
                throw JeromqErrors.failure(base.errno(), "bind " + endpoint);
            }
            return String.valueOf(base.getSocketOptx(zmq.ZMQ.ZMQ_LAST_ENDPOINT));
        });
    }

    @Override
    public void connect(String endpoint) throws ZmqException {
        requireTransport(endpoint);
        onOwner("connect " + endpoint, Duration.ZERO, () -> {
            boolean ok;
            try {
                ok = base.connect(endpoint);
            } catch (RuntimeException e) {
                throw JeromqErrors.thrown(e, "connect " + endpoint);
            }
            if (!ok) {
                throw JeromqErrors.failure(base.errno(), "connect " + endpoint);
            }
            return null;
        });
    }

    /**
     * JeroMQ's {@code connectPeer}: the routing id of the pipe the connect attached. With IMMEDIATE (SPI meaning)
     * on, JeroMQ attaches no pipe at connect and returns a stale or zero id; zero is reported as JeroMQ's errno.
     */
    @Override
    public int connectPeer(String endpoint) throws ZmqException {
        requireTransport(endpoint);
        return onOwner("connectPeer " + endpoint, Duration.ZERO, () -> {
            int id;
            try {
                id = base.connectPeer(endpoint);
            } catch (RuntimeException e) {
                throw JeromqErrors.thrown(e, "connectPeer " + endpoint);
            }
            if (id == 0) {
                throw JeromqErrors.failure(base.errno(), "connectPeer " + endpoint + " on " + type);
            }
            return id;
        });
    }

    @Override
    public void unbind(String endpoint) throws ZmqException {
        terminateEndpoint("unbind", endpoint);
    }

    @Override
    public void disconnect(String endpoint) throws ZmqException {
        terminateEndpoint("disconnect", endpoint);
    }

    /** JeroMQ has one call for both: {@code termEndpoint}. */
    private void terminateEndpoint(String what, String endpoint) throws ZmqException {
        onOwner(what + " " + endpoint, Duration.ZERO, () -> {
            boolean ok;
            try {
                ok = base.termEndpoint(endpoint);
            } catch (RuntimeException e) {
                throw JeromqErrors.thrown(e, what + " " + endpoint);
            }
            if (!ok) {
                throw JeromqErrors.failure(base.errno(), what + " " + endpoint);
            }
            return null;
        });
    }

    @Override
    public void send(Message message, Duration timeout) throws ZmqException {
        onOwner("send on " + type, timeout, () -> {
            sendNow(message, timeout);
            return null;
        });
    }

    @Override
    public Message receive(Duration timeout) throws ZmqException {
        return onOwner("receive on " + type, timeout, () -> receiveNow(timeout));
    }

    /**
     * The next queued event. Should the owner's housekeeping have failed (a JeroMQ internal it reads changed), the
     * synthesized events would stop: that is reported as OTHER rather than as a silent wait.
     */
    @Override
    public Optional<SocketEvent> nextEvent(Duration timeout) throws ZmqException {
        Throwable failure = owner.housekeepingFailure();
        if (failure != null && events.isEmpty()) {
            throw new ZmqException(ErrorKind.OTHER, "the JeroMQ adapter's housekeeping failed: " + failure, failure);
        }
        try {
            return Optional.ofNullable(events.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ZmqException(ErrorKind.OTHER, "interrupted", e);
        }
    }

    @Override
    public void close() throws ZmqException {
        synchronized (this) {
            if (closing) {
                return;
            }
            closing = true;
        }
        try {
            owner.call("close " + type, Duration.ZERO, () -> {
                closeNow();
                return null;
            });
        } finally {
            owner.stop();
            onClosed.accept(this);
        }
    }

    /** Closes the JeroMQ socket if it is still open, LINGER cut to the maximum; on the owner thread. */
    private void closeNow() {
        if (socket == null) {
            return;
        }
        int linger = base.getSocketOpt(zmq.ZMQ.ZMQ_LINGER);
        long max = JeromqImplementation.MAX_LINGER.toMillis();
        if (linger < 0 || linger > max) {
            base.setSocketOpt(zmq.ZMQ.ZMQ_LINGER, (int) max);
        }
        socket.close();
        socket = null;
    }

    // ------------------------------------------------------------------ on the owner thread

    private void sendNow(Message message, Duration timeout) throws ZmqException {
        List<byte[]> frames = message.frames();
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < frames.size(); i++) {
            boolean more = i < frames.size() - 1;
            byte[] frame = frames.get(i);
            Msg msg = frameFor(message, frame);
            if (i == 0) {
                sendFrame(msg, more, timeout, deadline, "send");
            } else {
                // Accepted once the first frame was; wait (briefly) only if JeroMQ disagrees.
                try {
                    sendFrame(msg, more, REST_OF_MESSAGE, System.nanoTime() + REST_OF_MESSAGE.toNanos(), "send");
                } catch (ZmqException e) {
                    throw new ZmqException(
                            ErrorKind.OTHER,
                            "JeroMQ refused frame " + (i + 1) + " of " + frames.size() + " after accepting the first ("
                                    + e.getMessage() + "): a partial message may have been sent",
                            e);
                }
            }
        }
    }

    private Msg frameFor(Message message, byte[] frame) throws ZmqException {
        Msg msg = new Msg(frame);
        message.routingId().ifPresent(msg::setRoutingId);
        if (message.group().isPresent() && !msg.setGroup(message.group().get())) {
            throw new ZmqException(
                    ErrorKind.OTHER,
                    "EINVAL: JeroMQ refuses the group of "
                            + message.group().get().length() + " characters");
        }
        return msg;
    }

    /** One frame, waiting until {@code deadline} in slices; nothing is sent when it fails. */
    private void sendFrame(Msg msg, boolean more, Duration timeout, long deadline, String what) throws ZmqException {
        int flags = more ? zmq.ZMQ.ZMQ_SNDMORE : 0;
        while (true) {
            requireOpen(what);
            boolean sent;
            long left = deadline - System.nanoTime();
            try {
                if (timeout.isZero() || left <= 0) {
                    sent = base.send(msg, flags | zmq.ZMQ.ZMQ_DONTWAIT);
                } else {
                    base.setSocketOpt(zmq.ZMQ.ZMQ_SNDTIMEO, slice(left));
                    sent = base.send(msg, flags);
                }
            } catch (RuntimeException e) {
                throw JeromqErrors.thrown(e, what + " on " + type);
            }
            if (sent) {
                return;
            }
            int errno = base.errno();
            if (errno != zmq.ZError.EAGAIN || timeout.isZero() || deadline - System.nanoTime() <= 0) {
                throw JeromqErrors.failure(errno, what + " on " + type + waited(timeout));
            }
            owner.houseKeep();
        }
    }

    private Message receiveNow(Duration timeout) throws ZmqException {
        receiving = true;
        try {
            return receiveWithin(timeout);
        } finally {
            receiving = false;
        }
    }

    private Message receiveWithin(Duration timeout) throws ZmqException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Msg first = receiveFrame(timeout, deadline);
        List<byte[]> frames = new ArrayList<>();
        frames.add(first.data());
        Msg last = first;
        while (last.hasMore()) {
            last = receiveFrame(REST_OF_MESSAGE, System.nanoTime() + REST_OF_MESSAGE.toNanos());
            frames.add(last.data());
        }
        Message message = Message.of(frames);
        if ((type == SocketType.SERVER || type == SocketType.PEER) && first.getRoutingId() != 0) {
            message = message.withRoutingId(first.getRoutingId());
        }
        if (type == SocketType.DISH && first.getGroup() != null) {
            message = message.withGroup(first.getGroup());
        }
        return message;
    }

    private Msg receiveFrame(Duration timeout, long deadline) throws ZmqException {
        while (true) {
            requireOpen("receive");
            Msg msg;
            long left = deadline - System.nanoTime();
            try {
                if (timeout.isZero() || left <= 0) {
                    msg = base.recv(zmq.ZMQ.ZMQ_DONTWAIT);
                } else {
                    base.setSocketOpt(zmq.ZMQ.ZMQ_RCVTIMEO, slice(left));
                    msg = base.recv(0);
                }
            } catch (RuntimeException e) {
                throw JeromqErrors.thrown(e, "receive on " + type);
            }
            if (msg != null) {
                return msg;
            }
            int errno = base.errno();
            if (errno != zmq.ZError.EAGAIN || timeout.isZero() || deadline - System.nanoTime() <= 0) {
                throw JeromqErrors.failure(errno, "receive on " + type + waited(timeout));
            }
            owner.houseKeep();
        }
    }

    /** Command processing and the handshake probe, between requests and between slices of a wait. */
    private void houseKeep() {
        if (base == null || closing) {
            return;
        }
        base.getSocketOpt(zmq.ZMQ.ZMQ_EVENTS); // processes the socket's commands: new pipes, activations
        if (probe != null) {
            probe.poll(base).forEach(events::add);
        }
    }

    /** A JeroMQ monitor event, on one of JeroMQ's threads. */
    private void monitorEvent(zmq.ZMQ.Event event) {
        JeromqEvents.toSocketEvent(event).ifPresent(events::add);
    }

    private void requireOpen(String what) throws ZmqException {
        if (closing || socket == null) {
            throw new ZmqException(ErrorKind.TERMINATED, "ETERM: " + what + " on " + type + ": the socket was closed");
        }
    }

    // ------------------------------------------------------------------ helpers

    private <T> T onOwner(String what, Duration timeout, SocketOwner.Action<T> action) throws ZmqException {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("negative timeout " + timeout);
        }
        if (closing) {
            throw new ZmqException(ErrorKind.TERMINATED, "ETERM: " + what + ": the socket is closed");
        }
        return owner.call(what, timeout, () -> {
            requireOpen(what);
            return action.run();
        });
    }

    private static void requireTransport(String endpoint) throws ZmqException {
        Optional<Transport> transport = Transport.ofEndpoint(endpoint);
        if (transport.isEmpty() || !JeromqImplementation.TRANSPORTS.contains(transport.get())) {
            throw new ZmqException(
                    ErrorKind.UNSUPPORTED,
                    "EPROTONOSUPPORT: the JeroMQ adapter declares " + JeromqImplementation.TRANSPORTS + ", not "
                            + endpoint);
        }
    }

    private static int slice(long leftNanos) {
        long millis = Math.min(SocketOwner.SLICE.toMillis(), TimeUnit.NANOSECONDS.toMillis(leftNanos));
        return (int) Math.max(1, millis);
    }

    private static String waited(Duration timeout) {
        return timeout.isZero() ? " (don't wait)" : " (waited " + timeout.toMillis() + " ms)";
    }

    /** True while the owner waits in a receive (for the adapter's own tests). */
    boolean receivePending() {
        return receiving;
    }

    @Override
    public String toString() {
        return "JeromqSocket[" + type + ", " + owner + "]";
    }
}
