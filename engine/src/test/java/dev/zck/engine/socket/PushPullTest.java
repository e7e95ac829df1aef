package dev.zck.engine.socket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zck.spec.Timeouts;
import dev.zck.spi.ErrorKind;
import dev.zck.spi.Message;
import dev.zck.spi.SocketOption;
import dev.zck.spi.SocketType;
import dev.zck.spi.ZmqException;
import dev.zck.spi.ZmqSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PushPullTest {
    private static final Duration EXPECT = Timeouts.fromSystemProperties().expect();
    private static final Duration SILENCE = Timeouts.fromSystemProperties().silence();
    private static ReferenceImplementation engine;

    @BeforeAll
    static void start() {
        engine = new ReferenceImplementation();
    }

    @AfterAll
    static void stop() {
        engine.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"tcp://127.0.0.1:0", "inproc://push-pull"})
    @DisplayName("SOCK-ORDER-PER-PEER: a PUSH's messages reach the PULL whole and in order")
    void pushToPullInOrder(String endpoint) throws Exception {
        try (ZmqSocket pull = engine.socket(SocketType.PULL);
                ZmqSocket push = engine.socket(SocketType.PUSH)) {
            String bound = pull.bind(endpoint);
            push.connect(bound);
            for (int i = 0; i < 100; i++) {
                push.send(Message.ofStrings("m" + i, "part"), EXPECT);
            }
            for (int i = 0; i < 100; i++) {
                Message m = pull.receive(EXPECT);
                assertThat(new String(m.frames().get(0))).isEqualTo("m" + i);
                assertThat(m.frames()).hasSize(2);
            }
        }
    }

    @Test
    @DisplayName("HWM-INPROC-SUM: over inproc a PUSH takes SNDHWM+RCVHWM messages, then would block")
    void inprocBlockingTypeTakesTwiceTheHwmThenWouldBlock() throws Exception {
        try (ZmqSocket pull = engine.socket(SocketType.PULL);
                ZmqSocket push = engine.socket(SocketType.PUSH)) {
            pull.set(SocketOption.RCVHWM, 5);
            push.set(SocketOption.SNDHWM, 5);
            pull.bind("inproc://hwm");
            push.connect("inproc://hwm");
            int sent = 0;
            while (true) {
                try {
                    push.send(Message.ofStrings("x"), SILENCE);
                    sent++;
                } catch (ZmqException e) {
                    assertThat(e.kind()).isEqualTo(ErrorKind.WOULD_BLOCK);
                    break;
                }
            }
            assertThat(sent).isEqualTo(10);
        }
    }

    @Test
    @DisplayName("OPT-CONNECT-BEFORE-BIND: a PUSH connected before the bind queues and delivers")
    void connectBeforeBindQueuesThenDelivers() throws Exception {
        try (ZmqSocket pull = engine.socket(SocketType.PULL);
                ZmqSocket push = engine.socket(SocketType.PUSH)) {
            push.connect("inproc://later");
            push.send(Message.ofStrings("early"), EXPECT);
            pull.bind("inproc://later");
            assertThat(new String(pull.receive(EXPECT).frames().get(0))).isEqualTo("early");
        }
    }

    @Test
    @DisplayName("PUSH-BLOCK-NO-PEERS: a bound PUSH without peers would block")
    void bindSidePushWithNoPeerBlocks() throws Exception {
        try (ZmqSocket push = engine.socket(SocketType.PUSH)) {
            push.bind("tcp://127.0.0.1:0");
            assertThatThrownBy(() -> push.send(Message.ofStrings("x"), SILENCE))
                    .isInstanceOfSatisfying(
                            ZmqException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.WOULD_BLOCK));
        }
    }

    /** RECONNECT_IVL 0 must not make the engine retry in a tight loop: libzmq schedules no retry for it. */
    @Test
    @DisplayName("RECONNECT-IVL-DISABLED: RECONNECT_IVL 0 makes one attempt, never a tight retry loop")
    void reconnectIntervalZeroMakesOneAttemptOnly() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        try (ZmqSocket push = engine.socket(SocketType.PUSH)) {
            push.set(SocketOption.LINGER, 0);
            push.set(SocketOption.RECONNECT_IVL, 0);
            push.connect("tcp://127.0.0.1:" + port);
            int attempts = 0;
            long deadline = System.nanoTime() + SILENCE.toNanos();
            while (System.nanoTime() < deadline) {
                var event = push.nextEvent(Duration.ofNanos(Math.max(1, deadline - System.nanoTime())));
                if (event.isPresent() && event.get().kind() == dev.zck.spi.SocketEvent.Kind.CONNECT_RETRIED) {
                    attempts++;
                }
            }
            assertThat(attempts)
                    .as("failed connection attempts within %s", SILENCE)
                    .isEqualTo(1);
        }
    }
}
