package dev.zck.engine;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The application end of a test session: records everything the session passes on (events, messages,
 * subscriptions, commands, exceptions) in arrival order, and lets a test wait for one with a deadline.
 */
public final class SessionRecorder extends ChannelInboundHandlerAdapter {
    private final BlockingQueue<Object> arrivals = new LinkedBlockingQueue<>();
    private final List<Object> seen = new ArrayList<>();
    private final List<Throwable> exceptions = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Channel channel;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        channel = ctx.channel();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        arrivals.add(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        arrivals.add(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        exceptions.add(cause);
    }

    public Channel channel() {
        return channel;
    }

    /** Exceptions that reached the end of the pipeline; a correct engine lets none through. */
    public List<Throwable> exceptions() {
        return exceptions;
    }

    /** The first arrival, past or future, that is a {@code type} matching {@code condition}, within {@code timeout}. */
    public synchronized <T> Optional<T> await(Class<T> type, Predicate<? super T> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Object o : seen) {
            if (type.isInstance(o) && condition.test(type.cast(o))) {
                seen.remove(o);
                return Optional.of(type.cast(o));
            }
        }
        while (true) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return Optional.empty();
            }
            Object o;
            try {
                o = arrivals.poll(left, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
            if (o == null) {
                return Optional.empty();
            }
            if (type.isInstance(o) && condition.test(type.cast(o))) {
                return Optional.of(type.cast(o));
            }
            seen.add(o);
        }
    }

    public <T> Optional<T> await(Class<T> type, Duration timeout) {
        return await(type, x -> true, timeout);
    }

    /** Everything that arrived so far and was not taken by {@link #await}, oldest first. */
    public synchronized List<Object> drain() {
        List<Object> all = new ArrayList<>(seen);
        seen.clear();
        arrivals.drainTo(all);
        return all;
    }
}
