package dev.zck.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.zck.engine.NoLeaks;
import dev.zck.engine.socket.internal.SocketCore;
import dev.zck.simulator.property.EmittedTests;
import dev.zck.simulator.property.Property;
import dev.zck.simulator.property.PropertyFailure;
import java.lang.invoke.MethodHandles;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The property engine over the simulator ({@link PushPullMachine}): the engine's PUSH keeps ZeroMQ's promise under
 * resets, partitions and delays, and a PUSH that loses the first message after a reconnect ({@link LossyPush}) is
 * found, shrunk to a handful of actions, replayed by its seed and written out as a test.
 */
@ExtendWith(NoLeaks.class)
class PushPullPropertyTest {
    private static final int TRIES = 200;
    private static final int MAX_SIZE = 40;

    @TempDir
    Path shrunkTests;

    private Property property(boolean broken) {
        return Property.stateful(new PushPullMachine(broken))
                .tries(TRIES)
                .maxSize(MAX_SIZE)
                .shrunkTestsIn(shrunkTests);
    }

    private PropertyFailure lossyPushFailure() {
        PropertyFailure failure = catchThrowableOfType(PropertyFailure.class, property(true)::check);
        assertThat(failure).as("the lossy PUSH should be caught").isNotNull();
        return failure;
    }

    @Test
    void theEnginesPushKeepsThePromiseUnderResetsPartitionsAndDelays() {
        assertThatCode(property(false)::check).doesNotThrowAnyException();
    }

    @Test
    void aPushThatLosesAMessageAfterAReconnectIsFoundAndShrunkToAtMostFiveActions() {
        PropertyFailure failure = lossyPushFailure();
        assertThat(failure.failedTry()).isLessThanOrEqualTo(TRIES);
        assertThat((List<?>) failure.shrunk()).hasSizeLessThanOrEqualTo(5);
        assertThat(failure.shrunk())
                .isEqualTo(List.of(
                        new PushPullMachine.Start(0, true),
                        new PushPullMachine.Reset(),
                        new PushPullMachine.Send(1),
                        new PushPullMachine.ReceiveAll()));
        assertThat(failure.shrunkLines())
                .containsExactly("start(seed 0, lossy push)", "reset()", "send(1)", "receiveAll()");
        assertThat(failure.getCause())
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("every message accepted since the last reconnect is due");
        assertThat(failure.getMessage())
                .contains("seed " + failure.seed())
                .contains("-Dzck.seed=" + failure.seed())
                .contains("-Dtest='PushPullPropertyTest#"
                        + "aPushThatLosesAMessageAfterAReconnectIsFoundAndShrunkToAtMostFiveActions'");
    }

    @Test
    void replayingTheSeedReproducesTheSameShrunkFailure() {
        PropertyFailure found = lossyPushFailure();
        PropertyFailure replayed =
                catchThrowableOfType(PropertyFailure.class, () -> property(true).replay(found.seed()));
        assertThat(replayed).isNotNull();
        assertThat(replayed.failedTry()).isEqualTo(1);
        assertThat(replayed.seed()).isEqualTo(found.seed());
        assertThat(replayed.original()).isEqualTo(found.original());
        assertThat(replayed.shrunk()).isEqualTo(found.shrunk());
        assertThat(replayed.getCause()).hasMessage(found.getCause().getMessage());
        assertThat(replayed.trace()).isEqualTo(found.trace());
    }

    @Test
    void theShrunkCaseIsWrittenAsATestThatCompilesAndFailsTheSameWay() throws Exception {
        PropertyFailure failure = lossyPushFailure();
        Path source = failure.shrunkTest().orElseThrow();
        assertThat(source.getFileName())
                .hasToString(
                        "PushPullPropertyTheShrunkCaseIsWrittenAsATestThatCompilesAndFailsTheSameWayShrunkTest.java");
        assertThat(Files.readString(source))
                .contains("new PushPullMachine(true)")
                .contains("new PushPullMachine.Reset()");

        Path classes = Files.createDirectory(shrunkTests.resolve("classes"));
        TestExecutionSummary summary =
                EmittedTests.compileAndRun(source, classes, MethodHandles.lookup(), SocketCore.class);
        assertThat(summary.getTestsFoundCount()).isEqualTo(1);
        assertThat(summary.getFailures()).hasSize(1);
        assertThat(summary.getFailures().get(0).getException())
                .isInstanceOf(failure.getCause().getClass())
                .hasMessage(failure.getCause().getMessage());
    }
}
