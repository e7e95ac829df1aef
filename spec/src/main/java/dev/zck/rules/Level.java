package dev.zck.rules;

/** How strongly a rule binds, in the words of its source. */
public enum Level {
    /** MUST, MUST NOT, SHALL, SHALL NOT, REQUIRED, or a byte layout fixed by the grammar. A failure fails the run. */
    MUST,
    /** SHOULD, SHOULD NOT, RECOMMENDED. A failure is reported but does not fail the run. */
    SHOULD,
    /** MAY, OPTIONAL. Reported for information. */
    MAY,
    /** What libzmq does where the RFCs are silent or differ: what most peers interoperate with. Informational. */
    LIBZMQ;

    /** True when a failure of a rule at this level makes the run fail. */
    public boolean required() {
        return this == MUST;
    }
}
