package dev.zck.suites.jeromq;

import dev.zck.adapters.jeromq.JeromqImplementation;
import dev.zck.spi.ZmqImplementation;
import dev.zck.suites.patterns.PeerSuite;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

@EnabledIfSystemProperty(named = JeromqSuites.PROPERTY, matches = "true", disabledReason = JeromqSuites.DISABLED)
class JeromqPeerTest extends PeerSuite {
    @Override
    protected ZmqImplementation createImplementation() {
        return new JeromqImplementation();
    }
}
