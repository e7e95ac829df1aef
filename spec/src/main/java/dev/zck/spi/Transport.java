package dev.zck.spi;

import java.util.Locale;
import java.util.Optional;

/** Endpoint transports, named by their URI scheme ({@code tcp://127.0.0.1:0}, {@code inproc://name}). */
public enum Transport {
    TCP("tcp"),
    IPC("ipc"),
    INPROC("inproc");

    private final String scheme;

    Transport(String scheme) {
        this.scheme = scheme;
    }

    /** The scheme as written before {@code ://}. */
    public String scheme() {
        return scheme;
    }

    /** The transport of an endpoint such as {@code tcp://127.0.0.1:5555}, if its scheme is known. */
    public static Optional<Transport> ofEndpoint(String endpoint) {
        int colon = endpoint.indexOf("://");
        if (colon <= 0) {
            return Optional.empty();
        }
        String scheme = endpoint.substring(0, colon).toLowerCase(Locale.ROOT);
        for (Transport transport : values()) {
            if (transport.scheme.equals(scheme)) {
                return Optional.of(transport);
            }
        }
        return Optional.empty();
    }
}
