package dev.zck.suites.reference;

import dev.zck.engine.socket.ReferenceImplementation;
import dev.zck.spi.ZmqImplementation;
import dev.zck.suites.patterns.PubSubSuite;

class ReferencePubSubTest extends PubSubSuite {
    @Override
    protected ZmqImplementation createImplementation() {
        return new ReferenceImplementation();
    }
}
