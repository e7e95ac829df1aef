package dev.zck.simulator.property;

import java.nio.charset.StandardCharsets;

/**
 * The one number a run derives from. A property test's seed comes from the system property {@value #PROPERTY} when it
 * is set (to replay a failure), else from the test's name ({@link #forName}): fixed, so that a build's verdict does
 * not change from one run to the next, yet different for every test.
 *
 * @param value the seed
 */
public record Seed(long value) {
    /** The system property that overrides every property test's seed. */
    public static final String PROPERTY = "zck.seed";

    public static Seed of(long value) {
        return new Seed(value);
    }

    /** A seed that depends only on {@code name} (FNV-1a over its UTF-8 bytes, then mixed): stable across JVMs. */
    public static Seed forName(String name) {
        long hash = 0xcbf29ce484222325L;
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            hash = (hash ^ (b & 0xff)) * 0x100000001b3L;
        }
        return new Seed(Rand.mix64(hash));
    }

    /** A decimal seed as printed by {@link #toString()}, e.g. from the command line. */
    public static Seed parse(String text) {
        try {
            return new Seed(Long.parseLong(text.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("a seed is a decimal long, was '" + text + "'", e);
        }
    }

    /** A fresh random stream starting from this seed. */
    public Rand rand() {
        return new Rand(value);
    }

    @Override
    public String toString() {
        return Long.toString(value);
    }
}
