package dev.zck.engine.rawpeer;

import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Bounds blocking writes, which {@link Socket} cannot time out by itself: if a send has not completed when its budget
 * runs out (the other side stopped reading and the buffers are full), the socket is closed, which makes the blocked
 * write fail at once. One daemon timer thread serves every raw peer.
 */
final class SendWatchdog {
    private static final ScheduledThreadPoolExecutor TIMER = timer();

    private static final int ARMED = 0;
    private static final int DONE = 1;
    private static final int FIRED = 2;

    private final AtomicInteger state = new AtomicInteger(ARMED);
    private final ScheduledFuture<?> alarm;

    private SendWatchdog(Socket socket, Duration budget) {
        this.alarm = TIMER.schedule(() -> fire(socket), Expectation.saturatedNanos(budget), TimeUnit.NANOSECONDS);
    }

    /** Starts watching one send on {@code socket}. */
    static SendWatchdog arm(Socket socket, Duration budget) {
        return new SendWatchdog(socket, budget);
    }

    /**
     * Ends the watch.
     *
     * @return true if the send finished in time; false if the watchdog had already closed the socket
     */
    boolean disarm() {
        alarm.cancel(false);
        return state.compareAndSet(ARMED, DONE) || state.get() == DONE;
    }

    private void fire(Socket socket) {
        if (state.compareAndSet(ARMED, FIRED)) {
            try {
                socket.close();
            } catch (IOException e) {
                // closing is all we can do; the blocked writer reports the failure
            }
        }
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, task -> {
            Thread thread = new Thread(task, "zck-rawpeer-send-watchdog");
            thread.setDaemon(true);
            return thread;
        });
        timer.setRemoveOnCancelPolicy(true);
        return timer;
    }
}
