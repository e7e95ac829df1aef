package dev.zck.simulator.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zck.engine.NoLeaks;
import dev.zck.simulator.Fault;
import dev.zck.simulator.Link;
import dev.zck.simulator.SimConfig;
import dev.zck.simulator.scenario.TraceEvent.Kind;
import dev.zck.spi.Message;
import dev.zck.spi.SocketOption;
import dev.zck.spi.SocketType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The scenario data, its renderings, and what a run records. */
@ExtendWith(NoLeaks.class)
class ScenarioTest {

    private static Scenario hello() {
        return Scenario.builder("hello")
                .socket("pull", "b", SocketType.PULL)
                .socket("push", "a", SocketType.PUSH)
                .option("push", SocketOption.SNDHWM, 10)
                .bind("pull", "tcp://b:5555")
                .connect("push", "tcp://b:5555")
                .send("push", "m3")
                .send("push", Message.of(new byte[] {0, 1, (byte) 0xff}), Duration.ofMillis(100))
                .receive("pull", Duration.ofMillis(20))
                .drain("pull", 5, Duration.ofMillis(50))
                .fault(new Fault.Delay(Link.from("a", "b"), Duration.ofMillis(5)))
                .advance(Duration.ofMillis(1500))
                .fault(new Fault.Crash("b"))
                .fault(new Fault.Restart("b"))
                .disconnect("push", "tcp://b:5555")
                .unbind("pull", "tcp://b:5555")
                .close("push")
                .build();
    }

    @Test
    void everyStepReadsAsText() {
        assertThat(hello().steps())
                .extracting(Step::toString)
                .containsExactly(
                        "bind pull tcp://b:5555",
                        "connect push tcp://b:5555",
                        "send push \"m3\"",
                        "send push 0x0001ff within 100ms",
                        "receive pull within 20ms",
                        "drain pull until 5 or 50ms silence",
                        "fault delay a->b 5ms",
                        "advance 1500ms",
                        "fault crash b",
                        "fault restart b",
                        "disconnect push tcp://b:5555",
                        "unbind pull tcp://b:5555",
                        "close push");
        assertThat(hello().socket("push").toString()).isEqualTo("socket push PUSH on a [SNDHWM=10]");
    }

    @Test
    void everyStepRendersAsItsBuilderCall() {
        assertThat(hello().steps())
                .extracting(Step::toJava)
                .containsExactly(
                        ".bind(\"pull\", \"tcp://b:5555\")",
                        ".connect(\"push\", \"tcp://b:5555\")",
                        ".send(\"push\", Message.ofStrings(\"m3\"))",
                        ".send(\"push\", Message.of(HexFormat.of().parseHex(\"0001ff\")), Duration.ofMillis(100))",
                        ".receive(\"pull\", Duration.ofMillis(20))",
                        ".drain(\"pull\", 5, Duration.ofMillis(50))",
                        ".fault(new Fault.Delay(Link.from(\"a\", \"b\"), Duration.ofMillis(5)))",
                        ".advance(Duration.ofMillis(1500))",
                        ".fault(new Fault.Crash(\"b\"))",
                        ".fault(new Fault.Restart(\"b\"))",
                        ".disconnect(\"push\", \"tcp://b:5555\")",
                        ".unbind(\"pull\", \"tcp://b:5555\")",
                        ".close(\"push\")");
        String java = Scenario.builder("c")
                .config(SimConfig.defaults().withSendBuffer(4096))
                .socket("sub", "b", SocketType.SUB)
                .option("sub", SocketOption.SUBSCRIBE, "t\"".getBytes(StandardCharsets.US_ASCII))
                .build()
                .toJava();
        assertThat(java)
                .isEqualTo("Scenario.builder(\"c\")\n"
                        + "        .config(SimConfig.defaults().withSendBuffer(4096))\n"
                        + "        .socket(\"sub\", \"b\", SocketType.SUB)\n"
                        + "        .option(\"sub\", SocketOption.SUBSCRIBE, HexFormat.of().parseHex(\"7422\"))\n"
                        + "        .build()");
    }

