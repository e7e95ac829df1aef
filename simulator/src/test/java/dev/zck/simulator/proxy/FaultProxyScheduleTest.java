package dev.zck.simulator.proxy;

import static dev.zck.simulator.proxy.Ends.TIMEOUTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zck.simulator.Fault;
import dev.zck.simulator.Link;
import dev.zck.simulator.TimedFault;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Schedules played in real time. */
class FaultProxyScheduleTest extends WithEnds {
    private static final Link A_TO_B = Link.from("a", "b");

    private FaultProxy proxy;

    @BeforeEach
    void startProxy() {
        proxy = ends.proxy();
    }

    @Test
    void appliesEachFaultAtItsOffset() throws Exception {
        Duration healAt = Duration.ofMillis(300);
        Socket[] s = ends.connect(proxy);
        long start = System.nanoTime();
        CompletableFuture<Void> done = proxy.schedule(List.of(
                        TimedFault.at(healAt, new Fault.Heal(A_TO_B)),
                        TimedFault.at(Duration.ZERO, new Fault.Partition(A_TO_B))))
                .toCompletableFuture();
        s[0].getOutputStream().write(Ends.pattern(0, 100));
        Ends.readPattern(s[1], 0, 100, TIMEOUTS.expect());
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(healAt);
        done.get(TIMEOUTS.expect().toMillis(), TimeUnit.MILLISECONDS);
    }

    @Test
    void faultsAtTheSameOffsetApplyInListOrder() throws Exception {
        Socket[] s = ends.connect(proxy);
        play(TimedFault.at(Duration.ZERO, new Fault.Heal(A_TO_B)), TimedFault.at(Duration.ZERO, partition()));
        s[0].getOutputStream().write(Ends.pattern(0, 10));
        Ends.expectNothing(s[1], TIMEOUTS.silence());

        play(TimedFault.at(Duration.ZERO, partition()), TimedFault.at(Duration.ZERO, new Fault.Heal(A_TO_B)));
        Ends.readPattern(s[1], 0, 10, TIMEOUTS.expect());
    }

    @Test
    void checksEveryFaultBeforeSchedulingAny() throws Exception {
        Socket[] s = ends.connect(proxy);
        assertThatThrownBy(() -> proxy.schedule(List.of(
                        TimedFault.at(Duration.ZERO, partition()),
                        TimedFault.at(Duration.ofMillis(10), new Fault.Crash("b")))))
                .isInstanceOf(UnsupportedOperationException.class);
        s[0].getOutputStream().write(Ends.pattern(0, 10));
        Ends.readPattern(s[1], 0, 10, TIMEOUTS.expect()); // the partition was never applied
    }

    @Test
    void closingTheProxyCancelsWhatIsLeft() {
        CompletableFuture<Void> done = proxy.schedule(
                        List.of(TimedFault.at(Duration.ofMinutes(1), new Fault.Heal(A_TO_B))))
                .toCompletableFuture();
        proxy.close();
        assertThatThrownBy(() -> done.get(TIMEOUTS.expect().toMillis(), TimeUnit.MILLISECONDS))
                .isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(CancellationException.class);
    }

    @Test
    void offsetsAreNotNegative() {
        assertThatThrownBy(() -> TimedFault.at(Duration.ofMillis(-1), new Fault.Heal(A_TO_B)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static Fault partition() {
        return new Fault.Partition(A_TO_B);
    }

    private void play(TimedFault... schedule) throws Exception {
        proxy.schedule(List.of(schedule))
                .toCompletableFuture()
                .get(TIMEOUTS.expect().toMillis(), TimeUnit.MILLISECONDS);
    }
}
