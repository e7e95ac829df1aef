package dev.zck.contract;

import dev.zck.engine.socket.ReferenceImplementation;
import dev.zck.spi.ZmqImplementation;

class ReferenceAdapterContractTest extends AdapterContract {
    @Override
    protected ZmqImplementation createImplementation() {
        return new ReferenceImplementation();
    }
}
