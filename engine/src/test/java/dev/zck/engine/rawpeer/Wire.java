package dev.zck.engine.rawpeer;

import dev.zck.spec.Timeouts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;

/**
 * A {@link RawPeer} connected to a plain {@link Socket} (the "other side") that the test drives directly, so the raw
 * peer is checked against the JDK alone, never against the engine.
 */
final class Wire implements AutoCloseable {
    /** For tests that expect a failure: small, so the suite stays fast. */
    static final Timeouts FAST = new Timeouts(Duration.ofMillis(200), Duration.ofMillis(100));
    /** For tests that expect success, possibly with another thread involved: generous, paid only on failure. */
    static final Timeouts PATIENT = new Timeouts(Duration.ofSeconds(5), Duration.ofMillis(100));

    private static final int OTHER_SIDE_TIMEOUT_MILLIS = 5_000;

    final RawPeer peer;
    final Socket other;
    private final ServerSocket server;

    private Wire(ServerSocket server, RawPeer peer, Socket other) {
        this.server = server;
        this.peer = peer;
        this.other = other;
    }

    static Wire open(Timeouts timeouts) {
        try {
            ServerSocket server = new ServerSocket(0, 50, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
            RawPeer peer = RawPeer.connect((InetSocketAddress) server.getLocalSocketAddress(), timeouts);
            server.setSoTimeout(OTHER_SIDE_TIMEOUT_MILLIS);
            Socket other = server.accept();
            other.setSoTimeout(OTHER_SIDE_TIMEOUT_MILLIS);
            other.setTcpNoDelay(true);
            return new Wire(server, peer, other);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The other side writes these octets. */
    void write(byte[] bytes) {
        try {
            other.getOutputStream().write(bytes);
            other.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void write(String hex) {
        write(ZmtpBytes.hex(hex));
    }

    /** The other side reads exactly {@code n} octets (failing after 5 s). */
    byte[] read(int n) {
        try {
            byte[] bytes = other.getInputStream().readNBytes(n);
            if (bytes.length != n) {
                throw new IllegalStateException("EOF after " + bytes.length + " of " + n + " octets");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The other side closes gracefully (FIN). */
    void closeOther() {
        try {
            other.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The other side resets the connection (RST). */
    void resetOther() {
        try {
            other.setSoLinger(true, 0);
            other.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        peer.close();
        other.close();
        server.close();
    }
}
