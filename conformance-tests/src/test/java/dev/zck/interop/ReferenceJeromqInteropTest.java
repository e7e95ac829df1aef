package dev.zck.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.adapters.jeromq.JeromqImplementation;
import dev.zck.engine.socket.ReferenceImplementation;
import dev.zck.spec.Timeouts;
import dev.zck.spi.ZmqImplementation;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;

/** The interop checks between the reference engine and JeroMQ in-process: every pair must pass. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReferenceJeromqInteropTest {
    private ZmqImplementation reference;
    private ZmqImplementation jeromq;

    @BeforeAll
    void open() {
        reference = new ReferenceImplementation();
        jeromq = new JeromqImplementation();
    }

    @AfterAll
    void close() throws Exception {
        jeromq.close();
        reference.close();
    }

    @Test
    void everyCompatiblePairIsCoveredInBothRolesAndDirections() {
        List<InteropCase> cases = InteropCases.between("a", "b");
        assertThat(TypePair.all()).hasSize(17);
        assertThat(cases).hasSize(12 * 4 + 5 * 2);
        assertThat(cases.stream().map(InteropCase::checkName).distinct()).hasSize(cases.size());
    }

    @TestFactory
    Stream<DynamicTest> referenceAndJeromq() {
        Map<String, ZmqImplementation> impls = Map.of("reference", reference, "jeromq", jeromq);
        Timeouts timeouts = Timeouts.fromSystemProperties();
        return InteropCases.between("reference", "jeromq").stream()
                .map(c -> DynamicTest.dynamicTest(
                        c.name() + " " + c.pair().ruleIds(), () -> new InteropCheck(c, impls::get, timeouts).run()));
    }
}
