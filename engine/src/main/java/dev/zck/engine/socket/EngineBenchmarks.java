package dev.zck.engine.socket;

import dev.zck.engine.socket.internal.EngineRuntime;
import dev.zck.engine.socket.internal.SocketCore;
import dev.zck.engine.socket.internal.Sockets;
import dev.zck.spi.Message;
import dev.zck.spi.SocketType;
import dev.zck.spi.ZmqException;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.Future;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The engine's side of {@code zck bench}: PUSH to PULL throughput and REQ to REP latency over TCP loopback, each
 * socket on its own event loop and driven there without blocking, which is how an application on Netty uses it.
 * Results are wall-clock measurements taken by the caller's thread around work done on the loops.
 */
public final class EngineBenchmarks {
    private static final long WAIT_MILLIS = 60_000;

    private EngineBenchmarks() {}

    /** Messages per second received by a PULL from a PUSH, counted from the first message to the last. */
    public static double pushPullThroughput(int size, int count) throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        try {
            EngineRuntime runtime = EngineRuntime.standard();
            EventLoop receiverLoop = group.next();
            EventLoop senderLoop = group.next();
            SocketCore pull = Sockets.create(SocketType.PULL, runtime, receiverLoop);
            SocketCore push = Sockets.create(SocketType.PUSH, runtime, senderLoop);
            String endpoint = receiverLoop
                    .submit(() -> pull.bind("tcp://127.0.0.1:0"))
                    .get()
                    .get();
            senderLoop
                    .submit(() -> {
                        push.connect(endpoint);
                        return null;
                    })
                    .get();
            CompletableFuture<Long> elapsed = new CompletableFuture<>();
            receiverLoop.execute(new Receiver(pull, count, elapsed));
            senderLoop.execute(new Sender(push, Message.of(new byte[size]), count));
            long nanos = elapsed.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
            close(push, pull);
            return count * 1e9 / nanos;
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /** Mean REQ to REP round trip in microseconds for {@code roundTrips} one-frame messages of {@code size}. */
    public static double reqRepLatencyMicros(int size, int roundTrips) throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        try {
            EngineRuntime runtime = EngineRuntime.standard();
            EventLoop repLoop = group.next();
            EventLoop reqLoop = group.next();
            SocketCore rep = Sockets.create(SocketType.REP, runtime, repLoop);
            SocketCore req = Sockets.create(SocketType.REQ, runtime, reqLoop);
            String endpoint =
                    repLoop.submit(() -> rep.bind("tcp://127.0.0.1:0")).get().get();
            reqLoop.submit(() -> {
                        req.connect(endpoint);
                        return null;
                    })
                    .get();
            repLoop.execute(new Echo(rep, roundTrips));
            CompletableFuture<Long> elapsed = new CompletableFuture<>();
            reqLoop.execute(new Requester(req, Message.of(new byte[size]), roundTrips, elapsed));
            long nanos = elapsed.get(WAIT_MILLIS, TimeUnit.MILLISECONDS);
            close(req, rep);
            return nanos / 1e3 / roundTrips;
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private static void close(SocketCore... sockets) throws Exception {
        for (SocketCore socket : sockets) {
            socket.loop().submit(() -> socket.close(0)).get().await(WAIT_MILLIS);
        }
    }

    /** Sends as many as the socket takes, then waits for room through a send with a timeout, and so on. */
    private static final class Sender implements Runnable {
        private final SocketCore socket;
        private final Message message;
        private final int count;
        private int sent;

        Sender(SocketCore socket, Message message, int count) {
            this.socket = socket;
            this.message = message;
            this.count = count;
        }

        @Override
        public void run() {
            try {
                while (sent < count && socket.trySend(message)) {
                    sent++;
                }
                if (sent < count) {
                    socket.send(message, WAIT_MILLIS).addListener(f -> {
                        if (f.isSuccess()) {
                            sent++;
                            socket.loop().execute(this);
                        }
                    });
                }
            } catch (ZmqException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static final class Receiver implements Runnable {
        private final SocketCore socket;
        private final int count;
        private final CompletableFuture<Long> elapsed;
        private int received;
        private long start;

        Receiver(SocketCore socket, int count, CompletableFuture<Long> elapsed) {
            this.socket = socket;
            this.count = count;
            this.elapsed = elapsed;
        }

        @Override
        public void run() {
            try {
                while (received < count && socket.tryReceive() != null) {
                    got();
                }
                if (received < count) {
                    socket.receive(WAIT_MILLIS).addListener(f -> {
                        if (f.isSuccess()) {
                            got();
                            socket.loop().execute(this);
                        } else {
                            elapsed.completeExceptionally(f.cause());
                        }
                    });
                }
            } catch (ZmqException e) {
                elapsed.completeExceptionally(e);
            }
        }

        private void got() {
            if (received++ == 0) {
                start = System.nanoTime();
            }
            if (received == count) {
                elapsed.complete(Math.max(1, System.nanoTime() - start) * count / Math.max(1, count - 1));
            }
        }
    }

    private static final class Echo implements Runnable {
        private final SocketCore socket;
        private final int roundTrips;
        private int served;

        Echo(SocketCore socket, int roundTrips) {
            this.socket = socket;
            this.roundTrips = roundTrips;
        }

        @Override
        public void run() {
            if (served == roundTrips) {
                return;
            }
            Future<Message> request = socket.receive(WAIT_MILLIS);
            request.addListener(f -> {
                if (f.isSuccess()) {
                    socket.send((Message) f.getNow(), WAIT_MILLIS);
                    served++;
                    run();
                }
            });
        }
    }

    private static final class Requester implements Runnable {
        private final SocketCore socket;
        private final Message message;
        private final int roundTrips;
        private final CompletableFuture<Long> elapsed;
        private int done;
        private long start;

        Requester(SocketCore socket, Message message, int roundTrips, CompletableFuture<Long> elapsed) {
            this.socket = socket;
            this.message = message;
            this.roundTrips = roundTrips;
            this.elapsed = elapsed;
        }

        @Override
        public void run() {
            if (done == 0) {
                start = System.nanoTime();
            }
            socket.send(message, WAIT_MILLIS)
                    .addListener(sent -> socket.receive(WAIT_MILLIS).addListener(reply -> {
                        if (!reply.isSuccess()) {
                            elapsed.completeExceptionally(reply.cause());
                            return;
                        }
                        if (++done == roundTrips) {
                            elapsed.complete(System.nanoTime() - start);
                        } else {
                            run();
                        }
                    }));
        }
    }
}
