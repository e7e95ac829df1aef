package dev.zck.rules;

/** How a rule's verdict depends on time, so that verdicts stay stable on real networks. */
public enum Timing {
    /** The verdict does not depend on timing. */
    STRICT,
    /** Needs a deadline, but a generous one gives a stable verdict (e.g. "closes within HANDSHAKE_IVL"). */
    TOLERANT,
    /** Inherently racy on a real network (e.g. slow-joiner counts); reported as stochastic, never a hard failure. */
    STOCHASTIC
}
