package dev.zck.proxy;

import dev.zck.adapters.Availability;
import dev.zck.adapters.Implementations;
import dev.zck.adapters.KnownImplementations;
import dev.zck.spi.ZmqImplementation;
import java.nio.file.Path;

/**
 * The fault scenarios against libzmq, through pyzmq and the kit's driver. When pyzmq is missing every test fails
 * with the command that installs it: a machine without libzmq must not pass them silently.
 */
class LibzmqFaultProxyTest extends FaultProxyScenarios {
    @Override
    protected ZmqImplementation createImplementation() throws Exception {
        Path home = Path.of("..").toAbsolutePath().normalize();
        Availability pyzmq =
                KnownImplementations.standard().find("pyzmq").orElseThrow().availability(home, timeouts.expect());
        if (!pyzmq.available()) {
            throw new AssertionError(
                    "libzmq through pyzmq is not available (" + pyzmq.runtime() + "); install it: " + pyzmq.remedy());
        }
        return Implementations.open("pyzmq", home);
    }
}
