package dev.zck.adapters.driver.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.spi.SocketEvent;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EventQueueTest {

    @Test
    void eventsComeOutInOrder() throws InterruptedException {
        EventQueue queue = new EventQueue();
        queue.add(new SocketEvent(SocketEvent.Kind.CONNECTED, "tcp://a:1", ""));
        queue.add(new SocketEvent(SocketEvent.Kind.DISCONNECTED, "tcp://a:1", ""));
        assertThat(queue.poll(Duration.ZERO, () -> false).map(SocketEvent::kind))
                .contains(SocketEvent.Kind.CONNECTED);
        assertThat(queue.poll(Duration.ZERO, () -> false).map(SocketEvent::kind))
                .contains(SocketEvent.Kind.DISCONNECTED);
        assertThat(queue.poll(Duration.ZERO, () -> false)).isEmpty();
    }

    @Test
    void anEmptyQueueWaitsForItsTimeout() throws InterruptedException {
        long start = System.nanoTime();
        assertThat(new EventQueue().poll(Duration.ofMillis(100), () -> false)).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
    }

    @Test
    void aStoppedQueueReturnsAtOnce() throws InterruptedException {
        long start = System.nanoTime();
        assertThat(new EventQueue().poll(Duration.ofSeconds(30), () -> true)).isEmpty();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void beyondTheCapacityTheOldestAreDroppedAndTheNextEventSaysSo() throws InterruptedException {
        EventQueue queue = new EventQueue();
        for (int i = 0; i < EventQueue.CAPACITY + 3; i++) {
            queue.add(new SocketEvent(SocketEvent.Kind.CONNECT_RETRIED, "tcp://a:" + i, ""));
        }
        Optional<SocketEvent> first = queue.poll(Duration.ZERO, () -> false);
        assertThat(first.map(SocketEvent::endpoint)).contains("tcp://a:3");
        assertThat(first.map(SocketEvent::detail))
                .contains("(zck: 3 older events dropped, more than 10000 were queued)");
        assertThat(queue.poll(Duration.ZERO, () -> false).map(SocketEvent::detail))
                .contains("");
    }
}
