package dev.zck.suites.patterns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.zck.engine.rawpeer.RawFrame;
import dev.zck.engine.rawpeer.RawGreeting;
import dev.zck.engine.rawpeer.RawPeer;
import dev.zck.engine.rawpeer.RawPeerException;
import dev.zck.engine.rawpeer.ZmtpBytes;
import dev.zck.spi.ErrorKind;
import dev.zck.spi.Message;
import dev.zck.spi.SocketOption;
import dev.zck.spi.Transport;
import dev.zck.spi.ZmqException;
import dev.zck.spi.ZmqSocket;
import dev.zck.suites.SuiteBase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Assumptions;

/**
 * What the pattern suites share on top of {@link SuiteBase}: transport requirements, waiting for events, the
 * publish-a-probe synchronisation that defeats the slow joiner, optional (MAY) behaviour, and ZMTP handshakes of raw
 * peers for the rules that are observed on the wire.
 */
public abstract class PatternsBase extends SuiteBase {
    /** How long one round of a probe loop waits for the probe before sending the next. */
    protected static final Duration PROBE_INTERVAL = Duration.ofMillis(20);

    /** UNSUPPORTED unless the implementation declares {@code transport}. */
    protected void requireTransport(Transport transport) {
        Assumptions.assumeTrue(
                implementation().capabilities().supports(transport),
                () -> UNSUPPORTED + implementation().info().label() + " does not declare transport " + transport);
    }

    /**
     * An optional (MAY) behaviour the test has just observed to be absent: the rule is reported UNSUPPORTED for this
     * implementation instead of failed.
     */
    protected void requireOptionalBehaviour(boolean present, String absence) {
        Assumptions.assumeTrue(
                present,
                () -> UNSUPPORTED + implementation().info().label() + " " + absence + " (optional behaviour, MAY)");
    }

    /** A loopback tcp endpoint on a port nobody listens on now. */
    protected static String unusedTcpEndpoint() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return "tcp://127.0.0.1:" + probe.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends with don't-wait until the socket would block; returns how many sends were accepted (at most limit). */
    protected int sendUntilWouldBlock(ZmqSocket socket, int limit, IntFunction<Message> message) throws ZmqException {
        for (int i = 0; i < limit; i++) {
            try {
                socket.send(message.apply(i), Duration.ZERO);
            } catch (ZmqException e) {
                assertThat(e.kind())
                        .as("don't-wait send %d of %s: %s", i, socket.type(), e.getMessage())
                        .isEqualTo(ErrorKind.WOULD_BLOCK);
                return i;
            }
        }
        return fail("%s accepted %d don't-wait sends without ever reporting WOULD_BLOCK", socket.type(), limit);
    }

    /** Receives until nothing more arrives within the silence timeout. */
    protected List<Message> drain(ZmqSocket socket) throws ZmqException {
        List<Message> all = new ArrayList<>();
        for (Optional<Message> m = tryReceive(socket, silence()); m.isPresent(); m = tryReceive(socket, silence())) {
            all.add(m.get());
        }
        return all;
    }

    /** The HWM that fair-queueing tests set on both sides before connecting; see {@link #expectFairQueueing}. */
    protected static final int FAIR_HWM = 10;

    private static final int FAIR_PAYLOAD = 64 * 1024;
    private static final int FAIR_MAX_SENDS = 5_000;

    /** Sets the HWMs a fair-queueing test needs; call before binding and connecting. */
    protected void prepareFairQueueing(ZmqSocket receiver, List<ZmqSocket> senders) throws ZmqException {
        requireOptions(SocketOption.SNDHWM, SocketOption.RCVHWM);
        receiver.set(SocketOption.RCVHWM, FAIR_HWM);
        for (ZmqSocket sender : senders) {
            sender.set(SocketOption.SNDHWM, FAIR_HWM);
        }
    }

