package dev.zck.suites.reference;

import dev.zck.engine.socket.ReferenceImplementation;
import dev.zck.spi.ZmqImplementation;
import dev.zck.suites.wire.OptionsWireSuite;

class ReferenceOptionsWireTest extends OptionsWireSuite {
    @Override
    protected ZmqImplementation createImplementation() {
        return new ReferenceImplementation();
    }
}
