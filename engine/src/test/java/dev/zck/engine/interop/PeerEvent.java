package dev.zck.engine.interop;

import java.util.Objects;
import java.util.function.Predicate;

/**
 * One thing a {@link HandshakePeer}'s socket reported about its connections, normalised across libzmq and JeroMQ so
 * that interop tests can wait for the same kinds whichever library is on the other side.
 *
 * @param kind what happened
 * @param detail the library's own account: its event name and value, e.g. {@code ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL
 *     value=0x10000001 ZMQ_PROTOCOL_ERROR_ZMTP_UNEXPECTED_COMMAND}; synthesized events say so
 * @param endpoint the endpoint the library names for the event (may be empty)
 */
public record PeerEvent(Kind kind, String detail, String endpoint) {

    /** A handshake attempt that ended without success: a handshake failure or a disconnection. */
    public static final Predicate<PeerEvent> REFUSED =
            event -> event.kind() == Kind.HANDSHAKE_FAILED || event.kind() == Kind.DISCONNECTED;

    public PeerEvent {
        Objects.requireNonNull(kind, "kind");
        detail = detail == null ? "" : detail;
        endpoint = endpoint == null ? "" : endpoint;
    }

    /** Matches events of the given kind. */
    public static Predicate<PeerEvent> is(Kind kind) {
        return event -> event.kind() == kind;
    }

    /** The normalised event kinds, named after libzmq's monitor events. */
    public enum Kind {
        /** A bind succeeded (ZMQ_EVENT_LISTENING). */
        LISTENING,
        /** A bound socket accepted a TCP connection (ZMQ_EVENT_ACCEPTED). */
        ACCEPTED,
        /** An outgoing TCP connection was established (ZMQ_EVENT_CONNECTED). */
        CONNECTED,
        /** A non-blocking connect is in progress (ZMQ_EVENT_CONNECT_DELAYED). */
        CONNECT_DELAYED,
        /** A connect attempt failed and will be retried (ZMQ_EVENT_CONNECT_RETRIED). */
        CONNECT_RETRIED,
        /** The ZMTP handshake completed (ZMQ_EVENT_HANDSHAKE_SUCCEEDED; synthesized for JeroMQ). */
        HANDSHAKE_SUCCEEDED,
        /** The handshake failed (ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL, _PROTOCOL or _AUTH). */
        HANDSHAKE_FAILED,
        /** A connection was closed or lost, during or after the handshake (ZMQ_EVENT_DISCONNECTED). */
        DISCONNECTED,
        /** A listener or connecter was closed (ZMQ_EVENT_CLOSED). */
        CLOSED,
        /** Anything else the library reports (bind/accept/close failures, monitor stopped, JeroMQ's greeting event). */
        OTHER
    }
}
