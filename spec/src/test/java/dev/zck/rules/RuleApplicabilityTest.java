package dev.zck.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.spi.Capabilities;
import dev.zck.spi.Mechanism;
import dev.zck.spi.SocketOption;
import dev.zck.spi.SocketType;
import dev.zck.spi.Transport;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** An undeclared capability makes a rule UNSUPPORTED (a reason), never something that is run and failed. */
class RuleApplicabilityTest {
    private static final Rule NEEDS_RADIO_HEARTBEAT_CURVE = new Rule(
            "TEST-RADIO",
            "t",
            Source.RFC48,
            "s",
            Level.MUST,
            "x",
            "y",
            TestMethod.SOCKET,
            "z",
            Timing.STRICT,
            "",
            new Requirements(
                    Set.of(SocketType.RADIO, SocketType.DISH),
                    Set.of(SocketOption.HEARTBEAT_IVL),
                    Set.of(Mechanism.CURVE),
                    Set.of(Transport.TCP)),
            List.of());

    @Test
    void ruleAppliesWhenEverythingIsDeclared() {
        Capabilities all = Capabilities.builder()
                .socketTypes(SocketType.values())
                .transports(Transport.TCP)
                .mechanisms(Mechanism.NULL, Mechanism.CURVE)
                .options(SocketOption.all())
                .build();
        assertThat(NEEDS_RADIO_HEARTBEAT_CURVE.unsupportedReason(all)).isEmpty();
    }

    @Test
    void everyMissingCapabilityIsNamed() {
        Capabilities classic = Capabilities.builder()
                .socketTypes(SocketType.PUB, SocketType.SUB)
                .transports(Transport.INPROC)
                .mechanisms(Mechanism.NULL)
                .build();
        assertThat(NEEDS_RADIO_HEARTBEAT_CURVE.unsupportedReason(classic))
                .hasValue("not declared: socket type RADIO, socket type DISH, option HEARTBEAT_IVL, "
                        + "mechanism CURVE, transport tcp");
    }

    @Test
    void catalogRulesWithRequirementsAreUnsupportedForAnEmptyDeclaration() {
        Capabilities nothing = Capabilities.builder().build();
        for (Rule rule : RuleCatalog.standard().all()) {
            assertThat(rule.unsupportedReason(nothing).isPresent())
                    .as(rule.id())
                    .isEqualTo(!rule.requires().isEmpty());
        }
    }
}
