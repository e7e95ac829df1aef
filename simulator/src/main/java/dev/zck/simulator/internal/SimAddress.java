package dev.zck.simulator.internal;

import java.net.SocketAddress;
import java.util.Objects;

/** A simulated host and port, {@code host:port}: what a simulated channel reports as its local or remote address. */
final class SimAddress extends SocketAddress {
    private static final long serialVersionUID = 1L;

    private final String host;
    private final int port;

    SimAddress(String host, int port) {
        this.host = Objects.requireNonNull(host, "host");
        this.port = port;
    }

    String host() {
        return host;
    }

    int port() {
        return port;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SimAddress other && other.host.equals(host) && other.port == port;
    }

    @Override
    public int hashCode() {
        return host.hashCode() * 31 + port;
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