    /**
     * Fair queueing, observed without depending on timing: every sender sends numbered 64 KiB messages until it
     * would block. A sender only blocks once its whole path is full, including the receiver's queue for it (RCVHWM,
     * set by {@link #prepareFairQueueing}); so when all have blocked, every peer has at least {@link #FAIR_HWM}
     * messages waiting at the receiver. Reading then must take from each in turn: in the first {@code FAIR_HWM}
     * rounds every sender appears exactly {@code FAIR_HWM} times, each sender's messages in order. A receiver that
     * drained one queue before the next would give the first sender everything.
     */
    protected void expectFairQueueing(ZmqSocket receiver, List<ZmqSocket> senders) throws ZmqException {
        for (int s = 0; s < senders.size(); s++) {
            int k = 0;
            while (trySendNumbered(senders.get(s), s, k)) {
                k++;
                assertThat(k)
                        .as("sender %d never blocked: its path to a receiver that does not read must fill up", s)
                        .isLessThan(FAIR_MAX_SENDS);
            }
            assertThat(k).as("sender %d sent nothing", s).isPositive();
        }
        int[] next = new int[senders.size()];
        int[] seen = new int[senders.size()];
        int rounds = senders.size() * FAIR_HWM;
        for (int i = 0; i < rounds; i++) {
            String[] parts = receive(receiver).frameAsString(0).split(":");
            int sender = Integer.parseInt(parts[0]);
            assertThat(Integer.parseInt(parts[1]))
                    .as("message %d from sender %d", i, sender)
                    .isEqualTo(next[sender]++);
            seen[sender]++;
        }
        for (int s = 0; s < senders.size(); s++) {
            assertThat(seen[s])
                    .as(
                            "messages per sender among the first %d read while every queue was full: %s",
                            rounds, Arrays.toString(seen))
                    .isEqualTo(FAIR_HWM);
        }
    }

    private boolean trySendNumbered(ZmqSocket sender, int s, int k) throws ZmqException {
        byte[] frame = new byte[FAIR_PAYLOAD];
        byte[] label = (s + ":" + k + ":").getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(label, 0, frame, 0, label.length);
        try {
            sender.send(Message.of(frame), silence());
            return true;
        } catch (ZmqException e) {
            if (e.kind() == dev.zck.spi.ErrorKind.WOULD_BLOCK) {
                return false;
            }
            throw e;
        }
    }

    // ------------------------------------------------------------------ publish / subscribe synchronisation

    /**
     * Beats the slow joiner: the publisher (PUB or XPUB) sends numbered probes, whose first frame starts with
     * {@code probe}, until every subscriber has received one; then one last probe marks the end, and each subscriber
     * reads up to it, so that no probe is left queued. Every subscriber must hold a subscription matching
     * {@code probe}, made after the subscriptions the test relies on (a connection delivers them in order). Probes
     * sent while a later subscriber synchronises queue up at the earlier ones, so a subscriber with a small RCVHWM
     * goes first.
     */
    protected void synchronise(ZmqSocket pub, String probe, ZmqSocket... subs) throws ZmqException {
        int sent = 0;
        for (ZmqSocket sub : subs) {
            long deadline = System.nanoTime() + expect().toNanos();
            while (true) {
                send(pub, probe + "#" + sent++);
                Optional<Message> got = tryReceive(sub, PROBE_INTERVAL);
                if (got.isPresent()) {
                    assertThat(got.get().frameAsString(0))
                            .as("%s receives only probes while synchronising", sub.type())
                            .startsWith(probe);
                    break;
                }
                assertThat(System.nanoTime() - deadline)
                        .as("the subscription of %s for '%s' never reached the publisher", sub.type(), probe)
                        .isNegative();
            }
        }
        String end = probe + "#end";
        send(pub, end);
        for (ZmqSocket sub : subs) {
            List<Message> before = receiveUntil(sub, end);
            for (Message m : before) {
                assertThat(m.frameAsString(0))
                        .as("only probes before the end probe")
                        .startsWith(probe);
            }
        }
    }

