package dev.zck.suites.reference;

import dev.zck.engine.socket.ReferenceImplementation;
import dev.zck.spi.ZmqImplementation;
import dev.zck.suites.patterns.ClientServerSuite;

class ReferenceClientServerTest extends ClientServerSuite {
    @Override
    protected ZmqImplementation createImplementation() {
        return new ReferenceImplementation();
    }
}
