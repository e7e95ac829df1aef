package dev.zck.simulator.property;

/**
 * The one pseudo-random source of the property engine and the simulator: every random decision of a run derives from
 * a single {@code long} seed, so that a seed names a run and replays it.
 *
 * <p>The algorithm is SplitMix64 (Steele, Lea and Flood, "Fast splittable pseudorandom number generators", OOPSLA
 * 2014), written out here rather than borrowed from {@link java.util.SplittableRandom}: its raw {@link #nextLong()}
 * stream is the same as {@code SplittableRandom}'s (a test checks it), but the JDK does not promise that its bounded
 * methods will never change, and ours must give the same values on every JVM forever. Bounded values are drawn by
 * rejection sampling ({@link #nextLong(long)}), which is exact and fixed. {@link #split()} gives an independent
 * stream, for a component that needs its own randomness without disturbing its parent's sequence.
 *
 * <p>Not thread-safe: one {@code Rand} per thread of control, which a deterministic run has only one of.
 */
public final class Rand {
    private static final long GOLDEN_GAMMA = 0x9e3779b97f4a7c15L;

    private long state;
    private final long gamma;

    /** A stream determined by {@code seed} alone. */
    public Rand(long seed) {
        this(seed, GOLDEN_GAMMA);
    }

    private Rand(long state, long gamma) {
        this.state = state;
        this.gamma = gamma;
    }

    /** The next 64 uniformly distributed bits. */
    public long nextLong() {
        state += gamma;
        return mix64(state);
    }

    /** A uniformly distributed value in {@code [0, bound)}; {@code bound} is positive. */
    public long nextLong(long bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("the bound is positive: " + bound);
        }
        long mask = bound - 1;
        if ((bound & mask) == 0) {
            return nextLong() & mask;
        }
        // Rejection sampling on 63 bits: the draws that would make the last, partial interval are thrown away.
        long bits = nextLong() >>> 1;
        long value = bits % bound;
        while (bits - value + mask < 0) {
            bits = nextLong() >>> 1;
            value = bits % bound;
        }
        return value;
    }

    /** A uniformly distributed value in {@code [0, bound)}; {@code bound} is positive. */
    public int nextInt(int bound) {
        return (int) nextLong(bound);
    }

    /** A uniformly distributed value in {@code [0, 1)} with 53 random bits. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    public boolean nextBoolean() {
        return nextLong() < 0;
    }

    /** A new stream, statistically independent of this one; advances this one by two values. */
    public Rand split() {
        return new Rand(mix64(nextLong0()), mixGamma(nextLong0()));
    }

    private long nextLong0() {
        state += gamma;
        return state;
    }

    static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }

    private static long mixGamma(long z) {
        z = (z ^ (z >>> 33)) * 0xff51afd7ed558ccdL;
        z = (z ^ (z >>> 33)) * 0xc4ceb9fe1a85ec53L;
        z = (z ^ (z >>> 33)) | 1L;
        int flips = Long.bitCount(z ^ (z >>> 1));
        return flips < 24 ? z ^ 0xaaaaaaaaaaaaaaaaL : z;
    }
}
