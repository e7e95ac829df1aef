package dev.zck.engine.socket.internal;

import dev.zck.engine.ZmtpCommand;
import dev.zck.engine.ZmtpSubscription;
import dev.zck.engine.transport.Endpoint;
import dev.zck.spi.ErrorKind;
import dev.zck.spi.Message;
import dev.zck.spi.SocketEvent;
import dev.zck.spi.SocketOption;
import dev.zck.spi.SocketType;
import dev.zck.spi.ZmqException;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.PromiseCombiner;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The non-blocking heart of a socket, confined to one event loop: pipes, endpoints, send and receive with deadlines
 * kept as event-loop timers, events. A subclass per socket type supplies the routing ({@link #xsend}, {@link #xrecv})
 * and reacts to pipes coming and going. Every public method must be called on {@link #loop()}; the blocking SPI
 * facade and the simulator both call in that way.
 */
public abstract class SocketCore {
    protected final SocketType type;
    protected final Options options = new Options();
    protected final List<Pipe> pipes = new ArrayList<>();
    private final EngineRuntime runtime;
    private final EventLoop loop;
    private final Map<String, Endpoints.Bound> bound = new LinkedHashMap<>();
    private final Map<String, Endpoints.Connection> connections = new LinkedHashMap<>();
    private final ArrayDeque<SendWaiter> sendWaiters = new ArrayDeque<>();
    private final ArrayDeque<RecvWaiter> recvWaiters = new ArrayDeque<>();
    private final AtomicBoolean wakePending = new AtomicBoolean();
    private volatile Consumer<SocketEvent> eventListener = event -> {};
    private boolean closing;
    private Promise<Void> closed;
    private ScheduledFuture<?> lingerTimer;
    private boolean finishing;
    private Promise<Void> listenersClosed;

    protected SocketCore(SocketType type, EngineRuntime runtime, EventLoop loop) {
        this.type = type;
        this.runtime = runtime;
        this.loop = loop;
    }

    public SocketType type() {
        return type;
    }

    public EventLoop loop() {
        return loop;
    }

    public Options options() {
        return options;
    }

    EngineRuntime runtime() {
        return runtime;
    }

    /** Receives every event, on the loop, in order. */
    public void onEvent(Consumer<SocketEvent> listener) {
        this.eventListener = listener;
    }

    void event(SocketEvent.Kind kind, String endpoint, String detail) {
        eventListener.accept(new SocketEvent(kind, endpoint, detail));
    }

    // ------------------------------------------------------------------ options

    public <T> void set(SocketOption<T> option, T value) throws ZmqException {
        checkOpen();
        if (option.writeOnly()) {
            setWriteOnly(option, value);
        } else {
            options.set(option, value);
        }
    }

    public Object get(SocketOption<?> option) throws ZmqException {
        checkOpen();
        if (option.writeOnly()) {
            throw new ZmqException(ErrorKind.OTHER, "EINVAL: " + option.name() + " is write-only");
        }
        return options.get(option);
    }

    /** SUBSCRIBE, UNSUBSCRIBE, JOIN, LEAVE: only the types that have them override this. */
    protected void setWriteOnly(SocketOption<?> option, Object value) throws ZmqException {
        throw new ZmqException(ErrorKind.OTHER, "EINVAL: " + type + " has no option " + option.name());
    }

    // ------------------------------------------------------------------ endpoints

    /** Binds; completes with the resolved endpoint. */
    public Future<String> bind(String endpoint) {
        Promise<String> result = loop.newPromise();
        try {
            checkOpen();
            Endpoints.bind(this, Endpoint.parse(endpoint), result, bound);
        } catch (ZmqException e) {
            result.setFailure(e);
        } catch (IllegalArgumentException e) {
            result.setFailure(new ZmqException(ErrorKind.OTHER, "EINVAL: " + e.getMessage()));
        }
        return result;
    }

    public void connect(String endpoint) throws ZmqException {
        checkOpen();
        Endpoint parsed;
        try {
            parsed = Endpoint.parse(endpoint);
        } catch (IllegalArgumentException e) {
            throw new ZmqException(ErrorKind.OTHER, "EINVAL: " + e.getMessage());
        }
        Endpoints.Connection connection = Endpoints.connect(this, parsed);
        connections.put(endpoint, connection);
    }

    /** Connects and returns the new peer's routing id; only PEER can. */
    public int connectPeer(String endpoint) throws ZmqException {
        throw new ZmqException(ErrorKind.UNSUPPORTED, "ENOTSUP: " + type + " has no connectPeer");
    }

    /** Stops listening on {@code endpoint}; the future completes once the endpoint is free. */
    public Future<?> unbind(String endpoint) throws ZmqException {
        checkOpen();
        Endpoints.Bound b = bound.remove(endpoint);
        if (b == null) {
            throw new ZmqException(ErrorKind.OTHER, "ENOENT: " + endpoint + " is not bound");
        }
        bound.values().removeIf(other -> other == b);
        return b.unbind();
    }

    public void disconnect(String endpoint) throws ZmqException {
        checkOpen();
        Endpoints.Connection c = connections.remove(endpoint);
        if (c == null) {
            throw new ZmqException(ErrorKind.OTHER, "ENOENT: " + endpoint + " is not connected");
        }
        c.close();
    }

    // ------------------------------------------------------------------ pipes

    /** A pipe is ready for routing (connected, or queueing for a connecting peer). */
    void attachPipe(Pipe pipe) {
        if (closing) {
            pipe.terminate();
            return;
        }
        pipes.add(pipe);
        attached(pipe);
        wake();
    }

    /** A pipe is gone for good. */
    void detachPipe(Pipe pipe) {
        if (pipes.remove(pipe)) {
            terminated(pipe);
        }
        wake();
        if (closing) {
            checkClosed();
        }
    }

    /** A connecting pipe has a new connection after losing one: resend what the peer must know. */
    void reconnected(Pipe pipe) {
        hiccuped(pipe);
        wake();
    }

    /** A pipe has sent everything it had queued (used while lingering). */
    void pipeDrained(Pipe pipe) {
        if (closing) {
            loop.execute(this::checkClosed);
        }
    }

    /** Something changed that may unblock a waiting send or receive; coalesced and run later on the loop. */
    public void wake() {
        if (wakePending.compareAndSet(false, true)) {
            loop.execute(this::processWaiters);
        }
    }

    protected abstract void attached(Pipe pipe);

    protected abstract void terminated(Pipe pipe);

    /** The pipe got a new connection; SUB and XSUB resend subscriptions, DISH its groups. */
    protected void hiccuped(Pipe pipe) {}

    /**
     * True for the types that discard what arrives while a peer's incoming queue is full (SUB, XSUB, DISH: RFC 29 and
     * 48) instead of making the connection stop reading; the others push back on the sender.
     */
    protected boolean discardsWhenFull() {
        return false;
    }

    /** The socket starts closing and its pipes are still there (XSUB cancels its subscriptions). */
    protected void beforeClose() {}

    /** A subscription change arrived on a pipe (PUB, XPUB). */
    protected void onSubscription(Pipe pipe, ZmtpSubscription subscription) {}

    /** JOIN or LEAVE arrived on a pipe (RADIO). */
    protected void onGroupCommand(Pipe pipe, ZmtpCommand command) {}

    /**
     * Routes one message.
     *
     * @return false when it cannot be taken now (would block); dropping types return true and drop
     * @throws ZmqException for a state error, an unreachable peer, an unsupported operation
     */
    protected abstract boolean xsend(Message message) throws ZmqException;

    /**
     * The next message for the application, or null when none is ready.
     *
     * @throws ZmqException for a state error or an unsupported operation
     */
    protected abstract Message xrecv() throws ZmqException;

    // ------------------------------------------------------------------ send and receive

    /** Sends now if the socket can take the message, without waiting or allocating a future; false if it would block. */
    public boolean trySend(Message message) throws ZmqException {
        checkOpen();
        return sendWaiters.isEmpty() && xsend(message);
    }

    /** The next message if one is ready, else null; never waits. */
    public Message tryReceive() throws ZmqException {
        checkOpen();
        return recvWaiters.isEmpty() ? xrecv() : null;
    }

    /**
     * Sends, waiting up to {@code timeoutMillis} of loop time (0: not at all) for room. Fails with WOULD_BLOCK at
     * the deadline, or at once with the type's error.
     */
    public Future<Void> send(Message message, long timeoutMillis) {
        Promise<Void> promise = loop.newPromise();
        try {
            checkOpen();
            if (sendWaiters.isEmpty() && xsend(message)) {
                promise.setSuccess(null);
                return promise;
            }
        } catch (ZmqException e) {
            promise.setFailure(e);
            return promise;
        }
        if (timeoutMillis <= 0) {
            promise.setFailure(wouldBlock("send"));
            return promise;
        }
        SendWaiter waiter = new SendWaiter(message, promise);
        waiter.timer = loop.schedule(
                () -> {
                    if (sendWaiters.remove(waiter)) {
                        promise.tryFailure(wouldBlock("send"));
                    }
                },
                timeoutMillis,
                TimeUnit.MILLISECONDS);
        sendWaiters.add(waiter);
        return promise;
    }

    /** Receives, waiting up to {@code timeoutMillis} of loop time (0: not at all). */
    public Future<Message> receive(long timeoutMillis) {
        Promise<Message> promise = loop.newPromise();
        try {
            checkOpen();
            if (recvWaiters.isEmpty()) {
                Message m = xrecv();
                if (m != null) {
                    promise.setSuccess(m);
                    return promise;
                }
            }
        } catch (ZmqException e) {
            promise.setFailure(e);
            return promise;
        }
        if (timeoutMillis <= 0) {
            promise.setFailure(wouldBlock("receive"));
            return promise;
        }
        RecvWaiter waiter = new RecvWaiter(promise);
        waiter.timer = loop.schedule(
                () -> {
                    if (recvWaiters.remove(waiter)) {
                        promise.tryFailure(wouldBlock("receive"));
                    }
                },
                timeoutMillis,
                TimeUnit.MILLISECONDS);
        recvWaiters.add(waiter);
        return promise;
    }

    /** Runs on every wake before waiting calls are retried (PUB drains what its peers send). */
    protected void afterWake() {}

    private void processWaiters() {
        wakePending.set(false);
        afterWake();
        if (closing) {
            checkClosed();
            return;
        }
        while (!sendWaiters.isEmpty()) {
            SendWaiter w = sendWaiters.peek();
            try {
                if (!xsend(w.message)) {
                    break;
                }
                sendWaiters.poll();
                w.timer.cancel(false);
                w.promise.trySuccess(null);
            } catch (ZmqException e) {
                sendWaiters.poll();
                w.timer.cancel(false);
                w.promise.tryFailure(e);
            }
        }
        while (!recvWaiters.isEmpty()) {
            RecvWaiter w = recvWaiters.peek();
            try {
                Message m = xrecv();
                if (m == null) {
                    break;
                }
                recvWaiters.poll();
                w.timer.cancel(false);
                w.promise.trySuccess(m);
            } catch (ZmqException e) {
                recvWaiters.poll();
                w.timer.cancel(false);
                w.promise.tryFailure(e);
            }
        }
    }

    private static ZmqException wouldBlock(String what) {
        return new ZmqException(ErrorKind.WOULD_BLOCK, "EAGAIN: " + what + " timed out");
    }

    // ------------------------------------------------------------------ close

    /**
     * Closes, as libzmq's {@code zmq_close} does: endpoints stop listening, waiting calls fail with TERMINATED, and
     * the socket lingers in the background: queued messages get up to LINGER (capped by {@code maxLingerMillis}) to
     * leave, connecting pipes keep reconnecting meanwhile, then every pipe is terminated. The returned future
     * completes once the listeners are closed (so the endpoints can be bound again); {@link #terminated()} once
     * everything is released.
     */
    public Future<Void> close(long maxLingerMillis) {
        if (closed != null) {
            return listenersClosed;
        }
        closed = loop.newPromise();
        listenersClosed = loop.newPromise();
        closing = true;
        beforeClose();
        ZmqException terminated = new ZmqException(ErrorKind.TERMINATED, "ETERM: the socket was closed");
        sendWaiters.forEach(w -> {
            w.timer.cancel(false);
            w.promise.tryFailure(terminated);
        });
        sendWaiters.clear();
        recvWaiters.forEach(w -> {
            w.timer.cancel(false);
            w.promise.tryFailure(terminated);
        });
        recvWaiters.clear();
        PromiseCombiner unbinding = new PromiseCombiner(loop);
        for (Endpoints.Bound b : new java.util.LinkedHashSet<>(bound.values())) {
            unbinding.add(b.close());
        }
        bound.clear();
        unbinding.finish(listenersClosed);
        long linger = options.linger < 0 ? maxLingerMillis : Math.min(options.linger, maxLingerMillis);
        if (linger <= 0) {
            terminateAll();
        } else {
            lingerTimer = loop.schedule(this::terminateAll, linger, TimeUnit.MILLISECONDS);
            checkClosed();
        }
        return listenersClosed;
    }

    /** Completes when a closed socket has released everything (its linger is over). */
    public Future<Void> terminated() {
        return closed == null ? loop.newPromise() : closed;
    }

    private void terminateAll() {
        for (Pipe pipe : List.copyOf(pipes)) {
            pipe.terminate();
            detachPipe(pipe);
        }
        closeConnections();
        checkClosed();
    }

    private void closeConnections() {
        List<Endpoints.Connection> all = List.copyOf(connections.values());
        connections.clear();
        all.forEach(Endpoints.Connection::close);
    }

    private void checkClosed() {
        if (closed == null || closed.isDone()) {
            return;
        }
        for (Pipe pipe : List.copyOf(pipes)) {
            if (pipe instanceof StreamPipe s && s.drained()) {
                s.terminate();
                detachPipe(s);
            } else if (pipe instanceof StreamPipe s) {
                s.watchDrain();
            } else if (pipe instanceof InprocPipe i && i.drained()) {
                i.terminate();
                detachPipe(i);
            }
        }
        if (pipes.isEmpty() && !finishing) {
            finishing = true;
            if (lingerTimer != null) {
                lingerTimer.cancel(false);
            }
            closeConnections();
            event(SocketEvent.Kind.CLOSED, "", "");
            listenersClosed.addListener(f -> closed.trySuccess(null));
        }
    }

    public boolean isClosing() {
        return closing;
    }

    protected void checkOpen() throws ZmqException {
        if (closing) {
            throw new ZmqException(ErrorKind.TERMINATED, "ETERM: the socket was closed");
        }
    }

    private static final class SendWaiter {
        final Message message;
        final Promise<Void> promise;
        ScheduledFuture<?> timer;

        SendWaiter(Message message, Promise<Void> promise) {
            this.message = message;
            this.promise = promise;
        }
    }

    private static final class RecvWaiter {
        final Promise<Message> promise;
        ScheduledFuture<?> timer;

        RecvWaiter(Promise<Message> promise) {
            this.promise = promise;
        }
    }
}
