package dev.zck.engine.socket.internal;

import dev.zck.engine.transport.Endpoint;
import dev.zck.spi.SocketEvent;

/**
 * A connection to an inproc name. Without IMMEDIATE the pipe exists at once and queues messages until the name is
 * bound; with IMMEDIATE it appears only then. Incompatible socket types are refused as a handshake failure.
 */
final class InprocConnection implements Endpoints.Connection {
    private final SocketCore socket;
    private final Endpoint endpoint;
    private InprocPipe pipe;
    private boolean closed;

    InprocConnection(SocketCore socket, Endpoint endpoint) {
        this.socket = socket;
        this.endpoint = endpoint;
    }

    void start() {
        if (!socket.options().immediate) {
            pipe = InprocPipe.connecting(socket);
            socket.attachPipe(pipe);
        }
        SocketCore peer = socket.runtime().inproc().connectOrWait(endpoint.address(), this);
        if (peer != null) {
            link(peer);
        }
    }

    /** The name was bound by {@code peer} after this connection started waiting (called on the binder's loop). */
    void peerBound(SocketCore peer) {
        socket.loop().execute(() -> link(peer));
    }

    private void link(SocketCore peer) {
        if (closed) {
            return;
        }
        String name = endpoint.toString();
        if (!socket.type().isCompatibleWith(peer.type())) {
            String reason = "inproc peer " + peer.type() + " cannot talk to " + socket.type();
            socket.event(SocketEvent.Kind.HANDSHAKE_FAILED, name, reason);
            peer.loop().execute(() -> peer.event(SocketEvent.Kind.HANDSHAKE_FAILED, name, reason));
            return;
        }
        boolean fresh = pipe == null;
        if (fresh) {
            pipe = InprocPipe.connecting(socket);
        }
        InprocPipe bound = pipe.join(peer);
        // The bound side learns of the pipe first, so that what this side sends on attach (subscriptions) finds it.
        peer.loop().execute(() -> {
            peer.event(SocketEvent.Kind.ACCEPTED, name, "");
            peer.event(SocketEvent.Kind.HANDSHAKE_SUCCEEDED, name, "");
            peer.attachPipe(bound);
        });
        socket.event(SocketEvent.Kind.CONNECTED, name, "");
        socket.event(SocketEvent.Kind.HANDSHAKE_SUCCEEDED, name, "");
        if (fresh) {
            socket.attachPipe(pipe);
        } else {
            socket.reconnected(pipe);
        }
    }

    @Override
    public void stopReconnecting() {}

    @Override
    public void close() {
        closed = true;
        socket.runtime().inproc().forget(endpoint.address(), this);
        InprocPipe gone = pipe;
        pipe = null;
        if (gone != null) {
            gone.terminate();
            socket.detachPipe(gone);
        }
    }
}
