package dev.zck.drivers.jeromq;

import dev.zck.adapters.jeromq.JeromqImplementation;
import dev.zck.drivers.DriverServer;

/**
 * JeroMQ as a driver process (launcher: conformance-tests/drivers/jeromq/jeromq-driver). The kit also runs JeroMQ
 * in-process; the driver exists so that the kit's driver path can be checked end to end against an implementation
 * whose in-process verdicts are known, and as the Java example of a driver.
 */
public final class JeromqDriver {
    private JeromqDriver() {}

    /** Serves one session on stdin/stdout, or on {@code --connect HOST:PORT}. */
    public static void main(String[] args) {
        DriverServer.serve(JeromqImplementation::new, args);
    }
}
