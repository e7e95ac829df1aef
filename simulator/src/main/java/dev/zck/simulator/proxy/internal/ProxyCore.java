package dev.zck.simulator.proxy.internal;

import dev.zck.simulator.Fault;
import dev.zck.simulator.TimedFault;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The proxy's machinery: one event loop that accepts, connects upstream, forwards and applies faults. Everything but
 * the counters is confined to the loop; callers on other threads hand work to it and wait, never the other way round.
 */
public final class ProxyCore implements AutoCloseable {
    private final EventLoopGroup group;
    private final EventLoop loop;
    private final InetSocketAddress target;
    private final Sides sides;
    private final int holdLimit;
    private final Duration wait;
    private final SplittableRandom random;
    private final Map<Flow, FlowFaults> faults = new EnumMap<>(Flow.class);
    private final Set<ProxiedConnection> live = new LinkedHashSet<>();
    private final Set<ScheduleRun> runs = new LinkedHashSet<>();
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong accepted = new AtomicLong();
    private Channel server;
    private volatile boolean closed;

    private ProxyCore(InetSocketAddress target, Sides sides, int holdLimit, long seed, Duration wait) {
        this.target = target;
        this.sides = sides;
        this.holdLimit = holdLimit;
        this.wait = wait;
        this.random = new SplittableRandom(seed);
        for (Flow flow : Flow.values()) {
            faults.put(flow, new FlowFaults());
        }
        this.group = new MultiThreadIoEventLoopGroup(
                1, new DefaultThreadFactory("zck-fault-proxy", true), NioIoHandler.newFactory());
        this.loop = group.next();
    }

    /**
     * Listens on an ephemeral loopback port.
     *
     * @param wait the longest wait for the event loop, for binding and for every hand-over
     */
    public static ProxyCore start(InetSocketAddress target, Sides sides, int holdLimit, long seed, Duration wait) {
        ProxyCore core = new ProxyCore(target, sides, holdLimit, seed, wait);
        try {
            core.bind();
            return core;
        } catch (RuntimeException e) {
            core.close();
            throw e;
        }
    }

