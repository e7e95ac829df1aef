package dev.zck.adapters.driver;

import java.time.Duration;
import java.util.Objects;

/**
 * The kit's deadlines for a driver (spec/DRIVER-PROTOCOL.md, section 6). The kit owns every timeout, so that a
 * driver that stops answering is found out instead of stalling a run.
 *
 * @param start how long the driver may take to start and answer {@code hello} (and, in the TCP form, to connect)
 * @param replyGrace how much longer than its {@code timeoutMs} a request may take to be answered; also how long the
 *     driver may take to exit after {@code bye}
 */
public record DriverTimeouts(Duration start, Duration replyGrace) {
    /** System property: the start timeout in milliseconds. */
    public static final String START_PROPERTY = "zck.driver.start-timeout";

    /** System property: the reply grace in milliseconds. */
    public static final String REPLY_GRACE_PROPERTY = "zck.driver.reply-grace";

    /** 30 s to start (a JVM or Node start is slow on a busy machine), 5 s of grace per reply. */
    public static final DriverTimeouts DEFAULTS = new DriverTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(5));

    public DriverTimeouts {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(replyGrace, "replyGrace");
        if (start.isNegative() || start.isZero() || replyGrace.isNegative() || replyGrace.isZero()) {
            throw new IllegalArgumentException(
                    "driver timeouts must be positive: start " + start + ", reply grace " + replyGrace);
        }
    }

    /**
     * The defaults, each overridden by its system property when set.
     *
     * @throws IllegalArgumentException naming the property when its value is not a positive number of milliseconds
     */
    public static DriverTimeouts fromSystemProperties() {
        return new DriverTimeouts(
                millis(START_PROPERTY, DEFAULTS.start()), millis(REPLY_GRACE_PROPERTY, DEFAULTS.replyGrace()));
    }

    private static Duration millis(String property, Duration fallback) {
        String value = System.getProperty(property);
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            long millis = Long.parseLong(value.strip());
            if (millis > 0) {
                return Duration.ofMillis(millis);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(
                property + " must be a positive number of milliseconds, not '" + value + "'");
    }

    /**
     * The protocol's {@code timeoutMs} for an SPI timeout: 0 for {@link Duration#ZERO} (do not wait), otherwise the
     * milliseconds rounded up (so that a driver never waits less than asked), at most {@link Integer#MAX_VALUE}.
     */
    public static long timeoutMs(Duration timeout) {
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("a timeout cannot be negative: " + timeout);
        }
        if (timeout.isZero()) {
            return 0;
        }
        if (timeout.compareTo(Duration.ofMillis(Integer.MAX_VALUE)) >= 0) {
            return Integer.MAX_VALUE;
        }
        long nanos = timeout.toNanos();
        return (nanos + 999_999) / 1_000_000;
    }

    /** How long the kit waits for the reply to a request with this {@code timeoutMs}: it plus the grace. */
    public Duration replyWait(long timeoutMs) {
        return replyGrace.plusMillis(timeoutMs);
    }
}
