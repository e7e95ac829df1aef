package dev.zck.suites;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.spec.Timeouts;
import dev.zck.spi.ErrorKind;
import dev.zck.spi.Message;
import dev.zck.spi.SocketEvent;
import dev.zck.spi.SocketOption;
import dev.zck.spi.SocketType;
import dev.zck.spi.Transport;
import dev.zck.spi.ZmqException;
import dev.zck.spi.ZmqImplementation;
import dev.zck.spi.ZmqSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The base of every socket-behaviour suite: one implementation under test per class (the subclass says which),
 * sockets closed after each test, endpoints per transport, and the kit's two timeouts: {@code expect} for something
 * that must happen, {@code silence} for something that must not. A rule that needs an undeclared socket type,
 * transport or option is aborted as UNSUPPORTED, never failed.
 *
 * <p>Extend it, implement {@link #createImplementation()}, and the suite's tests run against your implementation.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class SuiteBase {
    /** The prefix of the abort message that reports read as the UNSUPPORTED verdict. */
    public static final String UNSUPPORTED = "UNSUPPORTED: ";

    private static final AtomicInteger NAMES = new AtomicInteger();
    private static final Duration BIND_RETRY = Duration.ofMillis(5);

    protected final Timeouts timeouts = Timeouts.fromSystemProperties();
    private final List<ZmqSocket> open = new ArrayList<>();
    private ZmqImplementation implementation;

    /** The implementation under test, created once for the class and closed after it. */
    protected abstract ZmqImplementation createImplementation() throws Exception;

    @BeforeAll
    final void startImplementation() throws Exception {
        implementation = createImplementation();
    }

    @AfterAll
    final void stopImplementation() throws Exception {
        if (implementation != null) {
            implementation.close();
        }
    }

    @AfterEach
    final void closeSockets() {
        for (ZmqSocket socket : open) {
            try {
                socket.set(SocketOption.LINGER, 0);
            } catch (ZmqException | RuntimeException ignored) {
                // closed already, or LINGER unsupported: close anyway
            }
            try {
                socket.close();
            } catch (ZmqException | RuntimeException ignored) {
                // a failing close must not hide the test's verdict
            }
        }
        open.clear();
    }

    protected ZmqImplementation implementation() {
        return implementation;
    }

    /** The transports the implementation declares, for {@link EachTransport}. */
    Stream<String> transports() {
        return Stream.of(Transport.TCP, Transport.INPROC)
                .filter(t -> implementation.capabilities().supports(t))
                .map(Transport::scheme);
    }

    /** A fresh endpoint to bind on: {@code tcp://127.0.0.1:0} or a unique {@code inproc://} name. */
    protected String endpoint(String transport) {
        return switch (transport) {
            case "tcp" -> "tcp://127.0.0.1:0";
            case "inproc" -> "inproc://zck-" + NAMES.incrementAndGet();
            default -> throw new IllegalArgumentException("unknown transport " + transport);
        };
    }

    /** A socket, closed after the test; UNSUPPORTED when the type is not declared. */
    protected ZmqSocket socket(SocketType type) throws ZmqException {
        requireTypes(type);
        ZmqSocket socket = implementation.socket(type);
        open.add(socket);
        return socket;
    }

    /** Closes a socket now (to test what its peers see); closing again later is harmless. */
    protected void close(ZmqSocket socket) throws ZmqException {
        socket.close();
    }

    protected void requireTypes(SocketType... types) {
        for (SocketType type : types) {
            Assumptions.assumeTrue(
                    implementation.capabilities().supports(type),
                    () -> UNSUPPORTED + implementation.info().label() + " does not declare socket type " + type);
        }
    }

    protected void requireOptions(SocketOption<?>... options) {
        for (SocketOption<?> option : options) {
            Assumptions.assumeTrue(
                    implementation.capabilities().supports(option),
                    () -> UNSUPPORTED + implementation.info().label() + " does not declare option " + option.name());
        }
    }

    protected void requireTransports(Transport... transports) {
        for (Transport transport : transports) {
            Assumptions.assumeTrue(
                    implementation.capabilities().supports(transport),
                    () -> UNSUPPORTED + implementation.info().label() + " does not declare transport "
                            + transport.scheme());
        }
    }

    protected void requireEvents(SocketEvent.Kind... kinds) {
        for (SocketEvent.Kind kind : kinds) {
            Assumptions.assumeTrue(
                    implementation.capabilities().reports(kind),
                    () -> UNSUPPORTED + implementation.info().label() + " does not report " + kind + " events");
        }
    }

    protected Duration expect() {
        return timeouts.expect();
    }

    protected Duration silence() {
        return timeouts.silence();
    }

    /**
     * Binds an endpoint that a socket closed (or unbound) just before held. Closing need not free it at once (libzmq
     * closes listeners in its I/O thread), so "address in use" is retried every few milliseconds until the expect
     * timeout.
     */
    protected void bindOnceFree(ZmqSocket socket, String endpoint) throws ZmqException {
        long deadline = System.nanoTime() + expect().toNanos();
        while (true) {
            try {
                socket.bind(endpoint);
                return;
            } catch (ZmqException e) {
                if (e.kind() != ErrorKind.OTHER || System.nanoTime() - deadline > 0) {
                    throw e;
                }
                LockSupport.parkNanos(BIND_RETRY.toNanos());
            }
        }
    }

    /** Sends a message of string frames, waiting up to the expect timeout. */
    protected void send(ZmqSocket socket, String... frames) throws ZmqException {
        socket.send(Message.ofStrings(frames), expect());
    }

    /** The next message, which must arrive within the expect timeout. */
    protected Message receive(ZmqSocket socket) throws ZmqException {
        return socket.receive(expect());
    }

    /** The next message within {@code timeout}, or empty on would-block. */
    protected Optional<Message> tryReceive(ZmqSocket socket, Duration timeout) throws ZmqException {
        try {
            return Optional.of(socket.receive(timeout));
        } catch (ZmqException e) {
            if (e.kind() == ErrorKind.WOULD_BLOCK) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** Asserts that nothing arrives within the silence timeout. */
    protected void expectNothing(ZmqSocket socket) throws ZmqException {
        Optional<Message> got = tryReceive(socket, silence());
        assertThat(got).as("no message expected on %s", socket.type()).isEmpty();
    }

    /** Asserts that a send fails with {@code kind}, using the silence timeout for would-block. */
    protected ZmqException expectSendError(ZmqSocket socket, Message message, ErrorKind kind) {
        try {
            socket.send(message, silence());
        } catch (ZmqException e) {
            assertThat(e.kind())
                    .as("send error of %s: %s", socket.type(), e.getMessage())
                    .isEqualTo(kind);
            return e;
        }
        throw new AssertionError(socket.type() + " accepted a send that should fail with " + kind);
    }

    /**
     * Waits until {@code socket} reports {@code count} completed handshakes, so that a test can start once peers are
     * really connected (UNSUPPORTED when the implementation reports no handshake events).
     */
    protected void awaitHandshakes(ZmqSocket socket, int count) throws ZmqException {
        requireEvents(SocketEvent.Kind.HANDSHAKE_SUCCEEDED);
        long deadline = System.nanoTime() + expect().toNanos();
        int seen = 0;
        while (seen < count) {
            long left = deadline - System.nanoTime();
            assertThat(left)
                    .as("%d of %d handshakes on %s", seen, count, socket.type())
                    .isPositive();
            Optional<SocketEvent> event = socket.nextEvent(Duration.ofNanos(left));
            if (event.isPresent() && event.get().kind() == SocketEvent.Kind.HANDSHAKE_SUCCEEDED) {
                seen++;
            }
        }
    }
}
