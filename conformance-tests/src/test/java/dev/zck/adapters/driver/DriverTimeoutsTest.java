package dev.zck.adapters.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DriverTimeoutsTest {

    @AfterEach
    void clearProperties() {
        System.clearProperty(DriverTimeouts.START_PROPERTY);
        System.clearProperty(DriverTimeouts.REPLY_GRACE_PROPERTY);
    }

    @Test
    void defaultsAreThirtyAndFiveSeconds() {
        assertThat(DriverTimeouts.fromSystemProperties())
                .isEqualTo(new DriverTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(5)))
                .isEqualTo(DriverTimeouts.DEFAULTS);
    }

    @Test
    void propertiesOverrideInMilliseconds() {
        System.setProperty(DriverTimeouts.START_PROPERTY, "1200");
        System.setProperty(DriverTimeouts.REPLY_GRACE_PROPERTY, " 250 ");
        assertThat(DriverTimeouts.fromSystemProperties())
                .isEqualTo(new DriverTimeouts(Duration.ofMillis(1200), Duration.ofMillis(250)));
    }

    @Test
    void aBadPropertyIsNamed() {
        System.setProperty(DriverTimeouts.REPLY_GRACE_PROPERTY, "5s");
        assertThatThrownBy(DriverTimeouts::fromSystemProperties)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("zck.driver.reply-grace must be a positive number of milliseconds, not '5s'");
        System.setProperty(DriverTimeouts.REPLY_GRACE_PROPERTY, "0");
        assertThatThrownBy(DriverTimeouts::fromSystemProperties).hasMessageContaining("zck.driver.reply-grace");
    }

    @Test
    void timeoutMsRoundsUpAndZeroMeansDoNotWait() {
        assertThat(DriverTimeouts.timeoutMs(Duration.ZERO)).isZero();
        assertThat(DriverTimeouts.timeoutMs(Duration.ofNanos(1))).isEqualTo(1);
        assertThat(DriverTimeouts.timeoutMs(Duration.ofMillis(1))).isEqualTo(1);
        assertThat(DriverTimeouts.timeoutMs(Duration.ofNanos(1_500_000))).isEqualTo(2);
        assertThat(DriverTimeouts.timeoutMs(Duration.ofDays(400))).isEqualTo(Integer.MAX_VALUE);
        assertThatThrownBy(() -> DriverTimeouts.timeoutMs(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(DriverTimeouts.DEFAULTS.replyWait(200)).isEqualTo(Duration.ofMillis(5200));
    }

    @Test
    void timeoutsMustBePositive() {
        assertThatThrownBy(() -> new DriverTimeouts(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DriverTimeouts(Duration.ofSeconds(1), Duration.ofMillis(-5)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
