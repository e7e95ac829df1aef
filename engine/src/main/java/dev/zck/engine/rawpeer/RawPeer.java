package dev.zck.engine.rawpeer;

import dev.zck.engine.rawpeer.RawPeerException.Kind;
import dev.zck.spec.Timeouts;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * One scripted TCP connection to a ZeroMQ implementation, driven octet by octet: "send these bytes, expect those
 * frames, expect a close within T". Every read is bounded by the {@link Timeouts#expect() expect} timeout (or the
 * {@link Timeouts#silence() silence} timeout when watching for silence) and a send that is not drained within the
 * expect timeout aborts the connection, so a test never hangs. Failures throw {@link RawPeerException} with what was
 * expected, what arrived (hex, at most 64 octets shown) and after how long.
 *
 * <p>It parses ZMTP 3.x framing only as far as asked and validates nothing on its own (reserved flag bits, MORE on a
 * command...): the suites decide what is a violation. It is not thread-safe, except that one thread may send while
 * another reads.
 */
public final class RawPeer implements AutoCloseable {
    /** The default largest frame body {@link #readFrame()} accepts: 16 MiB. */
    public static final int DEFAULT_MAX_FRAME_SIZE = 16 * 1024 * 1024;

    private final Socket socket;
    private final OutputStream out;
    private final WireReader reader;
    private final Timeouts timeouts;
    private int maxFrameSize = DEFAULT_MAX_FRAME_SIZE;

    RawPeer(Socket socket, Timeouts timeouts) throws IOException {
        this.socket = socket;
        this.timeouts = Objects.requireNonNull(timeouts, "timeouts");
        socket.setTcpNoDelay(true);
        this.out = socket.getOutputStream();
        this.reader = new WireReader(socket);
    }

    /**
     * Connects to an implementation listening on a loopback address, waiting at most the expect timeout.
     *
     * @throws IllegalArgumentException if the address is not a resolved loopback address
     * @throws RawPeerException IO if the connection is refused, TIMEOUT if it is not established in time
     */
    public static RawPeer connect(InetSocketAddress address, Timeouts timeouts) {
        if (address.isUnresolved() || !address.getAddress().isLoopbackAddress()) {
            throw new IllegalArgumentException("raw peers connect to loopback addresses only, not " + address);
        }
        String what = "to connect to " + endpoint(address) + " within "
                + timeouts.expect().toMillis() + " ms";
        long start = System.nanoTime();
        Socket socket = new Socket();
        try {
            socket.connect(address, timeoutMillis(timeouts.expect()));
            return new RawPeer(socket, timeouts);
        } catch (SocketTimeoutException e) {
            closeQuietly(socket);
            throw new RawPeerException(Kind.TIMEOUT, Expectation.message(what, "timed out", start, null, null), e);
        } catch (ConnectException e) {
            closeQuietly(socket);
            throw new RawPeerException(
                    Kind.IO, Expectation.message(what, "refused (" + e.getMessage() + ")", start, null, null), e);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new RawPeerException(Kind.IO, Expectation.message(what, "failed (" + e + ")", start, null, null), e);
        }
    }

    /**
     * Connects to a {@code tcp://host:port} endpoint as an implementation reports it after a bind, e.g.
     * {@code tcp://127.0.0.1:5555} or {@code tcp://[::1]:5555}. Same rules as {@link #connect(InetSocketAddress,
     * Timeouts)}.
     */
    public static RawPeer connect(String endpoint, Timeouts timeouts) {
        String prefix = "tcp://";
        int colon = endpoint.lastIndexOf(':');
        if (!endpoint.startsWith(prefix) || colon <= prefix.length()) {
            throw new IllegalArgumentException("not a tcp://host:port endpoint: '" + endpoint + "'");
        }
        String host = endpoint.substring(prefix.length(), colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            int port = Integer.parseInt(endpoint.substring(colon + 1));
            return connect(new InetSocketAddress(InetAddress.getByName(host), port), timeouts);
        } catch (NumberFormatException | UnknownHostException e) {
            throw new IllegalArgumentException("not a tcp://host:port endpoint: '" + endpoint + "'", e);
        }
    }

    /** The timeouts every operation of this peer uses. */
    public Timeouts timeouts() {
        return timeouts;
    }

    /** The largest frame body {@link #readFrame()} accepts. */
    public int maxFrameSize() {
        return maxFrameSize;
    }

    /**
     * Sets the largest frame body {@link #readFrame()}, {@link #expectCommand} and {@link #readMessage()} accept (and
     * the most {@link #expectClose()} keeps). A size field above it fails with TOO_LARGE before anything is allocated.
     */
    public RawPeer maxFrameSize(int octets) {
        if (octets < 0) {
            throw new IllegalArgumentException("the frame size limit must not be negative: " + octets);
        }
        this.maxFrameSize = octets;
        return this;
    }

    /** Sends the octets in one write and flushes. */
    public void send(byte[] bytes) {
        sendFragmented(bytes, Math.max(1, bytes.length));
    }

    /**
     * Sends the octets in writes of {@code chunkSize} (1 = one octet per write), each flushed on its own with Nagle
     * off. TCP may still merge chunks on the receiving side; this is as fragmented as a sender can make it.
     */
    public void sendFragmented(byte[] bytes, int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("the chunk size must be at least 1, was " + chunkSize);
        }
        ensureOpen("to send " + bytes.length + " octets");
        String what = "to send " + bytes.length + " octets within "
                + timeouts.expect().toMillis() + " ms";
        long start = System.nanoTime();
        SendWatchdog watchdog = SendWatchdog.arm(socket, timeouts.expect());
        try {
            for (int offset = 0; offset < bytes.length; offset += chunkSize) {
                out.write(bytes, offset, Math.min(chunkSize, bytes.length - offset));
                out.flush();
            }
        } catch (IOException e) {
            if (!watchdog.disarm()) {
                throw stalled(what, start, e);
            }
            throw new RawPeerException(
                    Kind.CLOSED,
                    Expectation.message(
                            what, "the connection is closed or reset", start, String.valueOf(e.getMessage()), null),
                    e);
        }
        if (!watchdog.disarm()) {
            throw stalled(what, start, null);
        }
    }

    /** Reads exactly {@code n} octets within the expect timeout. */
    public byte[] readExactly(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("cannot read a negative number of octets: " + n);
        }
        return expectation(n + (n == 1 ? " octet" : " octets")).readExactly(n);
    }

    /**
     * Reads as many octets as {@code expected} has and fails with UNEXPECTED, showing where they first differ, unless
     * they are the same.
     */
    public void expectBytes(byte[] expected) {
        Expectation expectation = expectation(HexDump.describe(expected));
        byte[] actual = expectation.readExactly(expected.length);
        int offset = Arrays.mismatch(expected, actual);
        if (offset >= 0) {
            String detail = String.format(
                    "first difference at offset %d (expected %02x, got %02x)",
                    offset, expected[offset], actual[offset]);
            if (offset >= HexDump.MAX_SHOWN - 16) {
                detail += "; around it expected " + HexDump.window(expected, offset) + ", got "
                        + HexDump.window(actual, offset);
            }
            throw expectation.fail(Kind.UNEXPECTED, "got different octets", detail, null);
        }
    }

    /** Reads the 10-octet signature alone (FF, padding, 7F), for tests of a partial greeting. */
    public byte[] readSignature() {
        return expectation("a ZMTP signature (10 octets)").readExactly(ZmtpBytes.SIGNATURE_SIZE);
    }

    /** Reads a 64-octet greeting and decodes its fields; nothing is validated. */
    public RawGreeting readGreeting() {
        return RawGreeting.parse(expectation("a ZMTP greeting (64 octets)").readExactly(RawGreeting.SIZE));
    }

    /**
     * Reads one ZMTP 3.x frame (flags, 1- or 8-octet size, body) within the expect timeout.
     *
     * @throws RawPeerException TOO_LARGE if the size field exceeds {@link #maxFrameSize()}
     */
    public RawFrame readFrame() {
        return readFrame(expectation("a frame"));
    }

    /**
     * Reads the next frame and requires it to be the command {@code name} (compared exactly). Nothing is skipped: a
     * message frame or another command fails with UNEXPECTED.
     */
    public RawFrame expectCommand(String name) {
        Expectation expectation = expectation("the command " + name);
        RawFrame frame = readFrame(expectation);
        if (!frame.isCommand()) {
            throw expectation.fail(Kind.UNEXPECTED, "got a message frame (" + summary(frame) + ")");
        }
        String actual;
        try {
            actual = frame.commandName();
        } catch (RawPeerException e) {
            throw expectation.fail(Kind.MALFORMED, "got a command frame whose name is malformed", e.getMessage(), e);
        }
        if (!actual.equals(name)) {
            throw expectation.fail(Kind.UNEXPECTED, "got the command " + actual + " (" + summary(frame) + ")");
        }
        return frame;
    }

    /**
     * Reads the frames of one message, up to and including the first with MORE clear. A command frame, first or in the
     * middle, fails with UNEXPECTED: nothing is skipped.
     */
    public List<RawFrame> readMessage() {
        Expectation expectation = expectation("a message (frames up to one without MORE)");
        List<RawFrame> frames = new ArrayList<>();
        RawFrame frame;
        do {
            frame = readFrame(expectation);
            if (frame.isCommand()) {
                throw expectation.fail(
                        Kind.UNEXPECTED,
                        "got a command frame as frame " + frames.size() + " of the message (" + summary(frame) + ")");
            }
            frames.add(frame);
        } while (frame.more());
        return frames;
    }

    /**
     * Reads and discards until the other side closes (EOF) or resets the connection, within the expect timeout.
     *
     * @return the octets that arrived before the close (at most {@link #maxFrameSize()}; more fails with UNEXPECTED)
     */
    public byte[] expectClose() {
        Expectation expectation = expectation("the connection to be closed (EOF or reset)");
        ByteArrayOutputStream before = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (true) {
            int n = expectation.poll(buffer, 0, buffer.length);
            if (n < 0) {
                return before.toByteArray();
            }
            if (n == 0) {
                throw expectation.fail(Kind.TIMEOUT, "the connection stayed open");
            }
            before.write(buffer, 0, n);
            if (before.size() > maxFrameSize) {
                throw expectation.fail(
                        Kind.UNEXPECTED, "more than " + maxFrameSize + " octets arrived before any close");
            }
        }
    }

    /**
     * Requires that no octet arrives for the silence timeout. An octet fails with UNEXPECTED, and so does a close
     * (CLOSED): use {@link #expectSilenceOrClose()} when closing is acceptable.
     */
    public void expectSilence() {
        Expectation expectation = silence();
        if (watchSilence(expectation)) {
            throw expectation.fail(Kind.CLOSED, expectation.endDescription());
        }
    }

    /**
     * Requires that no octet arrives for the silence timeout; the other side closing or resetting is accepted.
     *
     * @return true if the connection was closed or reset, false if it stayed open and silent
     */
    public boolean expectSilenceOrClose() {
        return watchSilence(silence());
    }

    /**
     * Whether the connection is over: this side closed it, or the other side's EOF or reset is visible within a
     * millisecond, possibly behind octets not read yet. It never consumes data: octets it reads to find out are kept
     * for the next read.
     */
    public boolean isClosed() {
        if (socket.isClosed()) {
            return true;
        }
        try {
            return reader.peekEnd(1_000_000);
        } catch (IOException e) {
            return true;
        }
    }

    /** Closes the connection gracefully (FIN). Idempotent. */
    @Override
    public void close() {
        closeQuietly(socket);
    }

    /** Resets the connection (SO_LINGER 0, then close, so the other side sees RST instead of EOF). Idempotent. */
    public void abort() {
        if (socket.isClosed()) {
            return;
        }
        try {
            socket.setSoLinger(true, 0);
        } catch (IOException e) {
            // fall through to close: the best we can do
        }
        closeQuietly(socket);
    }

    @Override
    public String toString() {
        return "RawPeer[" + socket.getLocalSocketAddress() + " -> " + socket.getRemoteSocketAddress() + "]";
    }

    static String endpoint(InetSocketAddress address) {
        String host = address.getAddress().getHostAddress();
        return "tcp://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + address.getPort();
    }

    static int timeoutMillis(Duration duration) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, Expectation.saturatedNanos(duration) / 1_000_000));
    }

    private RawFrame readFrame(Expectation expectation) {
        int flags = expectation.readExactly(1)[0] & 0xff;
        long size = (flags & RawFrame.LONG) != 0
                ? ByteBuffer.wrap(expectation.readExactly(8)).getLong()
                : expectation.readExactly(1)[0] & 0xff;
        if (Long.compareUnsigned(size, maxFrameSize) > 0) {
            throw expectation.fail(
                    Kind.TOO_LARGE,
                    "the size field announces " + Long.toUnsignedString(size) + " octets, above the limit of "
                            + maxFrameSize + " (refused; the body was not read)");
        }
        return new RawFrame(flags, expectation.readExactly((int) size));
    }

    /** Watches for the silence timeout: false if silent, true if closed; throws if octets arrive. */
    private boolean watchSilence(Expectation expectation) {
        byte[] buffer = new byte[HexDump.MAX_SHOWN];
        int n = expectation.poll(buffer, 0, buffer.length);
        if (n == 0) {
            return false;
        }
        if (n < 0) {
            return true;
        }
        int more = Math.min(reader.available(), buffer.length);
        if (more > 0) {
            expectation.poll(buffer, 0, more); // only to show more of what arrived
        }
        throw expectation.fail(Kind.UNEXPECTED, "octets arrived");
    }

    private Expectation silence() {
        ensureOpen("silence");
        return new Expectation(reader, "silence for " + timeouts.silence().toMillis() + " ms", timeouts.silence());
    }

    private Expectation expectation(String what) {
        ensureOpen(what);
        return new Expectation(reader, what + " within " + timeouts.expect().toMillis() + " ms", timeouts.expect());
    }

    private void ensureOpen(String what) {
        if (socket.isClosed()) {
            throw new RawPeerException(Kind.IO, "expected " + what + "; but this raw peer is already closed");
        }
    }

    private RawPeerException stalled(String what, long start, IOException cause) {
        return new RawPeerException(
                Kind.TIMEOUT,
                Expectation.message(
                        what, "the other side did not read them in time", start, "the connection was aborted", null),
                cause);
    }

    private static String summary(RawFrame frame) {
        return String.format("flags %02x, %d octets", frame.flags(), frame.size());
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // already closed or broken: nothing left to release
        }
    }
}