    @Test
    void theBuilderRefusesUnknownSocketsAndBadTimes() {
        Scenario.Builder b = Scenario.builder("x").socket("s", "a", SocketType.PUSH);
        assertThatThrownBy(() -> b.send("t", "m")).hasMessageContaining("no socket t");
        assertThatThrownBy(() -> b.socket("s", "b", SocketType.PULL)).hasMessageContaining("twice");
        assertThatThrownBy(() -> b.fault(new Fault.Crash("z"))).hasMessageContaining("no socket on host z");
        assertThatThrownBy(() -> b.receive("s", Duration.ofNanos(5))).hasMessageContaining("whole");
        assertThatThrownBy(() -> b.drain("s", 0, Duration.ofMillis(1))).hasMessageContaining("at least one");
        assertThatThrownBy(() -> b.advance(Duration.ofMillis(-1))).hasMessageContaining("back");
        assertThat(b.build().steps()).isEmpty();
    }

    @Test
    void aRunRecordsStepsResultsEventsWireAndReceivedWithVirtualTimes() {
        Trace trace = ScenarioRunner.run(hello(), 1);

        assertThat(trace.events(Kind.STEP)).hasSize(hello().steps().size());
        assertThat(trace.events(Kind.RESULT, "push"))
                .extracting(TraceEvent::text)
                // The PUSH queues on its pipe before the handshake: both sends go at once.
                .containsExactly("connecting tcp://b:5555", "sent", "sent", "disconnected", "closed");
        assertThat(trace.events(Kind.RECEIVED, "pull"))
                .extracting(TraceEvent::text)
                .containsExactly("\"m3\"", "0x0001ff");
        assertThat(trace.events(Kind.WIRE)).first().satisfies(w -> {
            assertThat(w.subject()).isEqualTo("b:5555->a:49152");
            // The engine's first 11 greeting octets: signature ff, padding 00..01 (as libzmq writes), 7f, major 03.
            byte[] greeting = {(byte) 0xff, 0, 0, 0, 0, 0, 0, 0, 1, 0x7f, 3};
            java.util.zip.CRC32 crc = new java.util.zip.CRC32();
            crc.update(greeting);
            assertThat(w.text()).isEqualTo("+11 =11 crc " + String.format("%08x", crc.getValue()));
        });
        assertThat(trace.events())
                .extracting(TraceEvent::nanos)
                .as("virtual time never goes back")
                .isSorted();
        assertThat(trace.events()).last().satisfies(e -> assertThat(e.text()).isEqualTo("end"));
        assertThat(trace.virtualNanos()).isGreaterThan(1_500_000_000L);
        assertThat(trace.render().lines())
                .contains(
                        "            0 step   - bind pull tcp://b:5555",
                        "            0 result pull bound tcp://b:5555");
        assertThat(trace.hash()).hasSize(64).startsWith(trace.shortHash());
        assertThat(trace.toString()).matches("hello seed 1: \\d+ events, virtual 1\\.\\d{3} s, sha [0-9a-f]{12}");
    }

    @Test
    void stepsOnACrashedHostOrAClosedSocketFailWithoutStoppingTheRun() {
        Trace trace = ScenarioRunner.run(
                Scenario.builder("down")
                        .socket("pull", "b", SocketType.PULL)
                        .socket("push", "a", SocketType.PUSH)
                        .bind("pull", "tcp://b:5555")
                        .fault(new Fault.Crash("b"))
                        .receive("pull")
                        .fault(new Fault.Crash("b"))
                        .close("push")
                        .send("push", "late")
                        .receive("pull")
                        .build(),
                1);
        List<String> results = trace.events(Kind.RESULT).stream()
                .map(e -> e.subject() + " " + e.text())
                .toList();
        assertThat(results)
                .containsExactly(
                        "pull bound tcp://b:5555",
                        "b crashed",
                        "pull error DOWN: host b is crashed",
                        "b already crashed",
                        "push closed",
                        "push error CLOSED: closed by a step",
                        "pull error DOWN: host b is crashed");
    }
}
