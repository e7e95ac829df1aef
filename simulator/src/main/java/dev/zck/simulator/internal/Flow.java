package dev.zck.simulator.internal;

import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;

/**
 * One direction of a simulated TCP connection, as the two kernels would carry it: the writer's send buffer, the wire,
 * the reader's receive buffer. Bytes leave the send buffer one segment at a time at the link's bandwidth, while the
 * receive window allows (the window is the receive buffer less what is on the wire or unread, and it reopens one
 * latency after the reader takes bytes, as a window update would), and each segment arrives one latency after it has
 * left, never before an earlier one. So a reader that stops reading fills its receive buffer, then the window closes,
 * then the writer's send buffer fills and its channel stops taking bytes: TCP backpressure.
 *
 * <p>Faults act here: a partition holds what arrives (and delivers it in order one latency after the heal), a silent
 * drop loses every segment for good, a stall stops the reader taking bytes, reslicing cuts segments at random sizes, a
 * delay adds to the latency. Bytes are kept as arrays: nothing here holds a Netty buffer, so nothing can leak.
 */
final class Flow {
    /** The FIN: a segment of no bytes, which only a close sends. */
    static final byte[] FIN = new byte[0];

    private final Network network;
    private final Connection connection;
    private final SimChannel writer;
    private final SimChannel reader;
    private final String from;
    private final String to;

    private final ArrayDeque<byte[]> sendBuffer = new ArrayDeque<>();
    /** Bytes of the first chunk of the send buffer already on the wire. */
    private int sendOffset;

    private int sendBuffered;
    /** The receive window as the writer knows it: bytes it may put on the wire. */
    private long credit;

    private long wireFreeAt;
    private long lastArrival;
    private boolean transmitScheduled;
    private boolean finQueued;
    private boolean finSent;

    private final ArrayDeque<byte[]> held = new ArrayDeque<>();
    private boolean releaseScheduled;
    private final ArrayDeque<byte[]> received = new ArrayDeque<>();

    private boolean readerGone;
    private boolean dropped;
    private boolean dead;

    Flow(Network network, Connection connection, SimChannel writer, SimChannel reader) {
        this.network = network;
        this.connection = connection;
        this.writer = writer;
        this.reader = reader;
        this.from = writer.host();
        this.to = reader.host();
        this.credit = network.config().receiveBuffer();
    }

    String from() {
        return from;
    }

    String to() {
        return to;
    }

    // ------------------------------------------------------------------ writer side

    /**
     * Copies up to {@code max} readable bytes of {@code buf} into the send buffer, as much as it has room for.
     *
     * @return the bytes taken; 0 when the send buffer is full
     */
    int offer(ByteBuf buf, int max) {
        if (dead || finQueued) {
            return max;
        }
        int n = Math.min(max, network.config().sendBuffer() - sendBuffered);
        if (n > 0) {
            byte[] chunk = new byte[n];
            buf.getBytes(buf.readerIndex(), chunk);
            sendBuffer.add(chunk);
            sendBuffered += n;
            scheduleTransmit();
        }
        return n;
    }

    /** The writer closed: a FIN follows the bytes still in the send buffer. */
    void writerClosed() {
        finQueued = true;
        scheduleTransmit();
    }

    /**
     * Puts the next segment on the wire once the wire is free: the kernel sends after the write call returns, so a
     * burst of writes leaves as full segments.
     */
    private void scheduleTransmit() {
        if (!transmitScheduled && !dead) {
            transmitScheduled = true;
            network.loop().executeAt(wireFreeAt, this::transmit);
        }
    }

    private void transmit() {
        transmitScheduled = false;
        if (dead) {
            return;
        }
        long now = network.loop().nowNanos();
        if (wireFreeAt > now) {
            scheduleTransmit();
            return;
        }
        if (sendBuffered > 0 && credit > 0) {
            int n = (int) Math.min(Math.min(network.segmentSize(from, to), credit), sendBuffered);
            byte[] segment = take(n);
            credit -= n;
            wireFreeAt = now + network.transmitNanos(from, to, n);
            ship(segment, wireFreeAt);
            writer.sendRoomFreed();
            scheduleTransmit();
        } else if (sendBuffered == 0 && finQueued && !finSent) {
            finSent = true;
            ship(FIN, now);
        }
    }

    private byte[] take(int n) {
        byte[] segment = new byte[n];
        int filled = 0;
        while (filled < n) {
            byte[] head = sendBuffer.peek();
            int k = Math.min(n - filled, head.length - sendOffset);
            System.arraycopy(head, sendOffset, segment, filled, k);
            filled += k;
            sendOffset += k;
            if (sendOffset == head.length) {
                sendBuffer.poll();
                sendOffset = 0;
            }
        }
        sendBuffered -= n;
        return segment;
    }

    /** The segment's last byte leaves at {@code leftAt}; it arrives one latency later, never before an earlier one. */
    private void ship(byte[] segment, long leftAt) {
        long arrival = Math.max(leftAt + network.latencyNanos(from, to), lastArrival);
        lastArrival = arrival;
        network.loop().executeAt(arrival, () -> arrive(segment));
    }

    /** A window update reached the writer. */
    private void credit(int bytes) {
        if (!dead) {
            credit += bytes;
            scheduleTransmit();
        }
    }

    // ------------------------------------------------------------------ the wire

    private void arrive(byte[] segment) {
        if (dead || dropped) {
            return;
        }
        if (!held.isEmpty() || network.faults(from, to).partitioned) {
            held.add(segment);
            return;
        }
        accept(segment);
    }

    private void accept(byte[] segment) {
        if (readerGone) {
            return;
        }
        received.add(segment);
        if (segment.length > 0) {
            network.delivered(writer.local(), reader.local(), segment);
        }
        reader.inboundArrived();
    }

    /** The link's faults were healed: held segments arrive one latency later, a stalled reader reads again. */
    void healed() {
        if (!held.isEmpty() && !releaseScheduled) {
            releaseScheduled = true;
            network.loop().executeAt(network.loop().nowNanos() + network.latencyNanos(from, to), this::releaseHeld);
        }
        reader.inboundArrived();
    }

    private void releaseHeld() {
        releaseScheduled = false;
        if (dead || dropped || network.faults(from, to).partitioned) {
            return;
        }
        while (!held.isEmpty()) {
            accept(held.poll());
        }
    }

    /** Half-open for good: every segment from now on, and every one held, is lost, and no end is told. */
    void drop() {
        dropped = true;
        held.clear();
    }

    boolean dropped() {
        return dropped;
    }

    /** Reset: nothing more moves. */
    void kill() {
        dead = true;
        sendBuffer.clear();
        sendBuffered = 0;
        held.clear();
        received.clear();
    }

    // ------------------------------------------------------------------ reader side

    /** Whether the reader could take a segment now (a stalled reader cannot). */
    boolean readable() {
        return !received.isEmpty() && !network.faults(from, to).stalled;
    }

    /** The next segment for the reader ({@link #FIN} at the end of the stream), or null. */
    byte[] poll() {
        return readable() ? received.poll() : null;
    }

    /** The reader took {@code bytes}: the window reopens when the update reaches the writer. */
    void consumed(int bytes) {
        if (bytes > 0 && !connection.reverse(this).dropped()) {
            network.control(to, from, () -> credit(bytes));
        }
    }

    /** The reader closed: what arrives from now on is discarded. */
    void readerClosed() {
        readerGone = true;
        received.clear();
        held.clear();
    }
}
