package dev.zck.suites.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.spi.ErrorKind;
import dev.zck.spi.Message;
import dev.zck.spi.SocketEvent;
import dev.zck.spi.ZmqException;
import dev.zck.spi.ZmqSocket;
import dev.zck.suites.SuiteBase;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * What the request-reply and client-server suites share: messages with binary routing frames, waiting on whichever
 * of several sockets gets a message, waiting for a connection event, draining, and timing a send that must block.
 */
abstract class RequestReplySupport extends SuiteBase {
    /** How long a probe loop waits between two looks at a condition. */
    private static final Duration POLL = Duration.ofMillis(5);

    /** A message received by {@link #receiveAny}, with the index of the socket that got it. */
    record Received(int index, Message message) {}

    static final byte[] EMPTY = new byte[0];

    static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** A message whose first frame is binary (a ROUTER address) and the rest text. */
    static Message addressed(byte[] address, String... frames) {
        List<byte[]> all = new ArrayList<>(frames.length + 1);
        all.add(address);
        for (String frame : frames) {
            all.add(bytes(frame));
        }
        return Message.of(all);
    }

    /** The frames of {@code message} from {@code from} on, as text. */
    static List<String> strings(Message message, int from) {
        List<String> out = new ArrayList<>();
        for (int i = from; i < message.size(); i++) {
            out.add(message.frameAsString(i));
        }
        return out;
    }

    /** All frames of {@code message} as text. */
    static List<String> strings(Message message) {
        return strings(message, 0);
    }

    /** A payload of {@code size} octets that starts with the 4-octet big-endian sequence number {@code seq}. */
    static byte[] payload(int seq, int size) {
        byte[] data = new byte[size];
        ByteBuffer.wrap(data).putInt(seq);
        return data;
    }

    static int seqOf(byte[] payload) {
        return ByteBuffer.wrap(payload).getInt();
    }

    /** The next message from whichever of {@code sockets} has one first, within the expect timeout. */
    protected Received receiveAny(List<ZmqSocket> sockets) throws ZmqException {
        long deadline = System.nanoTime() + expect().toNanos();
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < sockets.size(); i++) {
                Optional<Message> got = tryReceive(sockets.get(i), POLL);
                if (got.isPresent()) {
                    return new Received(i, got.get());
                }
            }
        }
        throw new AssertionError("none of " + sockets.size() + " sockets received a message within " + expect());
    }

    /** Asserts that none of {@code sockets} receives anything within one shared silence timeout. */
    protected void expectNothing(List<ZmqSocket> sockets) throws ZmqException {
        long deadline = System.nanoTime() + silence().toNanos();
        for (ZmqSocket socket : sockets) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            Optional<Message> got = tryReceive(socket, left);
            assertThat(got).as("no message expected on %s", socket.type()).isEmpty();
        }
    }

    /** Every message that arrives until the socket stays silent for the silence timeout, in order. */
    protected List<Message> drain(ZmqSocket socket) throws ZmqException {
        List<Message> all = new ArrayList<>();
        for (Optional<Message> got = tryReceive(socket, silence());
                got.isPresent();
                got = tryReceive(socket, silence())) {
            all.add(got.get());
        }
        return all;
    }

    /** Waits for the next event of {@code kind} on {@code socket} (UNSUPPORTED when the kind is not reported). */
    protected void awaitEvent(ZmqSocket socket, SocketEvent.Kind kind) throws ZmqException {
        requireEvents(kind);
        long deadline = System.nanoTime() + expect().toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            assertThat(left).as("%s event on %s", kind, socket.type()).isPositive();
            Optional<SocketEvent> event = socket.nextEvent(Duration.ofNanos(left));
            if (event.isPresent() && event.get().kind() == kind) {
                return;
            }
        }
    }

    /**
     * Over tcp, waits until {@code socket} has seen a connection go (its DISCONNECTED event) when the implementation
     * reports that event; an inproc peer's end is not reported as an event, and the test goes on at once.
     */
    protected void awaitPeerGone(ZmqSocket socket, String transport) throws ZmqException {
        if (transport.equals("tcp") && implementation().capabilities().reports(SocketEvent.Kind.DISCONNECTED)) {
            awaitEvent(socket, SocketEvent.Kind.DISCONNECTED);
        }
    }

    /** A condition re-checked until it holds or the expect timeout passes. */
    @FunctionalInterface
    interface Probe {
        boolean holds() throws ZmqException;
    }

    /** Re-checks {@code probe} every few milliseconds until it holds; fails at the expect timeout. */
    protected void eventually(String what, Probe probe) throws ZmqException {
        long deadline = System.nanoTime() + expect().toNanos();
        while (!probe.holds()) {
            assertThat(System.nanoTime())
                    .as("waited %s for: %s", expect(), what)
                    .isLessThan(deadline);
            LockSupport.parkNanos(POLL.toNanos());
        }
    }

    /**
     * Asserts that a send waiting at most {@code timeout} fails with WOULD_BLOCK and did wait: not less than half the
     * timeout (the tolerant lower bound), so that an immediate refusal is not taken for a blocked send.
     */
    protected void expectBlockedSend(ZmqSocket socket, Message message, Duration timeout) {
        long start = System.nanoTime();
        try {
            socket.send(message, timeout);
        } catch (ZmqException e) {
            long waited = System.nanoTime() - start;
            assertThat(e.kind())
                    .as("send error of %s: %s", socket.type(), e.getMessage())
                    .isEqualTo(ErrorKind.WOULD_BLOCK);
            assertThat(Duration.ofNanos(waited))
                    .as("a send with a %s timeout must wait before it fails", timeout)
                    .isGreaterThanOrEqualTo(timeout.dividedBy(2));
            return;
        }
        throw new AssertionError(socket.type() + " accepted a send that should have blocked");
    }

    /** Asserts that a receive waiting at most {@code timeout} fails with {@code kind} without waiting it out. */
    protected void expectReceiveError(ZmqSocket socket, Duration timeout, ErrorKind kind) {
        long start = System.nanoTime();
        try {
            Message got = socket.receive(timeout);
            throw new AssertionError(socket.type() + " received " + got + " where it should fail with " + kind);
        } catch (ZmqException e) {
            assertThat(e.kind())
                    .as("receive error of %s: %s", socket.type(), e.getMessage())
                    .isEqualTo(kind);
            if (!timeout.isZero() && !timeout.isNegative()) {
                assertThat(Duration.ofNanos(System.nanoTime() - start))
                        .as("a state error is reported at once, not after the %s timeout", timeout)
                        .isLessThan(timeout);
            }
        }
    }

    /** Asserts that a send that may not wait at all (libzmq DONTWAIT) fails with WOULD_BLOCK. */
    protected void expectWouldBlockNow(ZmqSocket socket, Message message) {
        try {
            socket.send(message, Duration.ZERO);
        } catch (ZmqException e) {
            assertThat(e.kind())
                    .as("non-blocking send of %s: %s", socket.type(), e.getMessage())
                    .isEqualTo(ErrorKind.WOULD_BLOCK);
            return;
        }
        throw new AssertionError(socket.type() + " accepted a non-blocking send that should have failed");
    }

    /** Sends {@code message} without waiting at all; the send must succeed. */
    protected void sendNow(ZmqSocket socket, Message message) throws ZmqException {
        socket.send(message, Duration.ZERO);
    }
}
