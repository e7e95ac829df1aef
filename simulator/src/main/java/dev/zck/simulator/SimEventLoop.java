package dev.zck.simulator;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelPromise;
import io.netty.channel.DefaultChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.util.concurrent.AbstractScheduledEventExecutor;
import io.netty.util.concurrent.DefaultPromise;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import io.netty.util.concurrent.Ticker;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A Netty event loop on virtual time, so that the engine runs unchanged in a simulation: its clock starts at 0 and
 * moves only when the simulation steps it, tasks run only then, on the caller's thread, and the loop has no thread of
 * its own. Every task, whether submitted with {@code execute} or {@code schedule}, runs in the order of its virtual
 * time, then of its submission: the same calls give the same run.
 *
 * <p>The loop belongs to the thread that created it: only that thread may submit tasks or step it (another thread's
 * submission is refused rather than queued, since its timing would make runs differ). Between steps that thread is
 * "in the event loop", so it may call the engine's non-blocking socket API directly. A task given to {@code execute}
 * that throws stops the step that ran it with the exception (a scheduled one fails its future, as in Netty).
 */
public final class SimEventLoop extends AbstractScheduledEventExecutor implements EventLoop {
    private final Thread owner = Thread.currentThread();
    private final VirtualTicker ticker = new VirtualTicker();
    private final Promise<Void> termination = new DefaultPromise<>(this);
    private boolean shutdown;
    private RuntimeException failure;

    /** Virtual time since the start of the simulation. */
    public Duration now() {
        return Duration.ofNanos(ticker.now);
    }

    /** Virtual time since the start of the simulation, in nanoseconds. */
    public long nowNanos() {
        return ticker.now;
    }

    /** Runs every task due now, including those they submit for now; the clock does not move. */
    public int runUntilIdle() {
        checkOwner();
        int ran = 0;
        while (runOneDue()) {
            ran++;
        }
        return ran;
    }

    /** Runs every task due within {@code duration}, each at its own virtual time, and leaves the clock at the end. */
    public void advanceBy(Duration duration) {
        if (duration.isNegative()) {
            throw new IllegalArgumentException("virtual time does not go back: " + duration);
        }
        runUntil(() -> false, duration);
    }

    /**
     * Runs tasks in order, advancing the clock to each one's time, until {@code condition} holds (checked before the
     * first task and after each) or {@code virtualLimit} has passed; the clock then stays where the condition became
     * true, or at the limit.
     *
     * @return whether the condition holds
     */
    public boolean runUntil(BooleanSupplier condition, Duration virtualLimit) {
        checkOwner();
        long end = Math.addExact(ticker.now, virtualLimit.toNanos());
        while (!condition.getAsBoolean()) {
            if (runOneDue()) {
                continue;
            }
            long next = nextScheduledTaskDeadlineNanos();
            if (next < 0 || next > end) {
                ticker.now = end;
                return condition.getAsBoolean();
            }
            ticker.now = Math.max(ticker.now, next);
        }
        return true;
    }

    /** Whether any task waits, due now or later. */
    public boolean hasPendingTasks() {
        return hasScheduledTasks();
    }

    /** Runs {@code task} at virtual time {@code atNanos} (now if that has passed). */
    public void executeAt(long atNanos, Runnable task) {
        schedule(guarded(task), Math.max(0, atNanos - ticker.now), TimeUnit.NANOSECONDS);
    }

    private boolean runOneDue() {
        Runnable task = pollScheduledTask(ticker.now);
        if (task == null) {
            return false;
        }
        task.run();
        if (failure != null) {
            RuntimeException thrown = failure;
            failure = null;
            throw thrown;
        }
        return true;
    }

    private Runnable guarded(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                failure = new IllegalStateException("a simulation task failed at " + now() + ": " + e, e);
            }
        };
    }

    private void checkOwner() {
        if (Thread.currentThread() != owner) {
            throw new IllegalStateException("a simulation runs on the thread that created it (" + owner.getName()
                    + "), not on " + Thread.currentThread().getName());
        }
    }

    // ------------------------------------------------------------------ Netty

    @Override
    public Ticker ticker() {
        return ticker;
    }

    @Override
    protected long getCurrentTimeNanos() {
        return ticker.now;
    }

    /** Queues {@code task} to run now, after the tasks already due now. */
    @Override
    public void execute(Runnable task) {
        checkOwner();
        if (shutdown) {
            throw new RejectedExecutionException("the simulation's event loop is shut down");
        }
        executeAt(ticker.now, task);
    }

    @Override
    public boolean inEventLoop(Thread thread) {
        return thread == owner;
    }

    @Override
    public EventLoopGroup parent() {
        return this;
    }

    @Override
    public EventLoop next() {
        return this;
    }

    @Override
    public ChannelFuture register(Channel channel) {
        return register(new DefaultChannelPromise(channel, this));
    }

    @Override
    public ChannelFuture register(ChannelPromise promise) {
        promise.channel().unsafe().register(this, promise);
        return promise;
    }

    @Override
    @Deprecated
    public ChannelFuture register(Channel channel, ChannelPromise promise) {
        channel.unsafe().register(this, promise);
        return promise;
    }

    /** Drops every pending task; the loop refuses new ones. Nothing waits: there is no thread to stop. */
    @Override
    public Future<?> shutdownGracefully(long quietPeriod, long timeout, TimeUnit unit) {
        shutdown = true;
        cancelScheduledTasks();
        termination.trySuccess(null);
        return termination;
    }

    @Override
    public Future<?> terminationFuture() {
        return termination;
    }

    @Override
    @Deprecated
    public void shutdown() {
        shutdownGracefully(0, 0, TimeUnit.NANOSECONDS);
    }

    @Override
    public boolean isShuttingDown() {
        return shutdown;
    }

    @Override
    public boolean isShutdown() {
        return shutdown;
    }

    @Override
    public boolean isTerminated() {
        return shutdown;
    }

    @Override
    public boolean awaitTermination(long timeout, TimeUnit unit) {
        return shutdown;
    }

    /** The loop's clock: virtual nanoseconds, moved only by the loop. */
    private static final class VirtualTicker implements Ticker {
        long now;

        @Override
        public long initialNanoTime() {
            return 0;
        }

        @Override
        public long nanoTime() {
            return now;
        }

        @Override
        public void sleep(long delay, TimeUnit unit) {
            throw new UnsupportedOperationException("nothing sleeps in a simulation: virtual time moves in steps");
        }
    }
}
