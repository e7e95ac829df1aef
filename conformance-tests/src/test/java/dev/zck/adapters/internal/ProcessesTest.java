package dev.zck.adapters.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProcessesTest {

    @Test
    void capturesOutputAndExitCode() {
        Processes.Result result = Processes.run(
                List.of("sh", "-c", "echo hello; echo oops >&2; exit 3"), Map.of(), Duration.ofSeconds(20));
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.timedOut()).isFalse();
        assertThat(result.stdout()).isEqualTo("hello");
        assertThat(result.reason()).isEqualTo("oops");
    }

    @Test
    void aHangingCommandIsKilledWithItsChildrenAtTheDeadline() {
        // The shell starts a child that would outlive it; both must be gone after the timeout.
        Processes.Result result =
                Processes.run(List.of("sh", "-c", "sleep 300 & echo $!; wait"), Map.of(), Duration.ofMillis(500));
        assertThat(result.timedOut()).isTrue();
        assertThat(result.ok()).isFalse();
        long child =
                Long.parseLong(result.stdout().lines().findFirst().orElseThrow().strip());
        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false))
                .as("child process %d still alive", child)
                .isFalse();
    }

    @Test
    void aMissingProgramIsAReasonNotAnException() {
        Processes.Result result = Processes.run(List.of("/no/such/program"), Map.of(), Duration.ofSeconds(5));
        assertThat(result.ok()).isFalse();
        assertThat(result.reason()).contains("cannot start /no/such/program");
    }

    @Test
    void reasonPrefersTheErrorLineOfATraceback() {
        Processes.Result result = new Processes.Result(
                1,
                false,
                "",
                "Traceback (most recent call last):\n  File x\nModuleNotFoundError: No module named 'zmq'\n");
        assertThat(result.reason()).isEqualTo("ModuleNotFoundError: No module named 'zmq'");
    }

    @Test
    void rememberedDescendantsAreKilledAfterTheirParentDied() throws Exception {
        Process process = new ProcessBuilder("sh", "-c", "sleep 300 & echo $!; exec cat").start();
        long child;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            child = Long.parseLong(out.readLine().strip());
            List<ProcessHandle> remembered = process.descendants().toList();
            assertThat(remembered).extracting(ProcessHandle::pid).contains(child);
            process.getOutputStream().close(); // cat ends, and the sleep is orphaned
            assertThat(process.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(process.descendants()).isEmpty();

            Processes.killTree(process, remembered);
        }
        assertThat(ProcessHandle.of(child).map(ProcessHandle::isAlive).orElse(false))
                .as("orphaned child %d still alive", child)
                .isFalse();
    }
}
