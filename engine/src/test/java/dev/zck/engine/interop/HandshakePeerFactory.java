package dev.zck.engine.interop;

import dev.zck.spi.SocketType;
import java.util.Optional;
import java.util.Set;

/** Starts {@link HandshakePeer}s of one library; obtained from {@link HandshakePeers}. */
public interface HandshakePeerFactory {

    /** A short name that identifies the library's harness: {@code pyzmq}, {@code zeromqjs}, {@code jeromq}. */
    String name();

    /** What test display names call the library: {@code libzmq} (through pyzmq), {@code zeromq.js}, {@code JeroMQ}. */
    String label();

    /** The library and its version, e.g. {@code libzmq 4.3.4 (pyzmq 24.0.1, /usr/bin/python3)}. */
    String description();

    /** Why the library cannot be used here, with what to install; empty when it can. */
    Optional<String> unavailableReason();

    /** True when peers can be started here. */
    default boolean available() {
        return unavailableReason().isEmpty();
    }

    /** Fails with the reason and the fix when the library is missing; interop tests call this rather than skip. */
    default void requireAvailable() {
        unavailableReason().ifPresent(reason -> {
            throw new PeerException(reason);
        });
    }

    /** True when this library, as installed here, can create sockets of this type. */
    boolean supports(SocketType type);

    /**
     * The socket types the interop tests run against this library: those it has as {@code .ci/install} installs it,
     * known without asking it, so that where the library is missing its cases still run and fail with {@link
     * #requireAvailable()}'s reason instead of disappearing.
     */
    Set<SocketType> testedTypes();

    /**
     * Whether its peers can read the connection properties attached to a received message ({@link
     * HandshakePeer#receiveMessage}); where they cannot, asking for any is refused up front.
     */
    default boolean readsMessageProperties() {
        return true;
    }

    /**
     * Starts a peer that binds or connects {@code endpoint}, which must be {@code tcp://127.0.0.1:PORT} (PORT 0 or
     * {@code *} to bind an ephemeral port). Returns once the bind or connect call has been made.
     *
     * @throws PeerException if the library is unavailable or the bind/connect failed
     * @throws UnsupportedOperationException if the type is not {@linkplain #supports(SocketType) supported}
     * @throws IllegalArgumentException if the endpoint is not on 127.0.0.1
     */
    default HandshakePeer start(SocketType type, Role role, String endpoint) {
        return start(type, role, endpoint, PeerSetup.DEFAULT);
    }

    /** As {@link #start(SocketType, Role, String)}, with the socket's routing id set (null for none). */
    default HandshakePeer start(SocketType type, Role role, String endpoint, byte[] routingId) {
        return start(type, role, endpoint, PeerSetup.DEFAULT.withRoutingId(routingId));
    }

    /**
     * As {@link #start(SocketType, Role, String)}, with the socket set up as {@code setup} says before it binds or
     * connects. A connecting PEER connects with {@code connectPeer} where the library has it; see {@link
     * HandshakePeer#connectRoutingId()}.
     */
    HandshakePeer start(SocketType type, Role role, String endpoint, PeerSetup setup);
}