    private void bind() {
        ChannelFuture bound = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel channel) {
                        accepted(channel);
                    }
                })
                .bind(new InetSocketAddress("127.0.0.1", 0));
        if (!bound.awaitUninterruptibly(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the fault proxy did not bind within " + wait);
        }
        if (!bound.isSuccess()) {
            throw new IllegalStateException(
                    "the fault proxy cannot listen on loopback: " + bound.cause(), bound.cause());
        }
        server = bound.channel();
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.localAddress();
    }

    public int connections() {
        return open.get();
    }

    public long accepted() {
        return accepted.get();
    }

    /** Checks that the proxy can apply a fault, on the caller's thread. */
    public void check(Fault fault) {
        if (fault instanceof Fault.Crash || fault instanceof Fault.Restart) {
            throw new UnsupportedOperationException("host faults (" + fault.describe()
                    + ") are simulator-only: the fault proxy sits between real processes it does not own; use Reset"
                    + " or SilentDrop for what their peers would see");
        }
        sides.flows(link(fault));
    }

    /** Applies a fault now and returns once it is in force. */
    public void inject(Fault fault) {
        check(fault);
        onLoop(() -> apply(fault));
    }

    /** Plays a schedule from now; the stage completes when its last fault is in force. */
    public CompletableFuture<Void> schedule(List<TimedFault> schedule) {
        schedule.forEach(timed -> check(timed.fault()));
        List<TimedFault> sorted = new ArrayList<>(schedule);
        sorted.sort(Comparator.comparing(TimedFault::offset)); // stable: same offset, given order
        ScheduleRun run = new ScheduleRun(sorted, System.nanoTime(), loop, this::apply, runs::remove);
        onLoop(() -> {
            runs.add(run);
            run.step();
        });
        return run.done();
    }

    private static dev.zck.simulator.Link link(Fault fault) {
        if (fault instanceof Fault.Delay f) {
            return f.link();
        } else if (fault instanceof Fault.Stall f) {
            return f.link();
        } else if (fault instanceof Fault.Partition f) {
            return f.link();
        } else if (fault instanceof Fault.Reset f) {
            return f.link();
        } else if (fault instanceof Fault.SilentDrop f) {
            return f.link();
        } else if (fault instanceof Fault.Reslice f) {
            return f.link();
        } else if (fault instanceof Fault.Heal f) {
            return f.link();
        }
        throw new UnsupportedOperationException("not a link fault: " + fault.describe());
    }

    /** On the loop: the fault takes effect on every connection open now and on every later one. */
    private void apply(Fault fault) {
        Set<Flow> flows = sides.flows(link(fault));
        if (fault instanceof Fault.Reset) {
            List.copyOf(live).forEach(ProxiedConnection::reset);
            return;
        }
        for (Flow flow : flows) {
            FlowFaults state = faults.get(flow);
            if (fault instanceof Fault.Delay delay) {
                state.delayNanos = delay.extra().toNanos();
            } else if (fault instanceof Fault.Stall) {
                state.stalled = true;
            } else if (fault instanceof Fault.Partition) {
                state.partitioned = true;
            } else if (fault instanceof Fault.Reslice reslice) {
                state.resliceMax = reslice.maxChunk();
            } else if (fault instanceof Fault.Heal) {
                state.heal();
            }
            for (ProxiedConnection connection : List.copyOf(live)) {
                Pipe pipe = connection.pipe(flow);
                if (pipe == null) {
                    continue; // not connected upstream yet: it starts with the flow's faults
                } else if (fault instanceof Fault.SilentDrop) {
                    pipe.drop();
                } else if (fault instanceof Fault.Heal) {
                    pipe.heal();
                } else {
                    pipe.drain();
                }
            }
        }
    }

    private void accepted(Channel channel) {
        accepted.incrementAndGet();
        open.incrementAndGet();
        ProxiedConnection connection = new ProxiedConnection(channel, this::closed);
        live.add(connection);
        channel.pipeline().addLast(new SideHandler(connection));
        if (closed) {
            connection.close();
            return;
        }
        ChannelFuture connect = new Bootstrap()
                .group(channel.eventLoop())
                .channel(NioSocketChannel.class)
                .option(ChannelOption.AUTO_READ, false)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.min(Integer.MAX_VALUE, wait.toMillis()))
                .handler(new SideHandler(connection))
                .connect(target);
        connection.connecting(connect.channel());
        connect.addListener((ChannelFuture f) -> {
            if (f.isSuccess()) {
                connection.connected(faults, holdLimit, random);
            } else {
                connection.connectFailed();
            }
        });
    }

    private void closed(ProxiedConnection connection) {
        if (live.remove(connection)) {
            open.decrementAndGet();
        }
    }

    private void onLoop(Runnable task) {
        if (closed) {
            throw new IllegalStateException("the fault proxy is closed");
        }
        if (loop.inEventLoop()) {
            task.run();
            return;
        }
        try {
            loop.submit(task).get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while handing work to the fault proxy", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("the fault proxy's event loop did not answer within " + wait, e);
        }
    }

    /** Stops listening, closes every connection (discarding what is held) and stops the event loop. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        if (!loop.isShuttingDown()) {
            try {
                onLoop(() -> {
                    closed = true;
                    if (server != null) {
                        server.close();
                    }
                    List.copyOf(live).forEach(ProxiedConnection::close);
                    List.copyOf(runs).forEach(ScheduleRun::cancel);
                    runs.clear();
                });
            } finally {
                closed = true;
                var terminated = group.shutdownGracefully(0, wait.toMillis(), TimeUnit.MILLISECONDS);
                if (!loop.inEventLoop()) { // the loop cannot wait for its own end
                    terminated.awaitUninterruptibly(wait.toMillis() * 2, TimeUnit.MILLISECONDS);
                }
            }
        }
    }
}
