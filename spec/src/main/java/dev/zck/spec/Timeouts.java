package dev.zck.spec;

import java.time.Duration;
import java.util.Objects;

/**
 * The kit's named timeouts. "Expect" is how long a test waits for something that must happen (a frame, a close);
 * "silence" is how long it watches for something that must not happen. They are separate because a generous expect
 * timeout costs nothing on success while a silence timeout is paid by every passing test.
 *
 * <p>Defaults can be overridden with the system properties {@value #EXPECT_PROPERTY} and {@value #SILENCE_PROPERTY}
 * (milliseconds), which the {@code zck} command line sets from its options.
 *
 * @param expect the longest wait for an expected event
 * @param silence how long to watch for an unexpected event
 */
public record Timeouts(Duration expect, Duration silence) {
    public static final String EXPECT_PROPERTY = "zck.timeout.expect";
    public static final String SILENCE_PROPERTY = "zck.timeout.silence";
    public static final Duration DEFAULT_EXPECT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_SILENCE = Duration.ofMillis(300);

    public Timeouts {
        Objects.requireNonNull(expect, "expect");
        Objects.requireNonNull(silence, "silence");
        if (expect.isNegative() || expect.isZero() || silence.isNegative() || silence.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive: expect=" + expect + " silence=" + silence);
        }
    }

    /** The defaults, overridden by the system properties when they are set. */
    public static Timeouts fromSystemProperties() {
        return new Timeouts(property(EXPECT_PROPERTY, DEFAULT_EXPECT), property(SILENCE_PROPERTY, DEFAULT_SILENCE));
    }

    private static Duration property(String name, Duration fallback) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            return Duration.ofMillis(Long.parseLong(value.strip()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + " must be a number of milliseconds, was '" + value + "'", e);
        }
    }
}
