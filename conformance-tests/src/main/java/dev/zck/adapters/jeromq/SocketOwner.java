package dev.zck.adapters.jeromq;

import dev.zck.spi.ErrorKind;
import dev.zck.spi.ZmqException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The one thread that touches a JeroMQ socket. JeroMQ's classic sockets are not thread-safe (and the draft ones are
 * only made safe by a lock), so every SPI call is handed to this thread as a request and the caller waits for its
 * answer; calls from several kit threads are therefore safe, and are served one after the other.
 *
 * <p>Between requests, and between the short slices a waiting send or receive is cut into ({@link #SLICE}), the
 * thread runs the socket's housekeeping (JeroMQ command processing, the handshake probe), at least every {@link
 * #IDLE_TICK} while idle. A request is picked up at once when the thread is idle.
 */
final class SocketOwner {
    /** How long an idle owner waits for a request before its next housekeeping. */
    static final Duration IDLE_TICK = Duration.ofMillis(5);
    /** The longest single wait inside JeroMQ while a send or receive is pending. */
    static final Duration SLICE = Duration.ofMillis(5);
    /** How much longer than a call's own timeout the caller waits for the owner to answer. */
    static final Duration GRACE = Duration.ofSeconds(10);

    /** An action run on the owner thread. */
    @FunctionalInterface
    interface Action<T> {
        T run() throws ZmqException;
    }

    private final String name;
    private final BlockingQueue<Runnable> requests = new LinkedBlockingQueue<>();
    private final Object lifecycle = new Object();
    private final Thread thread;
    private volatile Runnable housekeeping = () -> {};
    private volatile boolean stopping;
    private boolean stopped; // guarded by lifecycle
    private volatile Throwable housekeepingFailure;

    SocketOwner(String name) {
        this.name = name;
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
    }

    void start(Runnable housekeeping) {
        this.housekeeping = housekeeping;
        thread.start();
    }

    /** True on the owner thread. */
    boolean isOwnerThread() {
        return Thread.currentThread() == thread;
    }

    /** The housekeeping failure, if one happened: housekeeping then stops for good; requests still run. */
    Throwable housekeepingFailure() {
        return housekeepingFailure;
    }

    /**
     * Runs {@code action} on the owner thread and returns its result, waiting at most {@code timeout} plus {@link
     * #GRACE} (the action itself keeps {@code timeout}; the grace only covers a queue of earlier requests and
     * scheduling).
     */
    <T> T call(String what, Duration timeout, Action<T> action) throws ZmqException {
        if (isOwnerThread()) {
            return action.run();
        }
        CompletableFuture<T> result = new CompletableFuture<>();
        synchronized (lifecycle) {
            if (stopped) {
                throw new ZmqException(ErrorKind.TERMINATED, "ETERM: " + what + ": the socket is closed");
            }
            requests.add(() -> {
                try {
                    result.complete(action.run());
                } catch (ZmqException | RuntimeException | Error e) {
                    result.completeExceptionally(e);
                }
            });
        }
        Duration wait = timeout.plus(GRACE);
        try {
            return result.get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof ZmqException z) {
                throw new ZmqException(z.kind(), z.getMessage(), z);
            }
            throw new ZmqException(ErrorKind.OTHER, what + ": " + cause, cause);
        } catch (TimeoutException e) {
            throw new ZmqException(
                    ErrorKind.OTHER, what + ": the JeroMQ socket's thread " + name + " did not answer within " + wait);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ZmqException(ErrorKind.OTHER, what + ": interrupted", e);
        }
    }

    /** Runs housekeeping now; for the waits of send and receive, between their slices. On the owner thread only. */
    void houseKeep() {
        if (housekeepingFailure != null) {
            return;
        }
        try {
            housekeeping.run();
        } catch (RuntimeException | Error e) {
            housekeepingFailure = e;
        }
    }

    /**
     * Stops the thread after the requests already queued (a pending wait ends with TERMINATED first); later calls
     * fail with TERMINATED. Waits up to {@link #GRACE} for the thread to end unless called on it.
     */
    void stop() {
        stopping = true;
        synchronized (lifecycle) {
            if (!stopped) {
                stopped = true;
                requests.add(() -> {});
            }
        }
        if (!isOwnerThread()) {
            try {
                thread.join(GRACE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void run() {
        try {
            while (true) {
                Runnable request = requests.poll(IDLE_TICK.toNanos(), TimeUnit.NANOSECONDS);
                if (request != null) {
                    request.run();
                }
                synchronized (lifecycle) {
                    if (stopped && requests.isEmpty()) {
                        return;
                    }
                }
                if (!stopping) {
                    houseKeep();
                }
            }
        } catch (InterruptedException e) {
            // nobody interrupts this thread but the JVM's shutdown; end as if stopped
        } finally {
            synchronized (lifecycle) {
                stopped = true;
            }
            List<Runnable> left = new ArrayList<>();
            requests.drainTo(left);
            left.forEach(Runnable::run); // accepted before the stop: answer them rather than leave callers waiting
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
