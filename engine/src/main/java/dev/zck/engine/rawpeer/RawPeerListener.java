package dev.zck.engine.rawpeer;

import dev.zck.engine.rawpeer.RawPeerException.Kind;
import dev.zck.spec.Timeouts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A loopback TCP listener for tests in which the implementation connects to the kit: bind, hand the implementation
 * {@link #endpoint()}, then {@link #accept()} its connection as a {@link RawPeer}. Like MockWebServer, it owns what it
 * accepted: closing the listener closes every accepted peer too.
 */
public final class RawPeerListener implements AutoCloseable {
    private final ServerSocket server;
    private final Timeouts timeouts;
    private final List<RawPeer> accepted = new ArrayList<>();

    private RawPeerListener(ServerSocket server, Timeouts timeouts) {
        this.server = server;
        this.timeouts = timeouts;
    }

    /** Binds 127.0.0.1 on a free port. */
    public static RawPeerListener listen(Timeouts timeouts) {
        return listen(0, timeouts);
    }

    /**
     * Binds 127.0.0.1 on {@code port} (0: a free one), with SO_REUSEADDR, for tests in which the implementation has
     * been connecting to that port before anything listened there.
     */
    public static RawPeerListener listen(int port, Timeouts timeouts) {
        ServerSocket server = null;
        try {
            InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
            server = new ServerSocket();
            server.setReuseAddress(true);
            server.bind(new InetSocketAddress(loopback, port), 50);
            return new RawPeerListener(server, timeouts);
        } catch (IOException e) {
            if (server != null) {
                try {
                    server.close();
                } catch (IOException ignored) {
                    // nothing bound
                }
            }
            throw new RawPeerException(
                    Kind.IO, "could not bind a raw-peer listener on 127.0.0.1:" + port + ": " + e, e);
        }
    }

    /** The bound port. */
    public int port() {
        return server.getLocalPort();
    }

    /** The bound address. */
    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** The endpoint to give the implementation: {@code tcp://127.0.0.1:PORT}. */
    public String endpoint() {
        return RawPeer.endpoint(address());
    }

    /**
     * Waits up to the expect timeout for the next incoming connection.
     *
     * @throws RawPeerException TIMEOUT if none arrives in time
     */
    public RawPeer accept() {
        String what = "an incoming connection on " + endpoint() + " within "
                + timeouts.expect().toMillis() + " ms";
        long start = System.nanoTime();
        Socket socket = acceptWithin(timeouts.expect().toMillis(), what, start);
        if (socket == null) {
            throw new RawPeerException(Kind.TIMEOUT, Expectation.message(what, "timed out", start, null, null));
        }
        try {
            RawPeer peer = new RawPeer(socket, timeouts);
            synchronized (accepted) {
                accepted.add(peer);
            }
            return peer;
        } catch (IOException e) {
            closeQuietly(socket);
            throw new RawPeerException(
                    Kind.IO, Expectation.message(what, "setup failed", start, e.toString(), null), e);
        }
    }

    /**
     * Requires that no connection arrives for the silence timeout (e.g. an implementation must not reconnect after an
     * ERROR). A connection that does arrive is closed and fails with UNEXPECTED.
     */
    public void expectNoConnection() {
        String what = "no incoming connection on " + endpoint() + " for "
                + timeouts.silence().toMillis() + " ms";
        long start = System.nanoTime();
        Socket socket = acceptWithin(timeouts.silence().toMillis(), what, start);
        if (socket != null) {
            String from = String.valueOf(socket.getRemoteSocketAddress());
            closeQuietly(socket);
            throw new RawPeerException(
                    Kind.UNEXPECTED,
                    Expectation.message(what, "a connection from " + from + " arrived", start, null, null));
        }
    }

    /** Stops listening and closes every peer accepted from this listener. Idempotent. */
    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException e) {
            // nothing left to release
        }
        synchronized (accepted) {
            accepted.forEach(RawPeer::close);
            accepted.clear();
        }
    }

    @Override
    public String toString() {
        return "RawPeerListener[" + endpoint() + "]";
    }

    /** The accepted socket, or null when the wait ran out. */
    private Socket acceptWithin(long millis, String what, long start) {
        if (server.isClosed()) {
            throw new RawPeerException(Kind.IO, "expected " + what + "; but this listener is already closed");
        }
        try {
            server.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, millis)));
            return server.accept();
        } catch (SocketTimeoutException e) {
            return null;
        } catch (IOException e) {
            throw new RawPeerException(
                    Kind.IO, Expectation.message(what, "accept failed", start, e.toString(), null), e);
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
