package dev.zck.contract;

import dev.zck.adapters.Implementations;
import dev.zck.spi.ZmqImplementation;
import java.nio.file.Path;

/** The adapter contract through the driver protocol: the kit's driver adapter with the jeromq-driver driver. */
class JeromqDriverAdapterContractTest extends AdapterContract {
    @Override
    protected ZmqImplementation createImplementation() throws Exception {
        return Implementations.open(
                "jeromq-driver", Path.of("..").toAbsolutePath().normalize());
    }
}
