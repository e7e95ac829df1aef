package dev.zck.suites.sockets;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP relay between a connecting implementation socket and a bound one that the test can cut: every
 * accepted connection is copied octet for octet to a new connection to the target, both ways, until {@link #cut()}
 * closes all of them at once, as a network failure would. It knows nothing of ZMTP.
 */
final class CuttingProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final List<Socket> live = new ArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private volatile boolean closed;

    /** Starts relaying {@code tcp://127.0.0.1:P} connections made to {@link #endpoint()} towards port P of {@code target}. */
    CuttingProxy(String target) {
        this.targetPort = Loopback.port(target);
        try {
            this.server = new ServerSocket(0, 50, Loopback.loopback());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the proxy", e);
        }
        Thread acceptor = new Thread(this::acceptLoop, "zck-cutting-proxy");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    String endpoint() {
        return Loopback.endpoint(server.getLocalPort());
    }

    /** Connections accepted so far. */
    int connections() {
        return accepted.get();
    }

    /** Closes every relayed connection on both sides; new connections are relayed again. */
    void cut() {
        List<Socket> all;
        synchronized (live) {
            all = List.copyOf(live);
            live.clear();
        }
        all.forEach(CuttingProxy::closeQuietly);
    }

    @Override
    public void close() {
        closed = true;
        closeQuietly(server);
        cut();
    }

    private void acceptLoop() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return; // closed
            }
            Socket upstream = new Socket();
            try {
                client.setTcpNoDelay(true);
                upstream.setTcpNoDelay(true);
                upstream.connect(new InetSocketAddress(Loopback.loopback(), targetPort));
            } catch (IOException e) {
                closeQuietly(client);
                closeQuietly(upstream);
                continue;
            }
            accepted.incrementAndGet();
            synchronized (live) {
                live.add(client);
                live.add(upstream);
            }
            relay(client, upstream);
            relay(upstream, client);
        }
    }

    private static void relay(Socket from, Socket to) {
        Thread pump = new Thread(
                () -> {
                    byte[] buffer = new byte[16 * 1024];
                    try {
                        InputStream in = from.getInputStream();
                        OutputStream out = to.getOutputStream();
                        int n;
                        while ((n = in.read(buffer)) >= 0) {
                            out.write(buffer, 0, n);
                        }
                    } catch (IOException e) {
                        // cut or closed: end both sides below
                    }
                    closeQuietly(from);
                    closeQuietly(to);
                },
                "zck-cutting-proxy-relay");
        pump.setDaemon(true);
        pump.start();
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            // nothing left to release
        }
    }
}
