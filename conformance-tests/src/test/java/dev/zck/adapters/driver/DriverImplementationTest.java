package dev.zck.adapters.driver;

import static dev.zck.adapters.driver.FakeDrivers.QUICK;
import static dev.zck.adapters.driver.FakeDrivers.SLACK;
import static dev.zck.adapters.driver.FakeDrivers.assertAllGone;
import static dev.zck.adapters.driver.FakeDrivers.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zck.spi.ErrorKind;
import dev.zck.spi.Message;
import dev.zck.spi.SocketEvent;
import dev.zck.spi.SocketOption;
import dev.zck.spi.SocketType;
import dev.zck.spi.Transport;
import dev.zck.spi.ZmqException;
import dev.zck.spi.ZmqSocket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The kit's driver side against a correct scripted driver (in-memory sockets, no ZeroMQ): the happy paths. */
class DriverImplementationTest {

    @Test
    void helloGivesTheIdentityAndCapabilities() throws Exception {
        try (DriverImplementation driver = FakeDrivers.start("fakedriver.py")) {
            assertThat(driver.info().label()).isEqualTo("fake 0.1");
            assertThat(driver.info().language()).isEqualTo("Python");
            assertThat(driver.info().detail()).isEqualTo("zck test driver, in-memory sockets");
            assertThat(driver.capabilities().socketTypes())
                    .containsExactlyInAnyOrder(SocketType.PAIR, SocketType.PUSH, SocketType.PULL);
            assertThat(driver.capabilities().transports()).containsExactlyInAnyOrder(Transport.TCP, Transport.INPROC);
            assertThat(driver.capabilities().reports(SocketEvent.Kind.LISTENING))
                    .isTrue();
            assertThat(driver.capabilities().supports(SocketOption.ROUTING_ID)).isTrue();
        }
    }

