package dev.zck.drivers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zck.drivers.protocol.DriverJson;
import dev.zck.spi.ErrorKind;
import dev.zck.spi.Message;
import dev.zck.spi.SocketEvent;
import dev.zck.spi.SocketOption;
import dev.zck.spi.ZmqException;
import dev.zck.spi.ZmqSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The one thread that uses one socket of the implementation: it serves the requests naming the socket, in order,
 * and reports the socket's events.
 *
 * <p><b>Events and blocking calls.</b> The SPI lets one thread at a time use a socket, and that includes {@link
 * ZmqSocket#nextEvent}, so the events are read here too rather than by a second thread. For a pending send or receive
 * not to hold them back, the worker waits in slices of at most {@link #SLICE}: it calls the SPI with the slice as
 * timeout, and on WOULD_BLOCK reports the events that came meanwhile and tries again until the request's own timeout
 * is spent. That is the same call as one long wait, since a send or receive that fails with WOULD_BLOCK has had no
 * effect. An idle worker looks for events every {@link #SLICE}. An event is therefore written at most about one slice
 * after the implementation queued it; only the kinds the implementation declared are written. The price is one SPI
 * call per slice during a long wait, and a WOULD_BLOCK that comes from the last slice (its message says so). A second
 * thread calling {@code nextEvent} would deliver events at once, and would be safe with the JeroMQ adapter and the
 * reference engine (both answer it from a concurrent queue), but not with every implementation the SPI allows.
 * Waiting in slices also lets a session end promptly while a long receive is pending.
 *
 * <p><b>End.</b> {@code close} closes the socket and retires the handle before it is answered. At the end of the
 * session ({@link #end}) a pending send or receive gives up at its next slice with TERMINATED, requests still queued
 * are answered TERMINATED, and the socket is closed.
 */
final class SocketWorker {
    /** The longest single wait inside the implementation, which bounds how late an event is written. */
    static final Duration SLICE = Duration.ofMillis(50);

    private final int handle;
    private final ZmqSocket socket;
    private final Set<SocketEvent.Kind> declaredEvents;
    private final ProtocolOutput out;
    private final Runnable retire;
    private final BlockingQueue<Optional<Request>> inbox = new LinkedBlockingQueue<>(); // empty: end
    private final Thread thread;
    private volatile boolean ending;

    // On the worker thread only.
    private boolean closed;
    private boolean reportEvents;

    /** @param retire removes the handle from the server's table; called when the socket closes */
    SocketWorker(
            int handle, ZmqSocket socket, Set<SocketEvent.Kind> declaredEvents, ProtocolOutput out, Runnable retire) {
        this.handle = handle;
        this.socket = socket;
        this.declaredEvents = declaredEvents;
        this.reportEvents = !declaredEvents.isEmpty();
        this.out = out;
        this.retire = retire;
        this.thread = new Thread(this::run, "zck-driver-socket-" + handle);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    void submit(Request request) {
        inbox.add(Optional.of(request));
    }

    /** Ends the worker as described above; returns at once. */
    void end() {
        ending = true;
        inbox.add(Optional.empty());
    }

    /** Waits until the worker has ended or the deadline ({@link System#nanoTime}) passed; true if it ended. */
    boolean awaitEnd(long deadline) {
        try {
            thread.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime())));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !thread.isAlive();
    }

    int handle() {
        return handle;
    }

    private void run() {
        try {
            while (!closed) {
                Optional<Request> next = inbox.poll(SLICE.toNanos(), TimeUnit.NANOSECONDS);
                if (next != null && next.isEmpty()) {
                    break;
                }
                if (next != null) {
                    serve(next.get());
                }
                if (!closed) {
                    reportEvents();
                }
            }
        } catch (InterruptedException e) {
            // nobody interrupts this thread; end as at the end of the session
        } finally {
            closeAtEnd();
        }
    }

    private void serve(Request request) {
        try {
            if (ending) {
                throw ended();
            }
            out.ok(request.id(), perform(request));
        } catch (ZmqException | RuntimeException e) {
            out.failure(request.id(), e);
        }
    }

    private ObjectNode perform(Request request) throws ZmqException {
        ObjectNode result = DriverJson.object();
        switch (request.op()) {
            case SET -> {
                SocketOption<?> option = request.option();
                set(option, request.value(option));
            }
            case GET -> {
                SocketOption<?> option = request.option();
                result.set("value", DriverJson.optionValue(option, socket.get(option)));
            }
            case BIND -> result.put("endpoint", socket.bind(request.text("endpoint")));
            case CONNECT -> socket.connect(request.text("endpoint"));
            case UNBIND -> socket.unbind(request.text("endpoint"));
            case DISCONNECT -> socket.disconnect(request.text("endpoint"));
            case CONNECT_PEER -> {
                int routingId = socket.connectPeer(request.text("endpoint"));
                result.put("routingId", Integer.toUnsignedLong(routingId));
            }
            case SEND -> {
                Message message = request.message();
                inSlices(request.timeout(), slice -> {
                    socket.send(message, slice);
                    return null;
                });
            }
            case RECV -> DriverJson.putMessage(result, inSlices(request.timeout(), socket::receive));
            case CLOSE -> close();
            default -> throw new IllegalStateException(request + " names no socket");
        }
        return result;
    }

    private <T> void set(SocketOption<T> option, Object value) throws ZmqException {
        socket.set(option, option.cast(value));
    }

    /** Closes the socket and retires the handle, whether or not the close succeeds. */
    private void close() throws ZmqException {
        try {
            socket.close();
        } finally {
            closed = true;
            retire.run();
        }
    }

    /** A call that may wait, made with a timeout of at most one slice. */
    @FunctionalInterface
    private interface Attempt<T> {
        T run(Duration slice) throws ZmqException;
    }

    private <T> T inSlices(Duration timeout, Attempt<T> attempt) throws ZmqException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int attempts = 0;
        while (true) {
            long left = deadline - System.nanoTime();
            Duration slice = Duration.ofNanos(Math.max(0, Math.min(left, SLICE.toNanos())));
            try {
                attempts++;
                return attempt.run(slice);
            } catch (ZmqException e) {
                if (e.kind() != ErrorKind.WOULD_BLOCK || deadline - System.nanoTime() <= 0) {
                    throw attempts == 1 ? e : sliced(e, timeout, attempts);
                }
            }
            reportEvents();
            if (ending) {
                throw ended();
            }
        }
    }

    private static ZmqException sliced(ZmqException last, Duration timeout, int attempts) {
        return new ZmqException(
                last.kind(),
                last.getMessage() + " (the driver waited " + timeout.toMillis() + " ms in " + attempts + " slices)",
                last);
    }

    /** Writes the events queued so far; should reading them fail, says so on stderr and stops reading them. */
    private void reportEvents() {
        if (!reportEvents) {
            return;
        }
        try {
            for (Optional<SocketEvent> event = socket.nextEvent(Duration.ZERO);
                    event.isPresent();
                    event = socket.nextEvent(Duration.ZERO)) {
                if (declaredEvents.contains(event.get().kind())) {
                    out.event(handle, event.get());
                }
            }
        } catch (ZmqException | RuntimeException e) {
            reportEvents = false;
            System.err.println("driver: socket " + handle + " reports no more events: reading them failed: " + e);
        }
    }

    /** At the end of the session: answers what is still queued, closes the socket if it is open. */
    private void closeAtEnd() {
        for (Optional<Request> left = inbox.poll(); left != null; left = inbox.poll()) {
            left.ifPresent(request -> out.failure(request.id(), ended()));
        }
        if (!closed) {
            try {
                close();
            } catch (ZmqException | RuntimeException e) {
                System.err.println("driver: closing socket " + handle + " at the end failed: " + e);
            }
        }
    }

    private ZmqException ended() {
        return new ZmqException(ErrorKind.TERMINATED, "ETERM: socket " + handle + " is closed");
    }
}
