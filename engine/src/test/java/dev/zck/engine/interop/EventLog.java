package dev.zck.engine.interop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The events a peer has reported so far, appended by the peer's reader thread and awaited by the test thread. Once
 * the peer has failed (its process died, its thread crashed) a wait that cannot be satisfied any more throws instead
 * of running into its deadline, so a test shows the cause rather than a timeout.
 */
final class EventLog {
    private final String peer;
    private final List<PeerEvent> events = new ArrayList<>();
    private String failure;
    private boolean closed;

    EventLog(String peer) {
        this.peer = peer;
    }

    synchronized void add(PeerEvent event) {
        events.add(event);
        notifyAll();
    }

    /** Records why the peer stopped unexpectedly; later waits that find nothing throw with this reason. */
    synchronized void fail(String reason) {
        if (failure == null && !closed) {
            failure = reason;
        }
        notifyAll();
    }

    /** Marks the end of an orderly close: waits return what is there without waiting. */
    synchronized void close() {
        closed = true;
        notifyAll();
    }

    synchronized List<PeerEvent> snapshot() {
        return List.copyOf(events);
    }

    synchronized Optional<PeerEvent> await(Predicate<PeerEvent> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        int checked = 0;
        while (true) {
            for (; checked < events.size(); checked++) {
                if (condition.test(events.get(checked))) {
                    return Optional.of(events.get(checked));
                }
            }
            if (failure != null) {
                throw new PeerException(peer + ": " + failure + "\nevents so far: " + events);
            }
            long remaining = deadline - System.nanoTime();
            if (closed || remaining <= 0) {
                return Optional.empty();
            }
            try {
                wait(Math.max(1, remaining / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    synchronized Optional<String> failure() {
        return Optional.ofNullable(failure);
    }
}
