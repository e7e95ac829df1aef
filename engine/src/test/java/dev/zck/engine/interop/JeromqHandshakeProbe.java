package dev.zck.engine.interop;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import zmq.SocketBase;
import zmq.io.Metadata;
import zmq.io.StreamEngine;

/**
 * Synthesizes HANDSHAKE_SUCCEEDED for JeroMQ 0.6.0, which defines {@code ZMQ_EVENT_HANDSHAKE_SUCCEEDED} but never
 * emits it: its only handshake event, {@code ZMQ_EVENT_HANDSHAKE_PROTOCOL}, fires after the greeting, before READY
 * is exchanged and the peer's socket type checked. The probe reports each engine whose READY metadata has appeared
 * ({@link JeromqInternals#metadata}), once, with the peer's Socket-Type and all the metadata. JeroMQ fills the
 * metadata map in just after setting the field, so an engine is reported only once its metadata holds every
 * property the peer's READY carried ({@link JeromqInternals#peerProperties}); until then it is looked at again on
 * the next poll.
 *
 * <p>While it looks, it also unsticks engines caught by JeroMQ's connect hand-off race ({@link
 * JeromqInternals#registerIfStuck}).
 */
final class JeromqHandshakeProbe {
    private final Set<StreamEngine> reported = Collections.newSetFromMap(new WeakHashMap<>());

    /** New HANDSHAKE_SUCCEEDED events since the last call; call on the socket's owner thread. */
    List<PeerEvent> poll(SocketBase socket) {
        List<PeerEvent> events = new ArrayList<>();
        for (StreamEngine engine : JeromqInternals.engines(socket)) {
            if (reported.contains(engine)) {
                continue;
            }
            Metadata metadata = JeromqInternals.metadata(engine);
            if (metadata == null) {
                JeromqInternals.registerIfStuck(engine);
                continue;
            }
            if (!metadata.keySet()
                    .containsAll(JeromqInternals.peerProperties(engine).keySet())) {
                continue; // being filled in right now; look again next time
            }
            String socketType = metadata.get(Metadata.SOCKET_TYPE);
            reported.add(engine);
            events.add(new PeerEvent(
                    PeerEvent.Kind.HANDSHAKE_SUCCEEDED,
                    "synthesized (JeroMQ 0.6.0 emits no ZMQ_EVENT_HANDSHAKE_SUCCEEDED): peer Socket-Type=" + socketType
                            + ", " + metadata,
                    JeromqInternals.endpoint(engine)));
        }
        return events;
    }
}
