package dev.zck.adapters.driver.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class StderrTailTest {

    @Test
    void keepsTheLastTwentyLinesEachCut() {
        String text = IntStream.rangeClosed(1, 30).mapToObj(i -> "line " + i).collect(Collectors.joining("\n")) + "\n"
                + "w".repeat(2000) + "\r\nno newline at the end";
        StderrTail tail =
                new StderrTail(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "test-stderr");
        tail.awaitEnd(Duration.ofSeconds(10));

        assertThat(tail.lines()).hasSize(StderrTail.LINES);
        assertThat(tail.lines().get(0)).isEqualTo("line 13");
        assertThat(tail.lines().get(18)).isEqualTo("w".repeat(StderrTail.LINE_CHARS));
        assertThat(tail.lines().get(19)).isEqualTo("no newline at the end");
        assertThat(tail.describe()).startsWith("\nlast 20 lines of its stderr:\n  | line 13\n");
    }

    @Test
    void nothingWrittenIsNothingToSay() {
        StderrTail tail = new StderrTail(new ByteArrayInputStream(new byte[0]), "test-stderr");
        tail.awaitEnd(Duration.ofSeconds(10));
        assertThat(tail.describe()).isEmpty();
    }

    @Test
    void exitStatusesAreWorded() {
        assertThat(ExitStatus.describe(3)).isEqualTo("exit status 3");
        assertThat(ExitStatus.describe(0)).isEqualTo("exit status 0");
        assertThat(ExitStatus.describe(137))
                .isEqualTo("exit status 137 (killed by signal 9, SIGKILL, as far as Java can tell)");
        assertThat(ExitStatus.describe(139)).contains("signal 11, SIGSEGV");
    }
}
