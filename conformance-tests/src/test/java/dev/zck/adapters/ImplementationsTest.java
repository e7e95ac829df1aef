package dev.zck.adapters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zck.spi.ErrorKind;
import dev.zck.spi.SocketType;
import dev.zck.spi.ZmqException;
import dev.zck.spi.ZmqImplementation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ImplementationsTest {
    private static final Path HOME = Path.of(".").toAbsolutePath();

    @ParameterizedTest
    @ValueSource(strings = {"nope", "", "Reference", "pyzmq,jeromq", "driver"})
    void anythingElseIsAOneLineUsageError(String spec) {
        assertThatThrownBy(() -> Implementations.open(spec, HOME))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown implementation '" + spec + "' (known: reference, jeromq,")
                .hasMessageContaining("driver:'COMMAND ARGS' or driver+tcp:'COMMAND ARGS'")
                .satisfies(e -> assertThat(e.getMessage().lines()).hasSize(1));
        assertThatThrownBy(() -> Implementations.check(spec)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aBrokenDriverCommandIsAUsageError() {
        assertThatThrownBy(() -> Implementations.check("driver:python3 'x.py"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unclosed ' quote");
        assertThatThrownBy(() -> Implementations.check("driver+tcp:  "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("empty driver command");
    }

    @ParameterizedTest
    @ValueSource(strings = {"reference", "jeromq"})
    void theEmbeddedImplementationsOpen(String id) throws Exception {
        Implementations.check(id);
        try (ZmqImplementation implementation = Implementations.open(id, HOME)) {
            assertThat(implementation.capabilities().supports(SocketType.PUSH)).isTrue();
            implementation.socket(SocketType.PUSH).close();
        }
    }

    @Test
    void anyDriverOpens() throws Exception {
        Path driver = Path.of(
                ImplementationsTest.class.getResource("/drivers/fakedriver.py").toURI());
        try (ZmqImplementation implementation = Implementations.open("driver:/usr/bin/python3 " + driver, HOME)) {
            assertThat(implementation.info().label()).isEqualTo("fake 0.1");
            implementation.socket(SocketType.PULL).close();
        }
    }

    @Test
    void aKnownDriverMissingFromTheHomeIsNotAvailableAndSaysWhy(@TempDir Path emptyHome) {
        KnownImplementation pyzmq =
                KnownImplementations.standard().find("pyzmq").orElseThrow();
        Availability availability = pyzmq.availability(emptyHome, Duration.ofSeconds(20));
        assertThat(availability.available()).isFalse();
        assertThat(availability.remedy()).containsAnyOf("zck_driver.py is missing from " + emptyHome, "apt-get");
        assertThatThrownBy(() -> pyzmq.open(emptyHome))
                .isInstanceOfSatisfying(
                        ZmqException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.OTHER))
                .hasMessageStartingWith(
                        "cannot open pyzmq: the driver conformance-tests/drivers/pyzmq/zck_driver.py" + " is missing");
    }

    @Test
    void aKnownDriverInTheHomeIsAvailableWhenItsRuntimeIs(@TempDir Path home) throws Exception {
        Path driver = home.resolve(KnownImplementations.PYZMQ_DRIVER);
        Files.createDirectories(driver.getParent());
        Files.writeString(driver, "# a driver\n");
        Availability availability =
                KnownImplementations.standard().find("pyzmq").orElseThrow().availability(home, Duration.ofSeconds(20));
        assertThat(availability.available() ? "" : availability.remedy()).doesNotContain("zck_driver.py");
    }

    @Test
    void theJavaDriverIsAvailableExactlyWhenItsMainClassIsBuilt() {
        boolean built;
        try {
            Class.forName(KnownImplementations.JEROMQ_DRIVER_CLASS);
            built = true;
        } catch (ClassNotFoundException e) {
            built = false;
        }
        Availability availability = KnownImplementations.standard()
                .find("jeromq-driver")
                .orElseThrow()
                .availability(HOME, Duration.ofSeconds(20));
        assertThat(availability.available()).isEqualTo(built);
        if (!built) {
            assertThat(availability.remedy()).contains(KnownImplementations.JEROMQ_DRIVER_CLASS);
        }
    }
}
