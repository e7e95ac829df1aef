package dev.zck.suites.reference;

import dev.zck.engine.socket.ReferenceImplementation;
import dev.zck.spi.ZmqImplementation;
import dev.zck.suites.patterns.ClientServerWireSuite;

class ReferenceClientServerWireTest extends ClientServerWireSuite {
    @Override
    protected ZmqImplementation createImplementation() {
        return new ReferenceImplementation();
    }
}
