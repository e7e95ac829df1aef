package dev.zck.simulator.property.internal;

/** How many candidate runs shrinking may spend: shrinking stops, with the simplest case so far, when none are left. */
public final class Budget {
    private final int max;
    private int used;

    public Budget(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("a shrink budget is not negative: " + max);
        }
        this.max = max;
    }

    /** Spends one run; false when none is left. */
    public boolean take() {
        if (used >= max) {
            return false;
        }
        used++;
        return true;
    }

    public boolean exhausted() {
        return used >= max;
    }

    public int used() {
        return used;
    }
}
