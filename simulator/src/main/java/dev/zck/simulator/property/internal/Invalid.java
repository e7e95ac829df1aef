package dev.zck.simulator.property.internal;

/**
 * A case that cannot be generated: a filter rejected too many values, or a choice sequence ran past its limit. During
 * a random try it is a mistake in the generator, reported as such; during shrinking it only rules the candidate out.
 */
public final class Invalid extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Invalid(String message) {
        super(message, null, false, false);
    }
}
