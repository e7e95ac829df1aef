package dev.zck.engine.rawpeer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;

/**
 * Deadline-bounded reads from a blocking socket. Each read sets SO_TIMEOUT to what is left of the caller's deadline,
 * so nothing ever blocks past it. It remembers how the stream ended (EOF or reset) and can look past waiting octets for
 * the end of the stream without consuming them, which {@link RawPeer#isClosed()} needs.
 */
final class WireReader {

    /** How the incoming stream has ended, if it has. */
    enum End {
        NONE,
        EOF,
        RESET
    }

    /** The most octets {@link #peekEnd} holds back while looking for the end of the stream. */
    static final int PEEK_LIMIT = 1 << 20;

    private final Socket socket;
    private final InputStream in;
    private byte[] pushedBack = new byte[0];
    private int pushedBackOffset;
    private End end = End.NONE;
    private String resetDetail = "";

    WireReader(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
    }

    /**
     * Reads at least one and at most {@code length} octets, waiting no later than {@code deadlineNanos}.
     *
     * @return the number of octets read; 0 if the deadline passed first; -1 once the stream has ended (see
     *     {@link #end()})
     * @throws IOException only when this side's socket is closed (locally, or by the send watchdog)
     */
    int read(byte[] buffer, int offset, int length, long deadlineNanos) throws IOException {
        if (length == 0) {
            return 0;
        }
        if (pushedBackOffset < pushedBack.length) {
            int n = Math.min(length, pushedBack.length - pushedBackOffset);
            System.arraycopy(pushedBack, pushedBackOffset, buffer, offset, n);
            pushedBackOffset += n;
            return n;
        }
        return readSocket(buffer, offset, length, deadlineNanos);
    }

    /**
     * Whether the stream has ended, looking past octets that are already waiting: they (and any arriving within
     * {@code waitNanos}, up to {@value #PEEK_LIMIT} octets) are read and kept for the next {@link #read}.
     */
    boolean peekEnd(long waitNanos) throws IOException {
        if (end != End.NONE) {
            return true;
        }
        ByteArrayOutputStream held = new ByteArrayOutputStream();
        held.write(pushedBack, pushedBackOffset, pushedBack.length - pushedBackOffset);
        long deadline = System.nanoTime() + waitNanos;
        byte[] buffer = new byte[8192];
        try {
            while (held.size() < PEEK_LIMIT) {
                int n = readSocket(buffer, 0, buffer.length, deadline);
                if (n <= 0) {
                    break;
                }
                held.write(buffer, 0, n);
            }
        } finally {
            pushedBack = held.toByteArray();
            pushedBackOffset = 0;
        }
        return end != End.NONE;
    }

    private int readSocket(byte[] buffer, int offset, int length, long deadlineNanos) throws IOException {
        if (end != End.NONE) {
            return -1;
        }
        while (true) {
            long remaining = deadlineNanos - System.nanoTime();
            if (remaining <= 0) {
                return 0;
            }
            socket.setSoTimeout(timeoutMillis(remaining));
            try {
                int n = in.read(buffer, offset, length);
                if (n < 0) {
                    end = End.EOF;
                }
                return n;
            } catch (SocketTimeoutException e) {
                // loop: the deadline check above decides
            } catch (SocketException e) {
                if (socket.isClosed()) {
                    throw e;
                }
                end = End.RESET;
                resetDetail = String.valueOf(e.getMessage());
                return -1;
            }
        }
    }

    /** Octets that can be read at once without blocking, as far as the JDK can tell. */
    int available() {
        if (pushedBackOffset < pushedBack.length) {
            return pushedBack.length - pushedBackOffset;
        }
        try {
            return end == End.NONE ? in.available() : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    End end() {
        return end;
    }

    /** A phrase for failure messages, e.g. "the connection was closed (EOF)". */
    String endDescription() {
        return switch (end) {
            case EOF -> "the connection was closed (EOF)";
            case RESET -> "the connection was reset (" + resetDetail + ")";
            case NONE -> "the connection is open";
        };
    }

    private static int timeoutMillis(long remainingNanos) {
        long millis = (remainingNanos + 999_999) / 1_000_000;
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, millis));
    }
}
