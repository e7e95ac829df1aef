package dev.zck.drivers.reference;

import dev.zck.drivers.DriverServer;
import dev.zck.engine.socket.ReferenceImplementation;

/**
 * The reference engine as a driver process: the oracle behind the driver protocol, so that the kit's driver path can
 * be checked against the implementation every other one is compared with.
 */
public final class ReferenceDriver {
    private ReferenceDriver() {}

    /** Serves one session on stdin/stdout, or on {@code --connect HOST:PORT}. */
    public static void main(String[] args) {
        DriverServer.serve(ReferenceImplementation::new, args);
    }
}
