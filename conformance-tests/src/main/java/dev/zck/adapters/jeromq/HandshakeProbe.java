package dev.zck.adapters.jeromq;

import dev.zck.spi.SocketEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.WeakHashMap;
import zmq.SocketBase;
import zmq.io.Metadata;
import zmq.io.SessionBase;
import zmq.io.StreamEngine;
import zmq.pipe.Pipe;

/**
 * Synthesizes {@link SocketEvent.Kind#HANDSHAKE_SUCCEEDED} for JeroMQ 0.6.0, which defines {@code
 * ZMQ_EVENT_HANDSHAKE_SUCCEEDED} but never emits it (its only handshake event, {@code ZMQ_EVENT_HANDSHAKE_PROTOCOL},
 * fires after the greeting, before READY is exchanged and the socket types checked).
 *
 * <p>Each poll walks the socket's pipes: over TCP a connection is reported once its engine's READY metadata has
 * appeared ({@link JeromqInternals#metadata}), which happens only after the peer's READY was accepted; over inproc,
 * where JeroMQ (like libzmq) has no handshake and reports no events at all, a pipe is reported once its other end is
 * attached to the peer socket, which is when the reference engine reports its inproc handshake. Each engine and
 * each inproc pipe is reported once; a reconnection has a new engine and is reported again.
 *
 * <p>While it looks, it also re-registers engines caught by JeroMQ's connect hand-off race ({@link
 * JeromqInternals#registerIfStuck}), when that work-around is on.
 *
 * <p>Limits: a connection that completes its handshake and is lost again between two polls is not reported; a ZMTP
 * 1.0/2.0 peer (no READY) is never reported. Call {@link #poll} on the thread that owns the socket.
 */
final class HandshakeProbe {
    private final boolean unstick;
    private final Set<Object> reported = Collections.newSetFromMap(new WeakHashMap<>());

    /** @param unstick whether to apply the zeromq/jeromq#1022 work-around to the engines it sees */
    HandshakeProbe(boolean unstick) {
        this.unstick = unstick;
    }

    /** New HANDSHAKE_SUCCEEDED events since the last call. */
    List<SocketEvent> poll(SocketBase socket) {
        List<SocketEvent> events = new ArrayList<>();
        for (Pipe pipe : JeromqInternals.pipes(socket)) {
            Object otherEnd = JeromqInternals.otherEnd(pipe);
            if (otherEnd instanceof SessionBase session) {
                if (JeromqInternals.engine(session) instanceof StreamEngine engine && !reported.contains(engine)) {
                    check(engine).ifPresent(events::add);
                }
            } else if (otherEnd instanceof SocketBase peer && peer != socket && reported.add(pipe)) {
                events.add(new SocketEvent(
                        SocketEvent.Kind.HANDSHAKE_SUCCEEDED,
                        "",
                        "synthesized: inproc pipe attached to the peer socket (JeroMQ reports no inproc events)"));
            }
        }
        return events;
    }

    private Optional<SocketEvent> check(StreamEngine engine) {
        Metadata metadata = JeromqInternals.metadata(engine);
        if (metadata == null) {
            if (unstick) {
                JeromqInternals.registerIfStuck(engine);
            }
            return Optional.empty();
        }
        reported.add(engine);
        return Optional.of(new SocketEvent(
                SocketEvent.Kind.HANDSHAKE_SUCCEEDED,
                JeromqInternals.endpoint(engine),
                "synthesized from the engine's READY metadata (JeroMQ 0.6.0 emits no ZMQ_EVENT_HANDSHAKE_SUCCEEDED):"
                        + " peer Socket-Type=" + metadata.get(Metadata.SOCKET_TYPE)));
    }
}
