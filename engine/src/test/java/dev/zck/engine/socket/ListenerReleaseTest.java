package dev.zck.engine.socket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.spi.SocketOption;
import dev.zck.spi.SocketType;
import dev.zck.spi.ZmqSocket;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Once close or unbind returns, the tcp port can be bound again at once, even while the event loop is busy: the JDK
 * frees a selector-registered listener only at the loop's next select, which the engine waits for.
 */
class ListenerReleaseTest {
    private static final int ROUNDS = 100;

    @Test
    void portIsFreeWhenCloseAndUnbindReturn() throws Exception {
        try (ReferenceImplementation engine = new ReferenceImplementation()) {
            ZmqSocket noise = engine.socket(SocketType.PULL);
            AtomicBoolean stop = new AtomicBoolean();
            // Keeps the loop running tasks, so that the rebind would otherwise run before the loop selects again.
            Thread busy = new Thread(() -> {
                while (!stop.get()) {
                    try {
                        noise.get(SocketOption.SNDHWM);
                    } catch (Exception e) {
                        return;
                    }
                }
            });
            busy.start();
            try {
                for (int i = 0; i < ROUNDS; i++) {
                    String endpoint;
                    try (ZmqSocket first = engine.socket(SocketType.PULL)) {
                        endpoint = first.bind("tcp://127.0.0.1:0");
                    }
                    try (ZmqSocket second = engine.socket(SocketType.PULL)) {
                        assertThat(second.bind(endpoint))
                                .as("rebind after close, round %d", i)
                                .isEqualTo(endpoint);
                        second.unbind(endpoint);
                        try (ZmqSocket third = engine.socket(SocketType.PULL)) {
                            assertThat(third.bind(endpoint))
                                    .as("rebind after unbind, round %d", i)
                                    .isEqualTo(endpoint);
                        }
                    }
                }
            } finally {
                stop.set(true);
                busy.join();
                noise.close();
            }
        }
    }
}
