package dev.zck.engine.interop;

import dev.zck.spi.Message;
import dev.zck.spi.SocketType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;

/**
 * A real libzmq (through pyzmq or zeromq.js) or JeroMQ socket on the other end of a TCP loopback connection,
 * reporting its side of the ZMTP handshake: the engine's interop tests start one, point the engine at it (or it at the
 * engine) and wait for its verdict.
 *
 * <pre>{@code
 * try (HandshakePeer peer = HandshakePeers.pyzmq().start(SocketType.REP, Role.BIND, "tcp://127.0.0.1:0")) {
 *     // connect the engine's REQ to peer.endpoint() ...
 *     assertThat(peer.awaitEvent(Kind.HANDSHAKE_SUCCEEDED, timeouts.expect())).isPresent();
 * }
 * }</pre>
 *
 * <p>What each library reports for an incompatible socket type (checked by {@code HandshakePeersTest}):
 *
 * <ul>
 *   <li>libzmq 4.3.4 and 4.3.5 (through zeromq.js alike) emit no HANDSHAKE_FAILED event for the mismatch they
 *       detect themselves ({@code mechanism_t::parse_metadata} fails with EINVAL, which the engine treats as an
 *       already-signalled protocol error): only {@link PeerEvent.Kind#DISCONNECTED}. If the peer hangs up before
 *       libzmq has read the peer's READY, {@code ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL} (errno EPIPE or ECONNRESET)
 *       precedes the DISCONNECTED. A connecting libzmq socket does not reconnect after the mismatch.
 *   <li>JeroMQ 0.6.0 emits no HANDSHAKE_FAILED event for a mismatch either: its JeroMQ-only {@code
 *       ZMQ_EVENT_HANDSHAKE_PROTOCOL} (greeting done, reported as {@link PeerEvent.Kind#OTHER}) then
 *       DISCONNECTED, and no reconnection. It never emits {@code ZMQ_EVENT_HANDSHAKE_SUCCEEDED} at all (the
 *       constant exists, nothing raises it), so {@link JeromqHandshakePeer} synthesizes HANDSHAKE_SUCCEEDED from
 *       the connection's state; see there.
 * </ul>
 *
 * <p>So "refused" is {@link PeerEvent#REFUSED} (HANDSHAKE_FAILED or DISCONNECTED) with no HANDSHAKE_SUCCEEDED.
 *
 * <p>Implementations are thread-safe; events are collected on a harness thread from the moment the socket exists.
 */
public interface HandshakePeer extends AutoCloseable {

    /** The peer's socket type. */
    SocketType type();

    /** Whether the peer bound or connected. */
    Role role();

    /** The endpoint actually bound (the real port when binding port 0), or the endpoint connected to. */
    String endpoint();

    /** The events reported so far, oldest first. */
    List<PeerEvent> events();

    /**
     * The first event, past or future, that matches; empty if none arrives within {@code timeout}.
     *
     * @throws PeerException if the peer died and no matching event had arrived
     */
    Optional<PeerEvent> awaitEvent(Predicate<PeerEvent> condition, Duration timeout);

    /** The first event of the given kind, past or future; empty if none arrives within {@code timeout}. */
    default Optional<PeerEvent> awaitEvent(PeerEvent.Kind kind, Duration timeout) {
        return awaitEvent(PeerEvent.is(kind), timeout);
    }

    /**
     * Sends one message, a frame per argument, waiting up to the kit's expect timeout for the socket to take it. A
     * SERVER peer replies to the client it last received from.
     *
     * @throws UnsupportedOperationException for types that cannot send without more set-up (SUB, PULL, GATHER,
     *     DISH; RADIO needs a group and PEER a routing id, see {@link #send(Message)}) and multipart messages on
     *     single-part types
     * @throws PeerException if the library refused or timed out
     */
    default void send(byte[]... frames) {
        if (frames.length == 0) {
            throw new IllegalArgumentException("a message has at least one frame");
        }
        send(Message.of(frames));
    }

    /**
     * Sends one message as {@link #send(byte[]...)} does, with its addressing: a RADIO peer sends it in its {@link
     * Message#group() group}, a SERVER or PEER peer to its {@link Message#routingId() routing id} (a SERVER without
     * one replies to the client it last received from).
     *
     * @throws UnsupportedOperationException as {@link #send(byte[]...)}, and for a RADIO message without a group or
     *     a PEER message without a routing id
     * @throws IllegalArgumentException for a group on a type other than RADIO, or a routing id on a type other than
     *     SERVER and PEER
     * @throws PeerException if the library refused or timed out
     */
    void send(Message message);

    /**
     * Sends the messages in order, as {@link #send(Message)} does each; as one request to the library where its
     * driver can take them so, which makes a burst of messages cheap to send.
     */
    default void sendAll(List<Message> messages) {
        messages.forEach(this::send);
    }

    /**
     * The next {@code count} messages as {@link #receiveMessage} receives them (no properties), waiting up to {@code
     * timeout} for each: fewer only if {@code timeout} passes with none arriving. One request to the library where
     * its driver can take it so.
     *
     * @throws UnsupportedOperationException as {@link #receive}
     */
    default List<ReceivedMessage> receiveMessages(int count, Duration timeout) {
        List<ReceivedMessage> received = new ArrayList<>();
        while (received.size() < count) {
            Optional<ReceivedMessage> next = receiveMessage(timeout, List.of());
            if (next.isEmpty()) {
                break;
            }
            received.add(next.get());
        }
        return received;
    }

    /**
     * The routing id that addresses the remote side from a connecting PEER peer: what the library's {@code
     * connectPeer} returned. Empty for other types and roles.
     */
    default OptionalInt connectRoutingId() {
        return OptionalInt.empty();
    }

    /**
     * The next message, its frames in order (a ROUTER's starts with the routing id); empty if none arrives within
     * {@code timeout}. A SUB peer is subscribed to everything unless {@link PeerSetup#subscriptions()} said
     * otherwise; a DISH peer receives the groups {@link PeerSetup#groups()} joined.
     *
     * @throws UnsupportedOperationException for types that cannot receive (PUB, PUSH, SCATTER, RADIO)
     */
    default Optional<List<byte[]>> receive(Duration timeout) {
        return receiveMessage(timeout, List.of()).map(ReceivedMessage::frames);
    }

    /**
     * As {@link #receive}, also reading the named connection properties the library attached to the message (taken
     * from its last frame): what it read from the sender's READY, e.g. {@code Socket-Type}, {@code Identity}, {@code
     * X-...}. Names the library has no value for are left out; both libraries match names case-sensitively.
     *
     * <p>The message also carries its addressing: the sender's routing id for SERVER and PEER peers, the group for
     * DISH peers.
     *
     * @throws UnsupportedOperationException as {@link #receive}
     */
    Optional<ReceivedMessage> receiveMessage(Duration timeout, Collection<String> properties);

    /** Closes the socket with LINGER 0 and frees everything; never hangs, kills the peer's process tree if needed. */
    @Override
    void close();
}
