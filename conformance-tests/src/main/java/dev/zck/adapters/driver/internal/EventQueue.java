package dev.zck.adapters.driver.internal;

import dev.zck.spi.SocketEvent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The events a driver reported for one socket, waiting to be read. Bounded: beyond {@link #CAPACITY} the oldest is
 * dropped, and the next event read says how many were.
 */
final class EventQueue {
    static final int CAPACITY = 10_000;

    private final ArrayDeque<SocketEvent> events = new ArrayDeque<>();
    private long dropped;

    synchronized void add(SocketEvent event) {
        if (events.size() == CAPACITY) {
            events.removeFirst();
            dropped++;
        }
        events.addLast(event);
        notifyAll();
    }

    /** Wakes every waiter, to look at {@code stop} again. */
    synchronized void wake() {
        notifyAll();
    }

    /** The next event; empty when none came within {@code timeout} or {@code stop} became true. */
    synchronized Optional<SocketEvent> poll(Duration timeout, BooleanSupplier stop) throws InterruptedException {
        long deadline = System.nanoTime() + saturatedNanos(timeout);
        while (events.isEmpty() && !stop.getAsBoolean()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        if (events.isEmpty()) {
            return Optional.empty();
        }
        SocketEvent event = events.removeFirst();
        if (dropped > 0) {
            String note = "(zck: " + dropped + " older events dropped, more than " + CAPACITY + " were queued)";
            event = new SocketEvent(
                    event.kind(), event.endpoint(), event.detail().isEmpty() ? note : event.detail() + " " + note);
            dropped = 0;
        }
        return Optional.of(event);
    }

    private static long saturatedNanos(Duration timeout) {
        return timeout.compareTo(Duration.ofDays(365)) > 0
                ? Duration.ofDays(365).toNanos()
                : timeout.toNanos();
    }
}
