package dev.zck.suites.jeromq;

import dev.zck.adapters.jeromq.JeromqImplementation;
import dev.zck.spi.ZmqImplementation;
import dev.zck.suites.patterns.PairSuite;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

@EnabledIfSystemProperty(named = JeromqSuites.PROPERTY, matches = "true", disabledReason = JeromqSuites.DISABLED)
class JeromqPairTest extends PairSuite {
    @Override
    protected ZmqImplementation createImplementation() {
        return new JeromqImplementation();
    }
}
