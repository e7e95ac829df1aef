package dev.zck.run;

import dev.zck.interop.InteropCases;
import dev.zck.interop.InteropCheck;
import dev.zck.spec.Timeouts;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** The interop checks between the selected implementation and its peer, as JUnit dynamic tests. */
public class InteropSuite {
    @TestFactory
    Stream<DynamicTest> interop() {
        RunContext.Selection selection = RunContext.selection();
        Timeouts timeouts = Timeouts.fromSystemProperties();
        return InteropCases.between(selection.implementation(), selection.peer()).stream()
                .map(c -> DynamicTest.dynamicTest(
                        c.name(),
                        CheckUri.of(c.checkName(), "interop", c.pair().ruleIds()),
                        () -> new InteropCheck(c, RunContext::opened, timeouts).run()));
    }
}
