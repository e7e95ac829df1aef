package dev.zck.contract;

import dev.zck.adapters.jeromq.JeromqImplementation;
import dev.zck.spi.ZmqImplementation;

class JeromqAdapterContractTest extends AdapterContract {
    @Override
    protected ZmqImplementation createImplementation() {
        return new JeromqImplementation();
    }
}
