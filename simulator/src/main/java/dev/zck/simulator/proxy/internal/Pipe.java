package dev.zck.simulator.proxy.internal;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayDeque;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * One direction of one proxied connection: reads from {@code source}, holds what the faults say to hold, and writes to
 * {@code sink} in order. Backpressure is by reading: the source is read only while the sink is writable, the flow is
 * not stalled and less than the hold limit is held. A close of the source travels like the bytes before it (delayed,
 * held, dropped). Only the connection's event loop touches a pipe.
 */
final class Pipe {
    /** A chunk of bytes, or the end of the stream when {@code bytes} is null. */
    private static final class Held {
        final ByteBuf bytes;
        final boolean reset;
        long due;

        Held(ByteBuf bytes, boolean reset, long due) {
            this.bytes = bytes;
            this.reset = reset;
            this.due = due;
        }
    }

    private final Channel source;
    private final Channel sink;
    private final FlowFaults faults;
    private final int holdLimit;
    private final SplittableRandom random;
    private final ArrayDeque<Held> held = new ArrayDeque<>();
    private long heldBytes;
    private boolean dropping;
    private boolean sourceReset;
    /** The sink is closed or closing, or the pipe was released: nothing more is written. */
    private boolean finished;

    private ScheduledFuture<?> timer;
    private long timerDue;

    Pipe(Channel source, Channel sink, FlowFaults faults, int holdLimit, SplittableRandom random) {
        this.source = source;
        this.sink = sink;
        this.faults = faults;
        this.holdLimit = holdLimit;
        this.random = random;
    }

    void read(ByteBuf bytes) {
        if (dropping || finished) {
            bytes.release();
            return;
        }
        heldBytes += bytes.readableBytes();
        held.add(new Held(bytes, false, System.nanoTime() + faults.delayNanos));
        drain();
    }

    /** The source failed (a reset, most likely): its close is passed on as a reset. */
    void sourceFailed() {
        sourceReset = true;
    }

    void sourceClosed() {
        if (dropping || finished) {
            return;
        }
        held.add(new Held(null, sourceReset, System.nanoTime() + faults.delayNanos));
        drain();
    }

    /** Nothing can be delivered any more: what is held is discarded. */
    void sinkClosed() {
        release();
        updateRead();
    }

    /** The flow's faults changed, or the sink's writability did: forward what may go now. */
    void drain() {
        if (finished) {
            return;
        }
        if (!faults.holding()) {
            forwardDue();
        }
        updateRead();
    }

    /** Heal: what is held is due now. */
    void heal() {
        long now = System.nanoTime();
        for (Held h : held) {
            if (h.due - now > 0) {
                h.due = now;
            }
        }
        drain();
    }

    /** From now on every byte of this pipe is discarded and its source's close is not passed on. */
    void drop() {
        dropping = true;
        releaseHeld();
        updateRead();
    }

    /** Discards what is held and stops forwarding. */
    void release() {
        finished = true;
        releaseHeld();
    }

    private void forwardDue() {
        long now = System.nanoTime();
        while (!held.isEmpty()) {
            Held head = held.peek();
            if (head.due - now > 0) {
                armTimer(head.due, now);
                return;
            }
            if (head.bytes == null) {
                held.poll();
                finish(head.reset);
                return;
            }
            if (!sink.isWritable()) {
                return; // channelWritabilityChanged drains again
            }
            held.poll();
            heldBytes -= head.bytes.readableBytes();
            forward(head.bytes);
        }
    }

    private void forward(ByteBuf bytes) {
        int max = faults.resliceMax;
        if (max <= 0) {
            sink.writeAndFlush(bytes);
            return;
        }
        try {
            while (bytes.isReadable()) {
                int chunk = Math.min(bytes.readableBytes(), 1 + random.nextInt(max));
                sink.writeAndFlush(bytes.readRetainedSlice(chunk));
            }
        } finally {
            bytes.release();
        }
    }

    /** The source's end reached the sink: close it once what was written before is out, with a reset if asked. */
    private void finish(boolean reset) {
        release();
        sink.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> {
            if (reset) {
                ProxiedConnection.resetNow(sink);
            } else {
                sink.close();
            }
        });
    }

    private void armTimer(long due, long now) {
        if (timer != null && timerDue - due <= 0) {
            return;
        }
        if (timer != null) {
            timer.cancel(false);
        }
        timerDue = due;
        timer = source.eventLoop()
                .schedule(
                        () -> {
                            timer = null;
                            drain();
                        },
                        due - now,
                        TimeUnit.NANOSECONDS);
    }

    /** Reads only while there is somewhere for the bytes to go. */
    void updateRead() {
        boolean read = source.isActive()
                && !faults.stalled
                && (dropping || finished || (sink.isWritable() && heldBytes < holdLimit));
        if (source.config().isAutoRead() != read) {
            source.config().setAutoRead(read);
        }
    }

    private void releaseHeld() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        for (Held h : held) {
            if (h.bytes != null) {
                h.bytes.release();
            }
        }
        held.clear();
        heldBytes = 0;
    }
}
