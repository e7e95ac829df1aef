package dev.zck.simulator.internal;

/**
 * One simulated TCP connection: its two ends and a {@link Flow} each way. A graceful close of one end sends a FIN
 * after the bytes already in its send buffer; a reset closes both ends at once, and whatever was buffered is lost.
 */
final class Connection {
    private final Network network;
    final SimChannel client;
    final SimChannel server;
    private final Flow up;
    private final Flow down;
    private boolean clientClosed;
    private boolean serverClosed;
    private boolean reset;

    Connection(Network network, SimChannel client, SimChannel server) {
        this.network = network;
        this.client = client;
        this.server = server;
        this.up = new Flow(network, this, client, server);
        this.down = new Flow(network, this, server, client);
    }

    /** The bytes {@code end} writes. */
    Flow outbound(SimChannel end) {
        return end == client ? up : down;
    }

    /** The bytes {@code end} reads. */
    Flow inbound(SimChannel end) {
        return end == client ? down : up;
    }

    Flow reverse(Flow flow) {
        return flow == up ? down : up;
    }

    Flow up() {
        return up;
    }

    Flow down() {
        return down;
    }

    boolean touches(String host) {
        return client.host().equals(host) || server.host().equals(host);
    }

    boolean joins(String a, String b) {
        return (client.host().equals(a) && server.host().equals(b))
                || (client.host().equals(b) && server.host().equals(a));
    }

    /** {@code end}'s channel closed: its FIN follows its unsent bytes, and what arrives for it is discarded. */
    void closed(SimChannel end) {
        outbound(end).writerClosed();
        inbound(end).readerClosed();
        if (end == client) {
            clientClosed = true;
        } else {
            serverClosed = true;
        }
        if (clientClosed && serverClosed) {
            network.forget(this);
        }
    }

    /** ECONNRESET on both ends now; nothing buffered survives. */
    void reset() {
        if (reset) {
            return;
        }
        reset = true;
        up.kill();
        down.kill();
        network.forget(this);
        client.reset();
        server.reset();
    }
}
