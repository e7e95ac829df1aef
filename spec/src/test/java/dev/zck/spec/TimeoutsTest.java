package dev.zck.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class TimeoutsTest {
    @AfterEach
    void clear() {
        System.clearProperty(Timeouts.EXPECT_PROPERTY);
        System.clearProperty(Timeouts.SILENCE_PROPERTY);
    }

    @Test
    void defaultsApplyWithoutProperties() {
        assertThat(Timeouts.fromSystemProperties())
                .isEqualTo(new Timeouts(Timeouts.DEFAULT_EXPECT, Timeouts.DEFAULT_SILENCE));
    }

    @Test
    void propertiesOverrideInMilliseconds() {
        System.setProperty(Timeouts.EXPECT_PROPERTY, "1500");
        System.setProperty(Timeouts.SILENCE_PROPERTY, "50");
        assertThat(Timeouts.fromSystemProperties())
                .isEqualTo(new Timeouts(Duration.ofMillis(1500), Duration.ofMillis(50)));
    }

    @Test
    void badValuesAreNamed() {
        System.setProperty(Timeouts.EXPECT_PROPERTY, "soon");
        assertThatThrownBy(Timeouts::fromSystemProperties).hasMessageContaining("zck.timeout.expect");
        assertThatThrownBy(() -> new Timeouts(Duration.ZERO, Duration.ofMillis(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
