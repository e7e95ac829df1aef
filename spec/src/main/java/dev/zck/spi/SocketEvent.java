package dev.zck.spi;

import java.util.Objects;

/**
 * Something that happened to a socket's connections, as far as the implementation can report it (libzmq's
 * {@code zmq_socket_monitor} events, JeroMQ's monitor, or the engine's own). Which kinds an implementation reports
 * is declared in {@link Capabilities#events()}; rules that watch an undeclared kind are UNSUPPORTED.
 *
 * @param kind what happened
 * @param endpoint the endpoint concerned, as the implementation names it (may be empty when unknown)
 * @param detail free text from the implementation, e.g. a handshake failure reason (may be empty)
 */
public record SocketEvent(Kind kind, String endpoint, String detail) {

    public SocketEvent {
        Objects.requireNonNull(kind, "kind");
        endpoint = endpoint == null ? "" : endpoint;
        detail = detail == null ? "" : detail;
    }

    /** The closed set of events, named after libzmq's monitor events. */
    public enum Kind {
        /** A bind succeeded and the socket listens (ZMQ_EVENT_LISTENING). */
        LISTENING,
        /** A bound socket accepted a connection (ZMQ_EVENT_ACCEPTED). */
        ACCEPTED,
        /** An outgoing connection was established (ZMQ_EVENT_CONNECTED). */
        CONNECTED,
        /** A connect attempt failed and will be retried (ZMQ_EVENT_CONNECT_RETRIED). */
        CONNECT_RETRIED,
        /** The ZMTP handshake completed (ZMQ_EVENT_HANDSHAKE_SUCCEEDED). */
        HANDSHAKE_SUCCEEDED,
        /** The ZMTP handshake failed: protocol error, incompatible type, authentication (ZMQ_EVENT_HANDSHAKE_FAILED_*). */
        HANDSHAKE_FAILED,
        /** An established connection was lost or closed (ZMQ_EVENT_DISCONNECTED). */
        DISCONNECTED,
        /** The socket was closed (ZMQ_EVENT_CLOSED). */
        CLOSED
    }
}
