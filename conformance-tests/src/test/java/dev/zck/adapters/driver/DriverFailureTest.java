package dev.zck.adapters.driver;

import static dev.zck.adapters.driver.FakeDrivers.QUICK;
import static dev.zck.adapters.driver.FakeDrivers.SLACK;
import static dev.zck.adapters.driver.FakeDrivers.assertAllGone;
import static dev.zck.adapters.driver.FakeDrivers.assertNoProcessRuns;
import static dev.zck.adapters.driver.FakeDrivers.tree;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.zck.spi.ErrorKind;
import dev.zck.spi.ImplementationFailure;
import dev.zck.spi.ImplementationFailure.Kind;
import dev.zck.spi.Message;
import dev.zck.spi.SocketOption;
import dev.zck.spi.SocketType;
import dev.zck.spi.ZmqException;
import dev.zck.spi.ZmqSocket;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/**
 * Each scripted driver answers hello correctly and misbehaves on one operation: the kit must give the right verdict
 * within its deadline, leave no process behind, and start a fresh driver for the next socket.
 */
class DriverFailureTest {

    @Test
    void aDriverThatExitsIsCrashedWithItsExitStatusAndStderr() throws Exception {
        try (DriverImplementation driver = FakeDrivers.start("crash_on_send.py")) {
            ZmqSocket pull = driver.socket(SocketType.PULL);
            ZmqSocket push = driver.socket(SocketType.PUSH);
            push.connect(pull.bind("tcp://127.0.0.1:0"));

            Failure failure = misbehave(
                    driver,
                    "crash_on_send.py",
                    () -> push.send(Message.ofStrings("boom"), Duration.ofSeconds(1)),
                    pull,
                    push);

            assertThat(failure.kind()).isEqualTo(Kind.CRASHED);
            assertThat(failure.message())
                    .contains("exited with exit status 3 without being asked")
                    .contains("send on socket 2")
                    .contains("crash_on_send: giving up on purpose at send");
            assertThat(failure.elapsed()).isLessThan(QUICK.replyWait(1000).plus(SLACK));
        }
    }

    @Test
    void aDriverKilledByASignalIsCrashedSayingWhichAsFarAsJavaCanTell() throws Exception {
        try (DriverImplementation driver = FakeDrivers.start("killed_on_send.py")) {
            ZmqSocket push = driver.socket(SocketType.PUSH);

            Failure failure = misbehave(
                    driver, "killed_on_send.py", () -> push.send(Message.ofStrings("x"), Duration.ZERO), push);

            assertThat(failure.kind()).isEqualTo(Kind.CRASHED);
            assertThat(failure.message())
                    .contains("exited with exit status 137 (killed by signal 9, SIGKILL, as far as Java can tell)");
        }
    }

    @Test
    void aDriverThatClosesItsOutputButRunsOnIsCrashedAndKilled() throws Exception {
        try (DriverImplementation driver = FakeDrivers.start("closes_stdout_on_send.py")) {
            ZmqSocket push = driver.socket(SocketType.PUSH);

            Failure failure = misbehave(
                    driver, "closes_stdout_on_send.py", () -> push.send(Message.ofStrings("x"), Duration.ZERO), push);

            assertThat(failure.kind()).isEqualTo(Kind.CRASHED);
            assertThat(failure.message())
                    .contains("closed its stdout without being asked, and was still running 500 ms later")
                    .contains("outstanding: send on socket 1, timeoutMs 0 (id 3)");
            assertThat(failure.elapsed())
                    .isBetween(QUICK.replyGrace(), QUICK.replyGrace().plus(SLACK));
        }
    }

    @Test
    void aDriverThatNeverAnswersIsHungAfterTheTimeoutPlusGrace() throws Exception {
        try (DriverImplementation driver = FakeDrivers.start("hang_on_recv.py")) {
            ZmqSocket pull = driver.socket(SocketType.PULL);
            pull.bind("inproc://hang");

            Failure failure = misbehave(driver, "hang_on_recv.py", () -> pull.receive(Duration.ofMillis(200)), pull);

            assertThat(failure.kind()).isEqualTo(Kind.HUNG);
            assertThat(failure.message())
                    .contains("did not answer request 4 (recv on socket 1, timeoutMs 200) within 700 ms");
            assertThat(failure.elapsed())
                    .isBetween(QUICK.replyWait(200), QUICK.replyWait(200).plus(SLACK));
        }
    }

