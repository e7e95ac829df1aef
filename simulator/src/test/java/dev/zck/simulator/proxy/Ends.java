package dev.zck.simulator.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.spec.Timeouts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * Plain JDK sockets on both sides of a proxy: a listener (host {@code b}) and clients (host {@code a}) that connect
 * through the proxy, with blocking reads under deadlines and a deterministic byte pattern in which a lost, repeated or
 * reordered octet shows.
 */
final class Ends implements AutoCloseable {
    static final Timeouts TIMEOUTS = Timeouts.fromSystemProperties();
    private static final int BUFFER = 64 * 1024;

    final ServerSocket listener;
    private final List<Socket> sockets = new ArrayList<>();
    private final List<FaultProxy> proxies = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();

    /** Sockets on both sides have 64 KiB buffers, so that backpressure shows after a few megabytes at most. */
    Ends() throws IOException {
        listener = new ServerSocket();
        listener.setReceiveBufferSize(BUFFER);
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        listener.setSoTimeout((int) TIMEOUTS.expect().toMillis());
    }

    /** A proxy to the listener with the default settings, closed with the ends. */
    FaultProxy proxy() {
        return proxy(builder -> builder);
    }

    /** A proxy to the listener with settings of the test's choosing, closed with the ends. */
    FaultProxy proxy(UnaryOperator<FaultProxy.Builder> settings) {
        FaultProxy proxy = settings.apply(FaultProxy.builder(target())).start();
        proxies.add(proxy);
        return proxy;
    }

    InetSocketAddress target() {
        return (InetSocketAddress) listener.getLocalSocketAddress();
    }

    /** A client connected through the proxy and the listener's end of it: {@code [a, b]}. */
    Socket[] connect(FaultProxy proxy) throws IOException {
        Socket a = new Socket();
        sockets.add(a);
        a.setSendBufferSize(BUFFER);
        a.connect(proxy.address(), (int) TIMEOUTS.expect().toMillis());
        Socket b = listener.accept();
        sockets.add(b);
        return new Socket[] {a, b};
    }

    /** The octet at {@code index} of the test pattern. */
    static byte pattern(long index) {
        return (byte) ((index ^ (index >>> 8) ^ (index >>> 16) ^ (index >>> 24)) * 31 + 7);
    }

    static byte[] pattern(long from, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = pattern(from + i);
        }
        return bytes;
    }

    /** Writes {@code total} octets of the pattern on a thread of its own; {@code written} counts what went out. */
    CompletableFuture<Void> writeInBackground(Socket socket, long total, AtomicLong written) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread thread = new Thread(
                () -> {
                    try {
                        OutputStream out = socket.getOutputStream();
                        byte[] chunk = new byte[16 * 1024];
                        while (written.get() < total) {
                            int n = (int) Math.min(chunk.length, total - written.get());
                            for (int i = 0; i < n; i++) {
                                chunk[i] = pattern(written.get() + i);
                            }
                            out.write(chunk, 0, n);
                            written.addAndGet(n);
                        }
                        done.complete(null);
                    } catch (IOException | RuntimeException e) {
                        done.completeExceptionally(e);
                    }
                },
                "ends-writer");
        thread.setDaemon(true);
        threads.add(thread);
        thread.start();
        return done;
    }

    /**
     * Writes {@code total} octets of the pattern in the background and waits until the writer halts for want of room
     * (it has not moved for 200 ms), asserting that it has not written everything.
     *
     * @return what it had written by then and how it ends
     */
    HaltedWriter writeUntilHalted(Socket socket, long total) {
        AtomicLong written = new AtomicLong();
        CompletableFuture<Void> done = writeInBackground(socket, total, written);
        long halted = awaitQuiet(written, Duration.ofMillis(200), TIMEOUTS.expect());
        assertThat(done).as("the writer halted").isNotDone();
        return new HaltedWriter(total, halted, done);
    }

    /** A writer that came to a halt after {@code halted} of {@code total} octets. */
    record HaltedWriter(long total, long halted, CompletableFuture<Void> done) {
        /** Reads everything it writes at {@code reader}, checking the pattern, and waits until it has finished. */
        void drainTo(Socket reader) throws Exception {
            readPattern(reader, 0, total, TIMEOUTS.expect().multipliedBy(4));
            done.get(TIMEOUTS.expect().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Reads {@code length} octets and checks them against the pattern from {@code from}; fails if they do not all
     * arrive within {@code within}.
     *
     * @return the number of reads it took
     */
    static int readPattern(Socket socket, long from, long length, Duration within) throws IOException {
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[64 * 1024];
        long deadline = System.nanoTime() + within.toNanos();
        long got = 0;
        int reads = 0;
        while (got < length) {
            socket.setSoTimeout(remainingMillis(deadline));
            int n;
            try {
                n = in.read(buffer, 0, (int) Math.min(buffer.length, length - got));
            } catch (SocketTimeoutException e) {
                throw new AssertionError(got + " of " + length + " octets arrived within " + within, e);
            }
            assertThat(n).as("end of stream after %d of %d octets", got, length).isPositive();
            reads++;
            for (int i = 0; i < n; i++) {
                if (buffer[i] != pattern(from + got + i)) {
                    throw new AssertionError(
                            "octet " + (from + got + i) + " differs: the stream was reordered," + " repeated or cut");
                }
            }
            got += n;
        }
        return reads;
    }

    /** Asserts that nothing arrives within {@code silence} and the stream stays open. */
    static void expectNothing(Socket socket, Duration silence) throws IOException {
        socket.setSoTimeout((int) Math.max(1, silence.toMillis()));
        try {
            int n = socket.getInputStream().read(new byte[1024]);
            throw new AssertionError(n < 0 ? "the stream ended" : n + " octets arrived");
        } catch (SocketTimeoutException expected) {
            // nothing came and the connection is still there
        }
    }

    /** Waits until {@code condition} holds, failing after {@code within}. */
    static void await(String what, Duration within, BooleanSupplier condition) {
        long deadline = System.nanoTime() + within.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + within + ": " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
        }
    }

    /** Waits until {@code counter} has not moved for {@code quiet}, then returns its value. */
    private static long awaitQuiet(AtomicLong counter, Duration quiet, Duration within) {
        long deadline = System.nanoTime() + within.toNanos();
        long last = counter.get();
        long since = System.nanoTime();
        while (System.nanoTime() - since < quiet.toNanos()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("still moving after " + within + ": " + counter.get());
            }
            LockSupport.parkNanos(Duration.ofMillis(5).toNanos());
            long now = counter.get();
            if (now != last) {
                last = now;
                since = System.nanoTime();
            }
        }
        return last;
    }

    private static int remainingMillis(long deadline) {
        long left = Duration.ofNanos(deadline - System.nanoTime()).toMillis();
        return (int) Math.max(1, left);
    }

    @Override
    public void close() throws IOException {
        proxies.forEach(FaultProxy::close);
        for (Socket socket : sockets) {
            socket.close();
        }
        listener.close();
        for (Thread thread : threads) {
            thread.interrupt();
        }
    }
}
