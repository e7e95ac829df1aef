package dev.zck.simulator.property;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.zck.simulator.property.BoundedQueueMachine.Offer;
import dev.zck.simulator.property.BoundedQueueMachine.Poll;
import dev.zck.simulator.property.BoundedQueueMachine.Reset;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.lang.invoke.MethodHandles;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/** The engine finds, shrinks, reports and replays the planted bug of {@link BoundedQueueMachine}. */
class StatefulPropertyTest {
    private static final int TRIES = 200;
    private static final List<Action<List<Integer>, BoundedQueueMachine.Queue>> MINIMAL =
            List.of(new Offer(0), new Offer(1), new Offer(0), new Reset(), new Poll());

    @TempDir
    Path shrunkTests;

    private Property buggyQueue() {
        return Property.stateful(new BoundedQueueMachine()).tries(TRIES).shrunkTestsIn(shrunkTests);
    }

    @Test
    void thePlantedBugIsFoundAndShrunkToFiveActions() {
        PropertyFailure failure = Failures.of(buggyQueue());
        assertThat(failure.failedTry()).isLessThanOrEqualTo(20);
        assertThat((List<?>) failure.original()).hasSizeGreaterThan(MINIMAL.size());
        assertThat(failure.shrunk()).isEqualTo(MINIMAL);
        assertThat(failure.getCause()).isInstanceOf(AssertionError.class).hasMessageContaining("[poll]");
    }

    @Test
    void everySeedShrinksToTheSameMinimalCase() {
        for (long seed = 0; seed < 10; seed++) {
            PropertyFailure failure = Failures.of(buggyQueue().seed(seed));
            assertThat(failure.shrunk()).as("seed " + seed).isEqualTo(MINIMAL);
        }
    }

    @Test
    void generatedSequencesOnlyTakeActionsWhosePreconditionsHold() {
        // The queue throws on a poll when empty and an offer when full, which the preconditions rule out.
        assertThatCode(() -> Property.stateful(new BoundedQueueMachine(false))
                        .tries(300)
                        .check())
                .doesNotThrowAnyException();
    }

    @Test
    void theShrunkSequenceKeepsThePreconditionsAndFailsOnlyThroughTheBug() throws Exception {
        @SuppressWarnings("unchecked")
        List<Action<List<Integer>, BoundedQueueMachine.Queue>> shrunk =
                (List<Action<List<Integer>, BoundedQueueMachine.Queue>>)
                        Failures.of(buggyQueue()).shrunk();
        Property.replayActions(new BoundedQueueMachine(false), shrunk);
        assertThatThrownBy(() -> Property.replayActions(new BoundedQueueMachine(true), shrunk))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("[poll]");
    }

    @Test
    void replayActionsRefusesAnActionWhosePreconditionFails() {
        assertThatThrownBy(() -> Property.replayActions(
                        new BoundedQueueMachine(), List.of(new Offer(1), new Poll(), new Poll())))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("action 3, poll(), is not allowed in the model's state []");
    }

    @Test
    void replayBySeedRunsExactlyTheSameCase() {
        PropertyFailure found = Failures.of(buggyQueue().seed(4));
        PropertyFailure replayed =
                catchThrowableOfType(PropertyFailure.class, () -> buggyQueue().replay(found.seed()));
        assertThat(replayed).isNotNull();
        assertThat(replayed.failedTry()).isEqualTo(1);
        assertThat(replayed.seed()).isEqualTo(found.seed());
        assertThat(replayed.size()).isEqualTo(found.size());
        assertThat(replayed.original()).isEqualTo(found.original());
        assertThat(replayed.shrunk()).isEqualTo(found.shrunk());
        assertThat(replayed.getCause()).hasMessage(found.getCause().getMessage());
    }

