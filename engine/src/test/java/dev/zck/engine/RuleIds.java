package dev.zck.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.rules.RuleCatalog;

/** Checks that the rule IDs the engine reports exist in the standard catalog (spec/rules.yaml). */
final class RuleIds {
    private static final RuleCatalog CATALOG = RuleCatalog.standard();

    private RuleIds() {}

    /** Fails unless {@code ruleId} names a rule of the standard catalog. */
    static void assertInCatalog(String ruleId) {
        assertThat(CATALOG.find(ruleId)).as("rule %s in the catalog", ruleId).isPresent();
    }

    /** For a session event or a violation: fails unless every reason it carries names a catalog rule. */
    static void assertReasonsInCatalog(Object arrival) {
        if (arrival instanceof ZmtpSessionEvent.HandshakeFailed failed) {
            failed.reason().ifPresent(v -> assertInCatalog(v.ruleId()));
        } else if (arrival instanceof ZmtpSessionEvent.Closed closed) {
            closed.reason().ifPresent(v -> assertInCatalog(v.ruleId()));
        } else if (arrival instanceof ProtocolViolation violation) {
            assertInCatalog(violation.ruleId());
        }
    }
}