    @Test
    void everySocketCallIsOneRequest() throws Exception {
        try (DriverImplementation driver = FakeDrivers.start("fakedriver.py")) {
            ZmqSocket pull = driver.socket(SocketType.PULL);
            ZmqSocket push = driver.socket(SocketType.PUSH);
            assertThat(pull.type()).isEqualTo(SocketType.PULL);

            push.set(SocketOption.SNDHWM, 7);
            push.set(SocketOption.IMMEDIATE, true);
            push.set(SocketOption.ROUTING_ID, new byte[] {1, 0, (byte) 0xff});
            push.set(SocketOption.ZAP_DOMAIN, "global");
            assertThat(push.get(SocketOption.SNDHWM)).isEqualTo(7);
            assertThat(push.get(SocketOption.IMMEDIATE)).isTrue();
            assertThat(push.get(SocketOption.ROUTING_ID)).containsExactly(1, 0, 0xff);
            assertThat(push.get(SocketOption.ZAP_DOMAIN)).isEqualTo("global");
            assertThat(pull.get(SocketOption.LINGER)).isEqualTo(-1);

            String endpoint = pull.bind("tcp://127.0.0.1:0");
            assertThat(endpoint).matches("tcp://127\\.0\\.0\\.1:[1-9][0-9]*");
            push.connect(endpoint);
            Message sent = Message.of(new byte[] {0, 1, 2}, new byte[0], "third".getBytes());
            push.send(sent, Duration.ofSeconds(5));
            assertThat(pull.receive(Duration.ofSeconds(5))).isEqualTo(sent);

            assertThat(pull.nextEvent(Duration.ofSeconds(5)))
                    .contains(new SocketEvent(SocketEvent.Kind.LISTENING, endpoint, ""));
            assertThat(push.nextEvent(Duration.ofSeconds(5)))
                    .contains(new SocketEvent(SocketEvent.Kind.CONNECTED, endpoint, ""));
            assertThat(push.nextEvent(Duration.ZERO)).isEmpty();

            push.disconnect(endpoint);
            pull.unbind(endpoint);
            assertThatThrownBy(() -> pull.unbind(endpoint))
                    .isInstanceOfSatisfying(
                            ZmqException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.OTHER))
                    .hasMessageContaining("ENOENT");
        }
    }

    @Test
    void theDriversErrorsAreZmqExceptionsOfTheirKind() throws Exception {
        try (DriverImplementation driver = FakeDrivers.start("fakedriver.py")) {
            assertThatThrownBy(() -> driver.socket(SocketType.PUB))
                    .isInstanceOfSatisfying(
                            ZmqException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNSUPPORTED))
                    .hasMessage("no PUB socket");
            ZmqSocket pull = driver.socket(SocketType.PULL);
            long start = System.nanoTime();
            assertThatThrownBy(() -> pull.receive(Duration.ofMillis(100)))
                    .isInstanceOfSatisfying(
                            ZmqException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.WOULD_BLOCK));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
            pull.close();
            pull.close();
            assertThatThrownBy(() -> pull.bind("inproc://closed"))
                    .isInstanceOfSatisfying(
                            ZmqException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.TERMINATED));
        }
    }

    @Test
    void aReceiveWaitingOnOneSocketDoesNotHoldUpAnother() throws Exception {
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (DriverImplementation driver = FakeDrivers.start("fakedriver.py")) {
            ZmqSocket pull = driver.socket(SocketType.PULL);
            ZmqSocket push = driver.socket(SocketType.PUSH);
            push.connect(pull.bind("inproc://both"));
            CompletableFuture<Thread> receiver = new CompletableFuture<>();
            long start = System.nanoTime();
            Future<Message> received = executor.submit(() -> {
                receiver.complete(Thread.currentThread());
                return pull.receive(Duration.ofSeconds(20));
            });
            awaitBlocked(receiver.get(5, TimeUnit.SECONDS));

            push.send(Message.ofStrings("while you wait"), Duration.ofSeconds(5));

            assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo(Message.ofStrings("while you wait"));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void aDriverOverTcpWorksLikeOneOnStdio() throws Exception {
        List<ProcessHandle> tree;
        try (DriverImplementation driver =
                DriverImplementation.start(FakeDrivers.command("fakedriver.py").overTcp(), QUICK)) {
            tree = tree(driver);
            assertThat(tree.get(0).info().arguments().map(List::of).orElse(List.of()))
                    .containsSubsequence("--connect")
                    .anyMatch(argument -> argument.startsWith("127.0.0.1:"));
            ZmqSocket pair1 = driver.socket(SocketType.PAIR);
            ZmqSocket pair2 = driver.socket(SocketType.PAIR);
            pair2.connect(pair1.bind("inproc://tcp-test"));
            pair2.send(Message.ofStrings("over", "tcp"), Duration.ofSeconds(5));
            assertThat(pair1.receive(Duration.ofSeconds(5))).isEqualTo(Message.ofStrings("over", "tcp"));
        }
        assertAllGone(tree, "fakedriver.py");
    }

    @Test
    void closeEndsTheDriverAndLaterCallsAreTerminated() throws Exception {
        DriverImplementation driver = FakeDrivers.start("fakedriver.py");
        ZmqSocket pull = driver.socket(SocketType.PULL);
        List<ProcessHandle> tree = tree(driver);
        long start = System.nanoTime();

        driver.close();

        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(QUICK.replyGrace());
        assertAllGone(tree, "fakedriver.py");
        assertThatThrownBy(() -> driver.socket(SocketType.PULL))
                .isInstanceOfSatisfying(
                        ZmqException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.TERMINATED));
        assertThatThrownBy(() -> pull.receive(Duration.ZERO))
                .isInstanceOfSatisfying(
                        ZmqException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.TERMINATED));
        pull.close();
        driver.close();
    }

    @Test
    void closeKillsADriverThatIgnoresBye() throws Exception {
        DriverImplementation driver = FakeDrivers.start("ignores_bye.py");
        driver.socket(SocketType.PUSH);
        List<ProcessHandle> tree = tree(driver);
        long start = System.nanoTime();

        driver.close();

        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertThat(elapsed).isBetween(QUICK.replyGrace(), QUICK.replyGrace().plus(SLACK));
        assertAllGone(tree, "ignores_bye.py");
    }

    /** Waits (up to 5 s) until {@code thread} is parked in a wait: here, the receive's wait for its reply. */
    private static void awaitBlocked(Thread thread) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (thread.getState() != Thread.State.TIMED_WAITING) {
            assertThat(System.nanoTime()).as("%s never waited", thread).isLessThan(deadline);
            Thread.onSpinWait();
        }
    }
}
