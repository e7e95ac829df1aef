package dev.zck.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.engine.NoLeaks;
import dev.zck.simulator.scenario.TraceEvent.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each named scenario's trace shows its point. */
@ExtendWith(NoLeaks.class)
class NamedScenariosTest {
    private static final long MS = 1_000_000;

    private static Trace run(String name) {
        return ScenarioRunner.run(Scenarios.named(name).orElseThrow(), 11);
    }

    private static List<String> received(Trace trace, String socket) {
        return trace.events(Kind.RECEIVED, socket).stream()
                .map(TraceEvent::text)
                .toList();
    }

    private static long stepTime(Trace trace, String step) {
        return trace.select(e -> e.kind() == Kind.STEP && e.text().equals(step))
                .get(0)
                .nanos();
    }

    @Test
    void theCatalogueHasTheStandardScenarios() {
        assertThat(Scenarios.names())
                .containsExactly(
                        "standard",
                        "push-pull-reset",
                        "pub-sub-slow-joiner",
                        "push-stall-hwm",
                        "req-rep-partition-heartbeat",
                        "bind-connect-order",
                        "crash-restart");
        assertThat(Scenarios.named("nope")).isEmpty();
    }

    @Test
    void standardHasThreeSocketsTwoHundredMessagesThreeFaultsAndDeliversThemAll() {
        Scenario s = Scenarios.standard();
        assertThat(s.sockets()).hasSize(3);
        assertThat(s.steps()).filteredOn(st -> st instanceof Step.Send).hasSize(200);
        assertThat(s.steps()).filteredOn(st -> st instanceof Step.Inject).hasSize(3);

        Trace trace = ScenarioRunner.run(s, 5);
        List<String> all = new java.util.ArrayList<>(received(trace, "pull1"));
        all.addAll(received(trace, "pull2"));
        assertThat(all).hasSize(200);
        assertThat(trace.events(Kind.EVENT, "pull1"))
                .extracting(TraceEvent::text)
                .anyMatch(t -> t.startsWith("DISCONNECTED"));
        // The reset lands on b only; per PULL, what arrives is in the order sent.
        for (String pull : List.of("pull1", "pull2")) {
            List<Integer> numbers = received(trace, pull).stream()
                    .map(t -> Integer.parseInt(t.substring(2, t.length() - 1)))
                    .toList();
            assertThat(numbers).as(pull).isSorted();
        }
        assertThat(trace.events(Kind.WIRE)).anyMatch(e -> e.subject().endsWith("->b:5555"));
    }

    @Test
    void pushPullResetResumesAfterTheReconnect() {
        Trace trace = run("push-pull-reset");
        long reset = stepTime(trace, "fault reset a<->b");
        List<TraceEvent> handshakes = trace.select(e ->
                e.kind() == Kind.EVENT && e.subject().equals("push") && e.text().startsWith("HANDSHAKE_SUCCEEDED"));
        assertThat(handshakes).hasSize(2);
        assertThat(handshakes.get(1).nanos()).isGreaterThan(reset + 100 * MS);
        assertThat(received(trace, "pull"))
                .containsExactly(
                        "\"before 0\"",
                        "\"before 1\"",
                        "\"before 2\"",
                        "\"before 3\"",
                        "\"before 4\"",
                        "\"after 0\"",
                        "\"after 1\"",
                        "\"after 2\"",
                        "\"after 3\"",
                        "\"after 4\"");
        assertThat(trace.events(Kind.RECEIVED, "pull").get(5).nanos())
                .isGreaterThan(handshakes.get(1).nanos());
    }

    @Test
    void pubSubSlowJoinerLosesWhatWasPublishedBeforeTheHandshake() {
        Trace trace = run("pub-sub-slow-joiner");
        assertThat(received(trace, "sub"))
                .containsExactly("\"news\" \"late 0\"", "\"news\" \"late 1\"", "\"news\" \"late 2\"");
        assertThat(trace.events(Kind.RESULT, "pub"))
                .extracting(TraceEvent::text)
                .contains("sent");
    }

    @Test
    void pushStallHwmBlocksThePushButNeverThePub() {
        Trace trace = run("push-stall-hwm");
        List<String> push =
                trace.events(Kind.RESULT, "push").stream().map(TraceEvent::text).toList();
        List<String> pub =
                trace.events(Kind.RESULT, "pub").stream().map(TraceEvent::text).toList();
        assertThat(push).contains("send WOULD_BLOCK after 0ms", "send WOULD_BLOCK after 100ms");
        assertThat(push)
                .as("after the heal the waiting send goes through")
                .last()
                .isEqualTo("sent");
        assertThat(pub).filteredOn(r -> r.startsWith("send")).isEmpty();
        assertThat(pub).filteredOn(r -> r.equals("sent")).hasSize(150);
        int pushed = (int) push.stream().filter(r -> r.equals("sent")).count();
        assertThat(pushed).isBetween(10, 140);
        assertThat(received(trace, "pull")).hasSize(pushed);
    }

    @Test
    void reqRepPartitionEndsAtTheHeartbeatTimeout() {
        Trace trace = run("req-rep-partition-heartbeat");
        long partition = stepTime(trace, "fault partition a<->b");
        assertThat(received(trace, "rep")).containsExactly("\"ping\"");
        assertThat(received(trace, "req")).containsExactly("\"pong\"");
        for (String side : List.of("req", "rep")) {
            List<TraceEvent> gone = trace.select(e -> e.kind() == Kind.EVENT
                    && e.subject().equals(side)
                    && e.text().startsWith("DISCONNECTED"));
            assertThat(gone).as(side).hasSize(1);
            // PINGs every 100 ms, the first unanswered one times out 300 ms later.
            assertThat(gone.get(0).nanos() - partition).as(side).isBetween(300 * MS, 400 * MS);
        }
    }

    @Test
    void bindConnectOrderRetriesUntilTheBindThenDelivers() {
        Trace trace = run("bind-connect-order");
        long bind = stepTime(trace, "bind pull tcp://b:5555");
        assertThat(trace.select(e -> e.text().startsWith("CONNECT_RETRIED")))
                .isNotEmpty()
                .allSatisfy(e -> assertThat(e.nanos()).isLessThan(bind));
        assertThat(received(trace, "pull")).containsExactly("\"queued before the bind\"", "\"sent after the bind\"");
    }

    @Test
    void crashRestartRecreatesTheSocketFromItsSpecAndDeliversAgain() {
        Trace trace = run("crash-restart");
        long restart = stepTime(trace, "fault restart b");
        assertThat(trace.events(Kind.RESULT, "pull"))
                .extracting(TraceEvent::text)
                .containsExactly(
                        "bound tcp://b:5555",
                        "drained 1",
                        "error DOWN: host b is crashed",
                        "bound tcp://b:5555",
                        "drained 1");
        assertThat(trace.events(Kind.RUN, "pull")).singleElement().satisfies(e -> {
            assertThat(e.text()).isEqualTo("re-created PULL");
            assertThat(e.nanos()).isEqualTo(restart);
        });
        assertThat(received(trace, "pull")).containsExactly("\"before\"", "\"after the restart\"");
        assertThat(trace.events(Kind.EVENT, "push"))
                .extracting(TraceEvent::text)
                .anyMatch(t -> t.startsWith("CONNECT_RETRIED"));
    }
}