    @Test
    void aHungDriversChildrenAreKilledWithIt() throws Exception {
        try (DriverImplementation driver = FakeDrivers.start("hang_on_recv_with_child.py")) {
            ZmqSocket pull = driver.socket(SocketType.PULL);
            assertThat(tree(driver)).as("the driver and its child").hasSizeGreaterThanOrEqualTo(2);

            Failure failure = misbehave(driver, "hang_on_recv_with_child.py", () -> pull.receive(Duration.ZERO));

            assertThat(failure.kind()).isEqualTo(Kind.HUNG);
            assertThat(failure.message())
                    .contains("recv on socket 1, timeoutMs 0")
                    .contains("(the reply grace)");
            assertThat(failure.elapsed())
                    .isBetween(QUICK.replyGrace(), QUICK.replyGrace().plus(SLACK));
        }
    }

    @Test
    void aLineThatIsNotJsonIsAProtocolErrorQuotingItAndItsNumber() throws Exception {
        try (DriverImplementation driver = FakeDrivers.start("garbage_on_bind.py")) {
            ZmqSocket pull = driver.socket(SocketType.PULL);

            Failure failure = misbehave(driver, "garbage_on_bind.py", () -> pull.bind("tcp://127.0.0.1:0"), pull);

            assertThat(failure.kind()).isEqualTo(Kind.PROTOCOL_ERROR);
            assertThat(failure.message())
                    .contains("line 3 of its stdout is not JSON (Unrecognized token 'bind'")
                    .contains("\"bind went fine, trust me (this is not JSON)\"");
            assertThat(failure.elapsed()).isLessThan(QUICK.replyGrace().plus(SLACK));
        }
    }

    @Test
    void aReplyToAnIdNotOutstandingIsAProtocolErrorNamingTheId() throws Exception {
        try (DriverImplementation driver = FakeDrivers.start("wrong_id_on_socket.py")) {
            ZmqSocket first = driver.socket(SocketType.PULL);

            Failure failure = misbehave(driver, "wrong_id_on_socket.py", () -> driver.socket(SocketType.PUSH), first);

            assertThat(failure.kind()).isEqualTo(Kind.PROTOCOL_ERROR);
            assertThat(failure.message())
                    .contains("line 3 of its stdout answers id 1003, which is not outstanding")
                    .contains("\"{\"id\":1003,\"ok\":true,\"result\":{\"socket\":99}}\"");
            assertThat(failure.elapsed()).isLessThan(QUICK.replyGrace().plus(SLACK));
        }
    }

    @Test
    void aMalformedResultInAWellFormedReplyIsAProtocolError() throws Exception {
        try (DriverImplementation driver = FakeDrivers.start("bad_frames_on_recv.py")) {
            ZmqSocket pull = driver.socket(SocketType.PULL);

            Failure failure = misbehave(driver, "bad_frames_on_recv.py", () -> pull.receive(Duration.ofSeconds(1)));

            assertThat(failure.kind()).isEqualTo(Kind.PROTOCOL_ERROR);
            assertThat(failure.message())
                    .contains("line 3 of its stdout answers recv on socket 1, timeoutMs 1000 (id 3) with a malformed"
                            + " result (not base64:")
                    .contains("this is *not* base64!");
        }
    }

    @Test
    void anEventOfAnUnknownKindIsAProtocolError() throws Exception {
        try (DriverImplementation driver = FakeDrivers.start("unknown_event_on_connect.py")) {
            ZmqSocket push = driver.socket(SocketType.PUSH);

            Failure failure = misbehave(driver, "unknown_event_on_connect.py", () -> push.connect("tcp://127.0.0.1:1"));

            assertThat(failure.kind()).isEqualTo(Kind.PROTOCOL_ERROR);
            assertThat(failure.message())
                    .contains("line 3 of its stdout is a malformed event (unknown event kind EXPLODED)");
            assertThatThrownBy(() -> push.nextEvent(Duration.ofSeconds(1)))
                    .isInstanceOf(ImplementationFailure.class)
                    .hasMessage(failure.message());
        }
    }

    @Test
    void aDriverThatNeverAnswersHelloIsHungWithinTheStartTimeout() {
        DriverTimeouts timeouts = new DriverTimeouts(Duration.ofMillis(1500), QUICK.replyGrace());
        long start = System.nanoTime();

        ImplementationFailure failure = catchThrowableOfType(
                () -> DriverImplementation.start(FakeDrivers.command("silent_hello.py"), timeouts),
                ImplementationFailure.class);

        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertThat(failure).isNotNull();
        assertThat(failure.kind()).isEqualTo(Kind.HUNG);
        assertThat(failure.getMessage())
                .contains("did not answer request 1 (hello) within 1500 ms (the start timeout)");
        assertThat(elapsed)
                .isBetween(Duration.ofMillis(1400), Duration.ofMillis(1500).plus(SLACK));
        assertNoProcessRuns("silent_hello.py");
    }

