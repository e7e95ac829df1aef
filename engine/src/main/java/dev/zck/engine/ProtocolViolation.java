package dev.zck.engine;

import java.util.Objects;

/**
 * A peer broke the protocol. The engine closes the connection and reports this as the reason; it always names the
 * catalog rule that was broken, so that a user can look it up in RULES.md.
 */
public final class ProtocolViolation extends Exception {
    private static final long serialVersionUID = 1L;

    private final String ruleId;

    public ProtocolViolation(String ruleId, String reason) {
        super(reason);
        this.ruleId = Objects.requireNonNull(ruleId, "ruleId");
    }

    /** The ID of the rule in the catalog (spec/rules.yaml) that the peer broke. */
    public String ruleId() {
        return ruleId;
    }

    /** {@code [RULE-ID] reason}, as logged and reported. */
    @Override
    public String toString() {
        return "[" + ruleId + "] " + getMessage();
    }
}
