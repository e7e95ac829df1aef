package dev.zck.adapters.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DriverCommandTest {

    @Test
    void whitespaceSeparatesArguments() {
        assertThat(DriverCommand.parse("  python3\tdriver.py   --verbose \n").arguments())
                .containsExactly("python3", "driver.py", "--verbose");
    }

    @Test
    void quotesGroupAndBackslashesEscape() {
        assertThat(DriverCommand.parse("node 'my driver.js' \"a \\\"quoted\\\" word\" plain\\ space")
                        .arguments())
                .containsExactly("node", "my driver.js", "a \"quoted\" word", "plain space");
        assertThat(DriverCommand.parse("a'b c'd \"\" ''").arguments()).containsExactly("ab cd", "", "");
        assertThat(DriverCommand.parse("echo 'single \\ keeps \"all\"'").arguments())
                .containsExactly("echo", "single \\ keeps \"all\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"python3 'driver.py", "python3 \"driver.py", "node 'a' \"b"})
    void anUnclosedQuoteIsRefusedClearly(String text) {
        assertThatThrownBy(() -> DriverCommand.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unclosed")
                .hasMessageContaining("quote")
                .hasMessageEndingWith(text);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t\n"})
    void anEmptyCommandIsRefused(String text) {
        assertThatThrownBy(() -> DriverCommand.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("empty driver command");
        assertThatThrownBy(() -> DriverCommand.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTrailingBackslashIsRefused() {
        assertThatThrownBy(() -> DriverCommand.parse("python3 driver.py \\"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lone backslash");
    }

    @Test
    void theDriverFormRunsOnStdio() {
        DriverCommand command = DriverCommand.parseSpec("driver:python3 drivers/x.py --flag");
        assertThat(command.tcp()).isFalse();
        assertThat(command.arguments()).containsExactly("python3", "drivers/x.py", "--flag");
        assertThat(command.commandLine("127.0.0.1:1")).isEqualTo(command.arguments());
    }

    @Test
    void theTcpFormAppendsConnect() {
        DriverCommand command = DriverCommand.parseSpec("driver+tcp:docker run --rm zck-driver");
        assertThat(command.tcp()).isTrue();
        assertThat(command.commandLine("127.0.0.1:40123"))
                .containsExactly("docker", "run", "--rm", "zck-driver", "--connect", "127.0.0.1:40123");
        assertThat(command.toString()).isEqualTo("driver+tcp:'docker run --rm zck-driver'");
    }

    @Test
    void quotesTheShellDidNotRemoveAreRemovedOnce() {
        assertThat(DriverCommand.parseSpec("driver:'python3 \"my driver.py\"'").arguments())
                .containsExactly("python3", "my driver.py");
        assertThat(DriverCommand.parseSpec("driver:'\"/opt/my driver\"'").arguments())
                .containsExactly("/opt/my driver");
        assertThat(DriverCommand.parseSpec("driver:'a' 'b'").arguments()).containsExactly("a", "b");
    }

    @ParameterizedTest
    @ValueSource(strings = {"pyzmq", "drive:python3", "driver+udp:python3", "DRIVER:python3"})
    void otherTextIsNotADriverForm(String text) {
        assertThat(DriverCommand.isSpec(text)).isFalse();
        assertThatThrownBy(() -> DriverCommand.parseSpec(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("driver:'COMMAND ARGS'");
    }

    @Test
    void environmentAndDirectoryAreKept() {
        DriverCommand command = DriverCommand.of("node", "driver.js")
                .withEnvironment(Map.of("NODE_PATH", "/x"))
                .withEnvironment(Map.of("DEBUG", "1"))
                .withDirectory(Path.of("/tmp"));
        assertThat(command.environment()).containsOnly(Map.entry("NODE_PATH", "/x"), Map.entry("DEBUG", "1"));
        assertThat(command.directory()).contains(Path.of("/tmp"));
        assertThat(command.overTcp().environment()).isEqualTo(command.environment());
        assertThat(command)
                .isEqualTo(DriverCommand.of("node", "driver.js")
                        .withEnvironment(Map.of("NODE_PATH", "/x", "DEBUG", "1"))
                        .withDirectory(Path.of("/tmp")));
    }

    @Test
    void longArgumentsAreShortenedForReports() {
        String classPath = "/a/very/long/class/path.jar:".repeat(20);
        String shown = DriverCommand.of("java", "-cp", classPath, "Main").toString();
        assertThat(shown)
                .startsWith("'java -cp /a/very/long")
                .endsWith("path.jar: Main'")
                .contains("...");
        assertThat(shown.length()).isLessThan(160);
        assertThat(DriverCommand.of("my program", "").toString()).isEqualTo("'\"my program\" \"\"'");
    }
}