    @Test
    void theReportHasTheSeedTriesBothCasesTheTraceAndTheReplayCommand() {
        PropertyFailure failure = Failures.of(buggyQueue());
        String message = failure.getMessage();
        assertThat(message)
                .startsWith("Property failed on try " + failure.failedTry() + " of " + TRIES + " (seed "
                        + failure.seed() + ", size " + failure.size() + "): "
                        + StatefulPropertyTest.class.getName() + "#"
                        + "theReportHasTheSeedTriesBothCasesTheTraceAndTheReplayCommand")
                .contains("Original case (" + ((List<?>) failure.original()).size() + " actions):\n")
                .contains("Shrunk case (5 actions, " + failure.shrinkAttempts() + " shrink attempts):\n"
                        + "  offer(0)\n  offer(1)\n  offer(0)\n  reset()\n  poll()\n")
                .contains("Trace of the shrunk run:\n"
                        + "  offer 0 -> [0]\n  offer 1 -> [0, 1]\n  offer 0 -> [0, 1, 0]\n  reset -> [1, 0]\n"
                        + "  poll 1 -> [0]\n")
                .contains("Standalone test: " + failure.shrunkTest().orElseThrow())
                .endsWith("Replay: ./mvnw -pl simulator -am test"
                        + " -Dtest='StatefulPropertyTest#theReportHasTheSeedTriesBothCasesTheTraceAndTheReplayCommand'"
                        + " -Dzck.seed=" + failure.seed() + " -Dsurefire.failIfNoSpecifiedTests=false");
        for (Object action : (List<?>) failure.original()) {
            assertThat(message).contains("  " + action + "\n");
        }
    }

    @Test
    void theShrunkCaseIsWrittenAsATestThatCompilesAndFailsTheSameWay() throws Exception {
        PropertyFailure failure = Failures.of(buggyQueue());
        Path source = failure.shrunkTest().orElseThrow();
        String name = "StatefulPropertyTheShrunkCaseIsWrittenAsATestThatCompilesAndFailsTheSameWayShrunkTest";
        assertThat(source.getFileName()).hasToString(name + ".java");
        assertThat(Files.readString(source))
                .contains("new BoundedQueueMachine.Offer(1),")
                .doesNotContain("Rand");

        Path classes = Files.createDirectory(shrunkTests.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac.run(null, errors, errors, "-d", classes.toString(), "-cp", classpath(), source.toString());
        assertThat(status).as(errors.toString(StandardCharsets.UTF_8)).isZero();

        byte[] bytes = Files.readAllBytes(classes.resolve("dev/zck/simulator/property/" + name + ".class"));
        Class<?> emitted = MethodHandles.lookup().defineClass(bytes);
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create()
                .execute(
                        LauncherDiscoveryRequestBuilder.request()
                                .selectors(selectClass(emitted))
                                .build(),
                        listener);
        TestExecutionSummary summary = listener.getSummary();
        assertThat(summary.getTestsFoundCount()).isEqualTo(1);
        assertThat(summary.getFailures()).hasSize(1);
        Throwable thrown = summary.getFailures().get(0).getException();
        assertThat(thrown)
                .isInstanceOf(failure.getCause().getClass())
                .hasMessage(failure.getCause().getMessage());
    }

    /** Where the classes the emitted test needs come from: the engine, these tests and JUnit's API. */
    private static String classpath() throws URISyntaxException {
        List<Class<?>> anchors = List.of(
                Property.class,
                StatefulPropertyTest.class,
                Test.class,
                org.apiguardian.api.API.class,
                org.opentest4j.AssertionFailedError.class);
        return anchors.stream()
                .map(StatefulPropertyTest::location)
                .distinct()
                .collect(Collectors.joining(File.pathSeparator));
    }

    private static String location(Class<?> anchor) {
        try {
            return Path.of(anchor.getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A machine whose one action fails and has no Java form. */
    private static final class Unrenderable implements StateMachine<Integer, Object> {
        record Boom() implements Action<Integer, Object> {
            @Override
            public void run(Object system, Integer model) {
                throw new IllegalStateException("boom");
            }

            @Override
            public Integer next(Integer model) {
                return model + 1;
            }

            @Override
            public String toString() {
                return "boom()";
            }
        }

        @Override
        public Integer initialModel() {
            return 0;
        }

        @Override
        public Object newSystem() {
            return new Object();
        }

        @Override
        public Gen<Boom> actions(Integer model) {
            return Gen.constant(new Boom());
        }
    }

    @Test
    void noTestIsWrittenWhenAnActionCannotRenderItself() {
        PropertyFailure failure =
                Failures.of(Property.stateful(new Unrenderable()).shrunkTestsIn(shrunkTests));
        assertThat(failure.shrunk()).isEqualTo(List.of(new Unrenderable.Boom()));
        assertThat(failure.shrunkTest()).isEmpty();
        assertThat(failure.getMessage()).contains("No standalone test: the action boom() has no toJava()");
        assertThat(shrunkTests).isEmptyDirectory();
    }
}
