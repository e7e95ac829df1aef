package dev.zck.engine.socket.internal;

import dev.zck.engine.PeerInfo;
import dev.zck.engine.ZmtpCommand;
import dev.zck.engine.ZmtpMessage;
import dev.zck.engine.ZmtpSubscription;

/**
 * One peer as a socket sees it: a queue of whole messages each way with its high-water marks, whatever carries them
 * (a ZMTP connection, or an in-memory pipe to another socket for inproc). All methods run on the owning socket's
 * event loop. Socket types route over pipes and never see channels.
 */
public abstract class Pipe {
    protected final SocketCore socket;
    private PeerInfo peer;
    private byte[] routingId = new byte[0];
    private int intRoutingId;
    /** Per-type bookkeeping (e.g. REQ's expected reply, a DISH's groups). */
    public Object data;

    protected Pipe(SocketCore socket) {
        this.socket = socket;
    }

    /** True when {@link #write} would take one more message now (the send high-water mark is not reached). */
    public abstract boolean canWrite();

    /** Queues a message for the peer; false, and nothing queued, when the pipe is full. */
    public abstract boolean write(ZmtpMessage message);

    /** Pushes written messages towards the peer. */
    public abstract void flush();

    /** The next whole message from the peer, or null. */
    public abstract ZmtpMessage read();

    /** True when {@link #read} would return a message. */
    public abstract boolean hasMessage();

    /** Reads and drops every message waiting from the peer, so that reading never stalls on a full queue. */
    public void discardInbound() {
        while (read() != null) {
            // dropped
        }
    }

    /** Sends a subscription change in the form the peer speaks. */
    public abstract void subscribe(ZmtpSubscription subscription);

    /** Sends JOIN or LEAVE (RADIO/DISH). */
    public abstract void command(ZmtpCommand command);

    /** Closes the pipe now: queued messages are dropped and the peer's connection closed. */
    public abstract void terminate();

    /** Whether a handshaken peer is on the other end now (a connecting pipe may wait for one). */
    public abstract boolean connected();

    /** The peer's handshake facts, once known. */
    public PeerInfo peer() {
        return peer;
    }

    protected void peer(PeerInfo value) {
        this.peer = value;
    }

    /** The routing id a ROUTER, SERVER or PEER knows this pipe by. */
    public byte[] routingId() {
        return routingId;
    }

    public void routingId(byte[] value) {
        this.routingId = value;
    }

    /** The numeric routing id of SERVER and PEER (never 0). */
    public int intRoutingId() {
        return intRoutingId;
    }

    public void intRoutingId(int value) {
        this.intRoutingId = value;
    }
}