    @Test
    void aCommandThatDoesNotExistIsAClearErrorAndLeavesNothing() {
        DriverCommand missing = DriverCommand.of("/no/such/driver-program", "--flag");

        ZmqException error = catchThrowableOfType(() -> DriverImplementation.start(missing, QUICK), ZmqException.class);

        assertThat(error).isNotNull();
        assertThat(error.kind()).isEqualTo(ErrorKind.OTHER);
        assertThat(error.getMessage())
                .startsWith("cannot start driver '/no/such/driver-program --flag': ")
                .contains("No such file or directory");
        assertThat(ProcessHandle.current().children().toList()).isEmpty();
    }

    @Test
    void aDriverOverTcpThatCrashesIsCrashedToo() throws Exception {
        DriverCommand command = FakeDrivers.command("crash_on_send.py").overTcp();
        try (DriverImplementation driver = DriverImplementation.start(command, QUICK)) {
            ZmqSocket push = driver.socket(SocketType.PUSH);
            push.connect("inproc://nowhere");

            Failure failure = misbehave(
                    driver, "crash_on_send.py", () -> push.send(Message.ofStrings("boom"), Duration.ZERO), push);

            assertThat(failure.kind()).isEqualTo(Kind.CRASHED);
            assertThat(failure.message()).contains("exit status 3").contains("giving up on purpose");
        }
    }

    @Test
    void theRestartIsAnnouncedOnStderr() throws Exception {
        PrintStream kept = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        try (DriverImplementation driver = FakeDrivers.start("garbage_on_bind.py")) {
            ZmqSocket pull = driver.socket(SocketType.PULL);
            assertThatThrownBy(() -> pull.bind("inproc://x")).isInstanceOf(ImplementationFailure.class);
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            driver.socket(SocketType.PULL).close();
        } finally {
            System.setErr(kept);
        }
        assertThat(captured.toString(StandardCharsets.UTF_8))
                .startsWith("zck: driver '/usr/bin/python3 ")
                .containsPattern("garbage_on_bind.py' restarted after PROTOCOL_ERROR: pid [0-9]+ broke the protocol:"
                        + " line 3 .* \\(the new pid is [0-9]+\\)\n");
    }

    /**
     * Makes the driver misbehave with {@code call}, which must throw an {@link ImplementationFailure}; then checks
     * that no process of the driver's tree is left, that the given sockets of the dead driver keep throwing the same
     * failure, and that the next socket comes from a fresh, working driver process.
     */
    private static Failure misbehave(
            DriverImplementation driver, String script, ThrowingCallable call, ZmqSocket... deadSockets)
            throws Exception {
        List<ProcessHandle> tree = tree(driver);
        Failure failure = failure(call);
        assertAllGone(tree, script);
        assertSocketsKeepFailing(failure, deadSockets);
        assertRestarts(driver, tree);
        return failure;
    }

    /** What an SPI call threw, and how long it took. */
    private record Failure(Kind kind, String message, Duration elapsed) {}

    private static Failure failure(ThrowingCallable call) {
        long start = System.nanoTime();
        ImplementationFailure failure = catchThrowableOfType(call, ImplementationFailure.class);
        Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
        assertThat(failure).as("an ImplementationFailure").isNotNull();
        return new Failure(failure.kind(), failure.getMessage(), elapsed);
    }

    /** Every later call on a socket of the dead driver throws the same failure. */
    private static void assertSocketsKeepFailing(Failure failure, ZmqSocket... sockets) {
        for (ZmqSocket socket : sockets) {
            ImplementationFailure again =
                    catchThrowableOfType(() -> socket.receive(Duration.ZERO), ImplementationFailure.class);
            assertThat(again).as("later call on %s", socket).isNotNull();
            assertThat(again.kind()).isEqualTo(failure.kind());
            assertThat(again.getMessage()).isEqualTo(failure.message());
        }
    }

    /** The next socket comes from a fresh, working driver process. */
    private static void assertRestarts(DriverImplementation driver, List<ProcessHandle> deadTree) throws Exception {
        ZmqSocket socket = driver.socket(SocketType.PULL);
        ProcessHandle fresh = driver.session().process();
        assertThat(fresh.pid()).isNotEqualTo(deadTree.get(0).pid());
        assertThat(fresh.isAlive()).isTrue();
        socket.set(SocketOption.LINGER, 0);
        assertThat(socket.get(SocketOption.LINGER)).isZero();
    }
}
