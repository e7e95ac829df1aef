package dev.zck.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.zck.engine.rawpeer.RawFrame;
import dev.zck.engine.rawpeer.ZmtpBytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The engine on a Netty {@link EmbeddedChannel}, driven by the test as a scripted peer: {@link #send} feeds octets
 * as if the peer wrote them, {@link #take} and {@link #takeFrame} read what the engine wrote, {@link #advance} moves
 * the channel's frozen clock. Everything runs on the test thread and nothing waits in real time.
 *
 * <p>Every ByteBuf the engine writes is copied and released at once. Every reason the session reports is checked
 * against the rule catalog as it arrives, and {@link #close()} releases whatever the channel still holds.
 */
final class EmbeddedSession implements AutoCloseable {
    /** The engine's first write: FF, padding 00..01, 7F, major 03 (RFC 23 and libzmq's padding). */
    static final byte[] OPENING = Hex.bytes("ff 00 00 00 00 00 00 00 01 7f 03");

    /** The 53 octets after the opening for NULL: minor 01, 'NULL', as-server 00, filler. */
    static final byte[] NULL_REST = Arrays.copyOfRange(new Greeting(3, 1, "NULL", false).encode(), 11, 64);

    final EmbeddedChannel channel;
    final SessionRecorder recorder = new SessionRecorder();
    private final List<Object> arrivals = new ArrayList<>();
    private byte[] pending = new byte[0];

    private EmbeddedSession(ZmtpSessionConfig config) {
        channel = new EmbeddedChannel();
        channel.freezeTime();
        ZmtpChannels.install(channel, config, recorder);
        settle();
    }

    /** Installs a session with {@code config} on a fresh, active channel whose clock is frozen. */
    static EmbeddedSession start(ZmtpSessionConfig config) {
        return new EmbeddedSession(config);
    }

    // ---------------------------------------------------------------- the peer's side

    /** The peer writes {@code parts} as one TCP segment. */
    EmbeddedSession send(byte[]... parts) {
        assertThat(channel.isOpen())
                .as("the engine closed the connection before the peer wrote")
                .isTrue();
        channel.writeInbound(Unpooled.wrappedBuffer(ZmtpBytes.concat(parts)));
        settle();
        return this;
    }

    /** The peer writes {@code bytes} one octet per segment. */
    EmbeddedSession sendOctetByOctet(byte[] bytes) {
        for (byte b : bytes) {
            send(new byte[] {b});
        }
        return this;
    }

    /** The peer closes the connection (the session sees channelInactive). */
    void peerCloses() {
        channel.close();
        settle();
    }

    /** Moves the frozen clock by {@code millis} and runs every timer now due. */
    EmbeddedSession advance(long millis) {
        channel.advanceTimeBy(millis, TimeUnit.MILLISECONDS);
        settle();
        return this;
    }

    /** Moves the clock {@code millis} forward one millisecond at a time, so rescheduled timers fire on time. */
    EmbeddedSession advanceStepwise(long millis) {
        for (long i = 0; i < millis; i++) {
            advance(1);
        }
        return this;
    }

    /** The application writes and flushes {@code message}; returns the write's future. */
    ChannelFuture write(Object message) {
        ChannelFuture future = channel.writeAndFlush(message);
        settle();
        return future;
    }

    private void settle() {
        channel.runPendingTasks();
        channel.runPendingTasks();
        collect();
    }

    // ---------------------------------------------------------------- what the engine wrote

    /** Octets the engine wrote that the test has not taken yet. */
    int available() {
        collect();
        return pending.length;
    }

    /** Takes exactly {@code n} octets the engine wrote; fails if fewer are there. */
    byte[] take(int n) {
        collect();
        if (pending.length < n) {
            fail("expected " + n + " octets from the engine, only " + pending.length + " were written: "
                    + Hex.of(pending));
        }
        byte[] out = Arrays.copyOf(pending, n);
        pending = Arrays.copyOfRange(pending, n, pending.length);
        return out;
    }

    /** Takes everything the engine wrote so far. */
    byte[] takeAll() {
        return take(available());
    }

    /** Requires that the engine wrote nothing more. */
    void expectNothingWritten() {
        assertThat(Hex.of(takeAll())).as("octets the engine wrote").isEmpty();
    }

    /** Takes one 3.x (or 2.0) frame the engine wrote. */
    RawFrame takeFrame() {
        int flags = take(1)[0] & 0xff;
        long size = (flags & RawFrame.LONG) != 0 ? ByteBuffer.wrap(take(8)).getLong() : take(1)[0] & 0xff;
        assertThat(size).as("frame size").isBetween(0L, (long) Integer.MAX_VALUE);
        return new RawFrame(flags, take((int) size));
    }

    /** Takes one frame and requires it to be the command {@code name}. */
    RawFrame takeCommand(String name) {
        RawFrame frame = takeFrame();
        assertThat(frame.isCommand()).as("%s is a command", frame).isTrue();
        assertThat(frame.commandName()).isEqualTo(name);
        return frame;
    }

    private void collect() {
        Object o;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(pending);
        while ((o = channel.readOutbound()) != null) {
            if (!(o instanceof ByteBuf buf)) {
                fail("the engine wrote a " + o.getClass().getName() + " instead of octets: " + o);
                return;
            }
            try {
                byte[] bytes = new byte[buf.readableBytes()];
                buf.readBytes(bytes);
                out.writeBytes(bytes);
            } finally {
                buf.release();
            }
        }
        pending = out.toByteArray();
        for (Object arrival : recorder.drain()) {
            RuleIds.assertReasonsInCatalog(arrival);
            arrivals.add(arrival);
        }
    }

    // ---------------------------------------------------------------- scripted peer steps

    /** Reads the engine's 11-octet opening and answers with a full NULL greeting of version 3.{minor}. */
    EmbeddedSession greet(int minor) {
        return greet(ZmtpBytes.greeting(3, minor, "NULL", false));
    }

    /** Reads the engine's opening, sends {@code greeting} (64 octets) and reads the engine's 53 more. */
    EmbeddedSession greet(byte[] greeting) {
        assertThat(Hex.of(take(11))).isEqualTo(Hex.of(OPENING));
        send(greeting);
        assertThat(Hex.of(take(53))).isEqualTo(Hex.of(NULL_REST));
        return this;
    }

    /**
     * Completes greeting and NULL handshake as a 3.{minor} client of type {@code peerType}, whatever side the
     * engine plays, and requires the handshake to succeed.
     */
    PeerInfo handshake(int minor, String peerType) {
        greet(minor);
        send(ZmtpBytes.ready(peerType));
        takeCommand("READY");
        expectNothingWritten();
        return succeeded();
    }

    // ---------------------------------------------------------------- what the application saw

    /** Every arrival at the application so far, oldest first. */
    List<Object> arrivals() {
        collect();
        return List.copyOf(arrivals);
    }

    /** The arrivals of one type, oldest first. */
    <T> List<T> arrivals(Class<T> type) {
        return arrivals().stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Takes and returns the arrivals of one type, leaving the others. */
    <T> List<T> takeArrivals(Class<T> type) {
        collect();
        List<T> taken =
                arrivals.stream().filter(type::isInstance).map(type::cast).toList();
        arrivals.removeIf(type::isInstance);
        return taken;
    }

    /** The peer as the handshake reported it; fails unless the handshake succeeded. */
    PeerInfo succeeded() {
        List<ZmtpSessionEvent.HandshakeSucceeded> ok = arrivals(ZmtpSessionEvent.HandshakeSucceeded.class);
        assertThat(ok).as("HandshakeSucceeded (arrivals %s)", arrivals()).hasSize(1);
        assertThat(channel.isOpen()).isTrue();
        return ok.get(0).peer();
    }

    /** Messages the application received. */
    List<ZmtpMessage> messages() {
        return arrivals(ZmtpMessage.class);
    }

    /** The reason the session closed with; fails unless it closed with one. */
    ProtocolViolation closedWithReason() {
        assertThat(channel.isOpen()).as("the engine closed the connection").isFalse();
        List<ZmtpSessionEvent.Closed> closed = arrivals(ZmtpSessionEvent.Closed.class);
        assertThat(closed).as("Closed events").hasSize(1);
        Optional<ProtocolViolation> reason = closed.get(0).reason();
        assertThat(reason).as("the close reason").isPresent();
        return reason.get();
    }

    /** Requires the session to have closed for {@code ruleId}, and that rule to exist in the catalog. */
    ProtocolViolation expectClosedFor(String ruleId) {
        RuleIds.assertInCatalog(ruleId);
        ProtocolViolation reason = closedWithReason();
        assertThat(reason.ruleId()).as("rule of %s", reason).isEqualTo(ruleId);
        return reason;
    }

    /** Requires the handshake to have failed for {@code ruleId} and the connection to be closed for it. */
    ProtocolViolation expectHandshakeFailedFor(String ruleId) {
        List<ZmtpSessionEvent.HandshakeFailed> failed = arrivals(ZmtpSessionEvent.HandshakeFailed.class);
        assertThat(failed).as("HandshakeFailed events").hasSize(1);
        assertThat(failed.get(0).reason())
                .hasValueSatisfying(v -> assertThat(v.ruleId()).isEqualTo(ruleId));
        assertThat(arrivals(ZmtpSessionEvent.HandshakeSucceeded.class)).isEmpty();
        assertThat(messages()).as("messages delivered").isEmpty();
        assertThat(arrivals(ZmtpSubscription.class))
                .as("subscriptions delivered")
                .isEmpty();
        return expectClosedFor(ruleId);
    }

    /** Requires the connection to be open and no close reported. */
    void expectOpen() {
        assertThat(channel.isOpen())
                .as("connection open (arrivals %s)", arrivals())
                .isTrue();
        assertThat(arrivals(ZmtpSessionEvent.Closed.class)).isEmpty();
    }

    @Override
    public void close() {
        collect();
        channel.finishAndReleaseAll();
        pending = new byte[0];
        assertThat(recorder.exceptions())
                .as("exceptions that reached the application")
                .isEmpty();
    }
}
