package dev.zck.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.engine.NoLeaks;
import dev.zck.engine.socket.internal.SocketCore;
import dev.zck.spi.SocketType;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Binding on simulated hosts: deterministic free ports, the host's own name only, ports in use, unbind. */
@ExtendWith(NoLeaks.class)
class EndpointsTest {
    @Test
    void portZeroTakesTheHostsNextFreePortTheSameInEveryRun() {
        for (int run = 0; run < 2; run++) {
            try (Simulation sim = Simulation.create(run)) {
                SimHost b = sim.host("b");
                assertThat(bound(sim, b.socket(SocketType.PULL).bind("tcp://b:0")))
                        .isEqualTo("tcp://b:49152");
                assertThat(bound(sim, b.socket(SocketType.PULL).bind("tcp://*:*")))
                        .isEqualTo("tcp://b:49153");
                assertThat(bound(sim, sim.host("c").socket(SocketType.PULL).bind("tcp://c:0")))
                        .isEqualTo("tcp://c:49152");
            }
        }
    }

    @Test
    void aPortInUseIsRefusedUntilItIsUnbound() throws Exception {
        try (Simulation sim = Simulation.create(1)) {
            SimHost b = sim.host("b");
            SocketCore first = b.socket(SocketType.PULL);
            assertThat(bound(sim, first.bind("tcp://b:5555"))).isEqualTo("tcp://b:5555");

            Future<String> again = b.socket(SocketType.PULL).bind("tcp://b:5555");
            sim.loop().runUntil(again::isDone, Duration.ofSeconds(1));
            assertThat(again.cause()).hasMessageContaining("Address already in use");

            Future<?> unbound = first.unbind("tcp://b:5555");
            sim.loop().runUntil(unbound::isDone, Duration.ofSeconds(1));
            assertThat(bound(sim, b.socket(SocketType.PULL).bind("tcp://b:5555")))
                    .isEqualTo("tcp://b:5555");
        }
    }

    @Test
    void aHostBindsOnlyItsOwnName() {
        try (Simulation sim = Simulation.create(1)) {
            sim.host("c");
            Future<String> elsewhere = sim.host("b").socket(SocketType.PULL).bind("tcp://c:5555");
            sim.loop().runUntilIdle();
            assertThat(elsewhere.cause()).hasMessageContaining("not its address");
        }
    }

    private static String bound(Simulation sim, Future<String> bind) {
        assertThat(sim.loop().runUntil(bind::isDone, Duration.ofSeconds(1))).isTrue();
        assertThat(bind.cause()).isNull();
        return bind.getNow();
    }
}
