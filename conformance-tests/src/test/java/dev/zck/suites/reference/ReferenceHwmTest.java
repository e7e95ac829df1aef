package dev.zck.suites.reference;

import dev.zck.engine.socket.ReferenceImplementation;
import dev.zck.spi.ZmqImplementation;
import dev.zck.suites.sockets.HwmSuite;

class ReferenceHwmTest extends HwmSuite {
    @Override
    protected ZmqImplementation createImplementation() {
        return new ReferenceImplementation();
    }
}
