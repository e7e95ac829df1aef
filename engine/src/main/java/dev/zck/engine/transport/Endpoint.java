package dev.zck.engine.transport;

import java.util.Locale;

/**
 * A parsed ZeroMQ endpoint, {@code transport://address}: {@code tcp://127.0.0.1:5555}, {@code tcp://[::1]:0},
 * {@code tcp://*:*}, {@code inproc://name}. Parsing fails with a message that quotes the endpoint and says what is
 * wrong, so that a typo on the command line gets a clear one-line error.
 *
 * @param scheme the transport name, lower case
 * @param address everything after {@code ://}
 */
public record Endpoint(String scheme, String address) {

    public static Endpoint parse(String endpoint) {
        int colon = endpoint == null ? -1 : endpoint.indexOf("://");
        if (colon <= 0) {
            throw new IllegalArgumentException("endpoint '" + endpoint + "' is not of the form transport://address");
        }
        String address = endpoint.substring(colon + 3);
        if (address.isEmpty()) {
            throw new IllegalArgumentException("endpoint '" + endpoint + "' has no address");
        }
        return new Endpoint(endpoint.substring(0, colon).toLowerCase(Locale.ROOT), address);
    }

    @Override
    public String toString() {
        return scheme + "://" + address;
    }
}
