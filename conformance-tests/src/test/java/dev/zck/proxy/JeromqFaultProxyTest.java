package dev.zck.proxy;

import dev.zck.adapters.jeromq.JeromqImplementation;
import dev.zck.spi.ZmqImplementation;

/** The fault scenarios against JeroMQ in the kit's JVM. */
class JeromqFaultProxyTest extends FaultProxyScenarios {
    @Override
    protected ZmqImplementation createImplementation() {
        return new JeromqImplementation();
    }
}