    /** Receives (each within the expect timeout) until a message whose first frame is {@code marker}; returns the rest. */
    protected List<Message> receiveUntil(ZmqSocket socket, String marker) throws ZmqException {
        List<Message> before = new ArrayList<>();
        while (true) {
            Message m = receive(socket);
            if (m.frameAsString(0).equals(marker)) {
                return before;
            }
            before.add(m);
        }
    }

    /** As {@link #synchronise} for RADIO and DISH: probes go to {@code probeGroup}, which every dish has joined. */
    protected void synchroniseGroups(ZmqSocket radio, String probeGroup, ZmqSocket... dishes) throws ZmqException {
        int sent = 0;
        for (ZmqSocket dish : dishes) {
            long deadline = System.nanoTime() + expect().toNanos();
            while (true) {
                radio.send(Message.ofStrings("#" + sent++).withGroup(probeGroup), expect());
                Optional<Message> got = tryReceive(dish, PROBE_INTERVAL);
                if (got.isPresent()) {
                    assertThat(got.get().group())
                            .as("a dish receives only probes while synchronising")
                            .contains(probeGroup);
                    break;
                }
                assertThat(System.nanoTime() - deadline)
                        .as("the JOIN of %s for '%s' never reached the radio", dish.type(), probeGroup)
                        .isNegative();
            }
        }
        radio.send(Message.ofStrings("#end").withGroup(probeGroup), expect());
        for (ZmqSocket dish : dishes) {
            receiveGroupUntil(dish, probeGroup, "#end");
        }
    }

    /** Receives until the message {@code body} in {@code group}; returns the messages before it. */
    protected List<Message> receiveGroupUntil(ZmqSocket dish, String group, String body) throws ZmqException {
        List<Message> before = new ArrayList<>();
        while (true) {
            Message m = receive(dish);
            if (m.group().equals(Optional.of(group)) && m.frameAsString(0).equals(body)) {
                return before;
            }
            before.add(m);
        }
    }

    // ------------------------------------------------------------------ raw peers

    /**
     * Completes a ZMTP 3.1 NULL handshake as {@code socketType}: greeting both ways, READY both ways. The implementation's
     * READY is read and not checked; wire suites judge handshakes.
     */
    protected static RawPeer handshake(RawPeer peer, String socketType) {
        handshakeReadingGreeting(peer, socketType);
        return peer;
    }

    /**
     * As {@link #handshake}, returning the implementation's greeting: its version is the one the peers then speak
     * (ZMTP 3.0 when the implementation greets with 3.0), which decides, for example, how a subscription is sent.
     */
    protected static RawGreeting handshakeReadingGreeting(RawPeer peer, String socketType) {
        peer.send(ZmtpBytes.greeting(3, 1, "NULL", false));
        RawGreeting greeting = peer.readGreeting();
        peer.send(ZmtpBytes.ready(socketType));
        peer.expectCommand("READY");
        return greeting;
    }

    /**
     * A subscription to {@code topic} in the form of the version negotiated with an implementation that sent {@code
     * greeting}: a SUBSCRIBE command under ZMTP 3.1 (RFC 37), a message of 01 and the topic under 3.0 (RFC 23), which
     * has no SUBSCRIBE command.
     */
    protected static byte[] subscription(RawGreeting greeting, byte[] topic) {
        boolean zmtp31 = greeting.major() > 3 || (greeting.major() == 3 && greeting.minor() >= 1);
        return zmtp31 ? ZmtpBytes.subscribeCommand(topic) : ZmtpBytes.subscribeMessage(topic);
    }

    /**
     * The next message {@code socket} delivers, or empty if the implementation closed the raw peer's connection
     * instead (allowed after a protocol breach such as a multipart message to a single-part type). Fails if neither
     * happens within the expect timeout.
     */
    protected Optional<Message> receiveOrDisconnect(ZmqSocket socket, RawPeer peer) throws ZmqException {
        long deadline = System.nanoTime() + expect().toNanos();
        while (System.nanoTime() < deadline) {
            Optional<Message> got = tryReceive(socket, PROBE_INTERVAL);
            if (got.isPresent()) {
                return got;
            }
            if (peer.isClosed()) {
                return Optional.empty();
            }
        }
        return fail("%s neither delivered a message nor closed the connection", socket.type());
    }

