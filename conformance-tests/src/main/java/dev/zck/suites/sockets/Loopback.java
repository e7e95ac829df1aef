package dev.zck.suites.sockets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.OptionalLong;

/**
 * The kit's own loopback TCP tools for the lifecycle rules, independent of the implementation under test: free ports,
 * a listener that accepts and closes (to time reconnection attempts), and a way to let prescribed time pass.
 */
final class Loopback {
    private Loopback() {}

    /** {@code tcp://127.0.0.1:P} for a port that was free a moment ago and has no listener now. */
    static String freeEndpoint() {
        try (ServerSocket probe = new ServerSocket(0, 1, loopback())) {
            return endpoint(probe.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException("no free loopback port", e);
        }
    }

    static String endpoint(int port) {
        return "tcp://127.0.0.1:" + port;
    }

    static int port(String tcpEndpoint) {
        return Integer.parseInt(tcpEndpoint.substring(tcpEndpoint.lastIndexOf(':') + 1));
    }

    /**
     * Lets {@code time} pass, for rules that prescribe a delay rather than a condition (a peer that binds 500 ms
     * later): a timed accept on a loopback listener nobody knows, so the wait is a deadline, never a bare sleep.
     */
    static void letTimePass(Duration time) {
        if (time.isNegative() || time.isZero()) {
            return;
        }
        try (Listener idle = Listener.open()) {
            OptionalLong stray = idle.acceptAndClose(time);
            if (stray.isPresent()) {
                // Something found the idle port: wait out the rest.
                letTimePass(time.minusNanos(stray.getAsLong() - idle.openedNanos));
            }
        }
    }

    static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A loopback listener that accepts connections and closes them at once, noting when each arrived. */
    static final class Listener implements AutoCloseable {
        private final ServerSocket server;
        final long openedNanos = System.nanoTime();

        private Listener(ServerSocket server) {
            this.server = server;
        }

        /** Listens on a free port. */
        static Listener open() {
            return open(0);
        }

        /** Listens on {@code port} (0: a free one); the address may be reused right after an earlier listener. */
        static Listener open(int port) {
            try {
                ServerSocket server = new ServerSocket();
                server.setReuseAddress(true);
                server.bind(new InetSocketAddress(loopback(), port), 50);
                return new Listener(server);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot listen on 127.0.0.1:" + port, e);
            }
        }

        String endpoint() {
            return Loopback.endpoint(server.getLocalPort());
        }

        int port() {
            return server.getLocalPort();
        }

        /**
         * Waits up to {@code within} for a connection, closes it at once (a FIN, before any octet is exchanged) and
         * returns {@link System#nanoTime()} taken right after that close; empty when none came in time.
         */
        OptionalLong acceptAndClose(Duration within) {
            try {
                server.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, within.toMillis())));
                Socket socket = server.accept();
                socket.close();
                return OptionalLong.of(System.nanoTime());
            } catch (SocketTimeoutException e) {
                return OptionalLong.empty();
            } catch (IOException e) {
                throw new UncheckedIOException("accept on " + endpoint() + " failed", e);
            }
        }

        @Override
        public void close() {
            try {
                server.close();
            } catch (IOException e) {
                // nothing left to release
            }
        }
    }
}
