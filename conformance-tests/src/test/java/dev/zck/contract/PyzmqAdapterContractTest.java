package dev.zck.contract;

import dev.zck.adapters.Implementations;
import dev.zck.spi.ZmqImplementation;
import java.nio.file.Path;

/** The adapter contract through the driver protocol: the kit's driver adapter with the pyzmq driver. */
class PyzmqAdapterContractTest extends AdapterContract {
    @Override
    protected ZmqImplementation createImplementation() throws Exception {
        return Implementations.open("pyzmq", Path.of("..").toAbsolutePath().normalize());
    }
}