    /**
     * Reads the next subscription a ZMTP 3.x peer sends, in either form (SUBSCRIBE/CANCEL command, or a message of
     * 01/00 and the topic), skipping PING and PONG.
     *
     * @return the subscription as XPUB delivers it: 01 or 00 followed by the topic
     */
    protected static byte[] readSubscription(RawPeer peer) {
        while (true) {
            RawFrame frame = peer.readFrame();
            if (frame.isCommand()) {
                switch (frame.commandName()) {
                    case "SUBSCRIBE" -> {
                        return ZmtpBytes.concat(new byte[] {1}, frame.commandData());
                    }
                    case "CANCEL" -> {
                        return ZmtpBytes.concat(new byte[] {0}, frame.commandData());
                    }
                    case "PING", "PONG" -> {
                        continue;
                    }
                    default -> fail("expected a subscription, got the command %s", frame.commandName());
                }
            }
            assertThat(frame.more()).as("a subscription message has one frame").isFalse();
            assertThat(frame.size())
                    .as("a subscription message is 01 or 00 and the topic")
                    .isPositive();
            return frame.body();
        }
    }

    /**
     * Reads messages from a raw peer in a thread of its own, so that the test can keep sending on the implementation
     * while it waits; commands are skipped. Stops when the connection ends or the reader is closed.
     */
    protected static final class MessageReader implements AutoCloseable {
        private final BlockingQueue<List<byte[]>> messages = new LinkedBlockingQueue<>();
        private final Thread thread;
        private volatile boolean stopped;
        private volatile RawPeerException ended;

        MessageReader(RawPeer peer) {
            thread = new Thread(() -> run(peer), "zck-raw-reader");
            thread.setDaemon(true);
            thread.start();
        }

        private void run(RawPeer peer) {
            List<byte[]> partial = new ArrayList<>();
            while (!stopped) {
                try {
                    RawFrame frame = peer.readFrame();
                    if (frame.isCommand()) {
                        continue;
                    }
                    partial.add(frame.body());
                    if (!frame.more()) {
                        messages.add(List.copyOf(partial));
                        partial.clear();
                    }
                } catch (RawPeerException e) {
                    if (e.kind() != RawPeerException.Kind.TIMEOUT) {
                        ended = e;
                        return;
                    }
                }
            }
        }

        /** The next message within {@code timeout}, or empty. */
        Optional<List<byte[]>> poll(Duration timeout) {
            try {
                return Optional.ofNullable(messages.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }

        /** Why reading stopped, if the connection ended. */
        Optional<RawPeerException> ended() {
            return Optional.ofNullable(ended);
        }

        @Override
        public void close() {
            stopped = true;
        }
    }

    // ------------------------------------------------------------------ bytes

    protected static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    protected static byte[] bytes(int... octets) {
        byte[] out = new byte[octets.length];
        for (int i = 0; i < octets.length; i++) {
            out[i] = (byte) octets[i];
        }
        return out;
    }

    /** {@code prefix} followed by the UTF-8 bytes of {@code text}. */
    protected static byte[] prefixed(int prefix, String text) {
        return ZmtpBytes.concat(new byte[] {(byte) prefix}, bytes(text));
    }

    /** A message of {@code size} octets whose first frame starts with the 8-digit number {@code n}. */
    protected static Message numbered(int n, int size) {
        byte[] frame = new byte[size];
        Arrays.fill(frame, (byte) '.');
        byte[] digits = bytes(String.format("%08d", n));
        System.arraycopy(digits, 0, frame, 0, digits.length);
        return Message.of(frame);
    }

    /** The number a {@link #numbered} message carries. */
    protected static int sequence(Message m) {
        return Integer.parseInt(new String(m.frame(0), 0, 8, StandardCharsets.US_ASCII));
    }

    protected static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
