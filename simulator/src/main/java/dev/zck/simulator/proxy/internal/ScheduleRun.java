package dev.zck.simulator.proxy.internal;

import dev.zck.simulator.Fault;
import dev.zck.simulator.TimedFault;
import io.netty.channel.EventLoop;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A schedule being played on the proxy's event loop: each fault is applied when its offset from the start has passed,
 * faults with the same offset in the order given. One timer at a time, for the next offset. Its end is signalled off
 * the loop, so that whatever the caller chains to it cannot block the proxy.
 */
final class ScheduleRun {
    private final List<TimedFault> faults;
    private final long start;
    private final EventLoop loop;
    private final Consumer<Fault> apply;
    private final Consumer<ScheduleRun> onDone;
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private int next;
    private ScheduledFuture<?> timer;

    /** {@code faults} sorted by offset; {@code start} a {@link System#nanoTime()}. */
    ScheduleRun(
            List<TimedFault> faults, long start, EventLoop loop, Consumer<Fault> apply, Consumer<ScheduleRun> onDone) {
        this.faults = List.copyOf(faults);
        this.start = start;
        this.loop = loop;
        this.apply = apply;
        this.onDone = onDone;
    }

    CompletableFuture<Void> done() {
        return done;
    }

    /** Applies what is due and waits for the rest; on the event loop. */
    void step() {
        timer = null;
        long elapsed = System.nanoTime() - start;
        try {
            while (next < faults.size() && faults.get(next).offset().toNanos() <= elapsed) {
                apply.accept(faults.get(next++).fault());
            }
        } catch (RuntimeException e) {
            onDone.accept(this);
            ForkJoinPool.commonPool().execute(() -> done.completeExceptionally(e));
            return;
        }
        if (next == faults.size()) {
            onDone.accept(this);
            ForkJoinPool.commonPool().execute(() -> done.complete(null));
            return;
        }
        timer = loop.schedule(this::step, faults.get(next).offset().toNanos() - elapsed, TimeUnit.NANOSECONDS);
    }

    /** The proxy closed before the schedule ended. */
    void cancel() {
        if (timer != null) {
            timer.cancel(false);
        }
        done.completeExceptionally(new CancellationException("the fault proxy closed before the schedule ended"));
    }
}
