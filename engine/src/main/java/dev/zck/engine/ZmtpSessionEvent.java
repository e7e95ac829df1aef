package dev.zck.engine;

import java.util.Optional;

/**
 * What a session reports to the handlers after it in the pipeline, as user events: exactly one of
 * {@link HandshakeSucceeded} or {@link HandshakeFailed} per connection, then exactly one {@link Closed}.
 */
public sealed interface ZmtpSessionEvent {

    /** The greeting and the mechanism's handshake are done; messages may flow. */
    record HandshakeSucceeded(PeerInfo peer) implements ZmtpSessionEvent {}

    /**
     * The handshake did not complete and the connection is being closed: for {@code reason} when this side refused
     * the peer, with no reason when the peer closed first.
     */
    record HandshakeFailed(Optional<ProtocolViolation> reason) implements ZmtpSessionEvent {}

    /**
     * The connection is closed. The reason is present when this side closed it because of the peer (a protocol
     * violation, a timeout); empty when the peer or the application closed it.
     */
    record Closed(Optional<ProtocolViolation> reason) implements ZmtpSessionEvent {}
}
