package dev.zck.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The virtual clock and its scheduler. */
class SimEventLoopTest {
    private final SimEventLoop loop = new SimEventLoop();
    private final List<String> ran = new ArrayList<>();

    @Test
    void timeStartsAtZeroAndMovesOnlyWhenStepped() {
        loop.schedule(() -> ran.add("t5"), 5, TimeUnit.MILLISECONDS);
        assertThat(loop.now()).isZero();
        assertThat(loop.runUntilIdle()).isZero();
        assertThat(ran).isEmpty();

        loop.advanceBy(Duration.ofMillis(4));
        assertThat(ran).isEmpty();
        assertThat(loop.now()).isEqualTo(Duration.ofMillis(4));
        loop.advanceBy(Duration.ofMillis(1));
        assertThat(ran).containsExactly("t5");
        assertThat(loop.nowNanos()).isEqualTo(5_000_000);
    }

    @Test
    void tasksRunByVirtualTimeThenBySubmission() {
        loop.schedule(() -> ran.add("b@2"), 2, TimeUnit.MILLISECONDS);
        loop.schedule(() -> ran.add("a@1"), 1, TimeUnit.MILLISECONDS);
        loop.execute(() -> ran.add("now1"));
        loop.schedule(() -> ran.add("c@2"), 2, TimeUnit.MILLISECONDS);
        loop.execute(() -> {
            ran.add("now2");
            loop.execute(() -> ran.add("now3, submitted by now2"));
        });
        loop.schedule(
                () -> {
                    ran.add("d@1");
                    // Due at 2 ms like b and c, but submitted after them.
                    loop.schedule(() -> ran.add("e@2"), 1, TimeUnit.MILLISECONDS);
                },
                1,
                TimeUnit.MILLISECONDS);

        loop.advanceBy(Duration.ofMillis(10));

        assertThat(ran).containsExactly("now1", "now2", "now3, submitted by now2", "a@1", "d@1", "b@2", "c@2", "e@2");
    }

    @Test
    void eachTaskSeesItsOwnTime() {
        List<Long> seen = new ArrayList<>();
        for (int ms : new int[] {3, 1, 2}) {
            loop.schedule(() -> seen.add(loop.nowNanos()), ms, TimeUnit.MILLISECONDS);
        }
        loop.advanceBy(Duration.ofSeconds(1));

        assertThat(seen).containsExactly(1_000_000L, 2_000_000L, 3_000_000L);
        assertThat(loop.now()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void runUntilStopsWhenTheConditionHoldsOrAtTheVirtualLimit() {
        loop.schedule(() -> ran.add("x"), 30, TimeUnit.MILLISECONDS);
        loop.schedule(() -> ran.add("y"), 50, TimeUnit.MILLISECONDS);

        assertThat(loop.runUntil(() -> ran.contains("x"), Duration.ofSeconds(1)))
                .isTrue();
        assertThat(loop.now()).isEqualTo(Duration.ofMillis(30));
        assertThat(ran).containsExactly("x");

        assertThat(loop.runUntil(() -> ran.contains("z"), Duration.ofMillis(100)))
                .isFalse();
        assertThat(loop.now()).isEqualTo(Duration.ofMillis(130));
        assertThat(ran).containsExactly("x", "y");
        assertThat(loop.hasPendingTasks()).isFalse();
    }

    @Test
    void aCancelledTimerNeverRuns() {
        ScheduledFuture<?> timer = loop.schedule(() -> ran.add("cancelled"), 1, TimeUnit.SECONDS);
        timer.cancel(false);
        loop.advanceBy(Duration.ofSeconds(2));
        assertThat(ran).isEmpty();
        assertThat(loop.hasPendingTasks()).isFalse();
    }

    @Test
    void aFailingTaskStopsTheStepWithItsException() {
        loop.execute(() -> {
            throw new IllegalArgumentException("boom");
        });
        loop.execute(() -> ran.add("next"));

        assertThatThrownBy(loop::runUntilIdle)
                .isInstanceOf(IllegalStateException.class)
                .hasRootCauseMessage("boom");
        loop.runUntilIdle();
        assertThat(ran).containsExactly("next");
    }

    @Test
    void anotherThreadCanNeitherSubmitNorStep() {
        CompletableFuture<Throwable> submit = new CompletableFuture<>();
        CompletableFuture<Throwable> step = new CompletableFuture<>();
        Thread other = new Thread(() -> {
            submit.complete(catching(() -> loop.execute(() -> ran.add("foreign"))));
            step.complete(catching(loop::runUntilIdle));
        });
        other.start();

        assertThat(submit.join()).isInstanceOf(IllegalStateException.class);
        assertThat(step.join()).isInstanceOf(IllegalStateException.class);
        assertThat(loop.inEventLoop()).isTrue();
        assertThat(loop.inEventLoop(other)).isFalse();
    }

    @Test
    void shutdownDropsPendingTasksAndRefusesNewOnes() {
        loop.schedule(() -> ran.add("later"), 1, TimeUnit.SECONDS);
        assertThat(loop.shutdownGracefully().isSuccess()).isTrue();

        assertThat(loop.isTerminated()).isTrue();
        assertThat(loop.hasPendingTasks()).isFalse();
        assertThatThrownBy(() -> loop.execute(() -> ran.add("refused")))
                .isInstanceOf(java.util.concurrent.RejectedExecutionException.class);
    }

    private static Throwable catching(Runnable action) {
        try {
            action.run();
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }
}
