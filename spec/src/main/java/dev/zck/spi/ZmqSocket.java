package dev.zck.spi;

import java.time.Duration;
import java.util.Optional;

/**
 * One ZeroMQ socket of an implementation under test.
 *
 * <p>Every call that can wait takes a {@code timeout}: {@link Duration#ZERO} means don't wait (libzmq
 * {@code ZMQ_DONTWAIT}), a positive duration is the most the call may wait (libzmq SNDTIMEO/RCVTIMEO). There is no
 * "wait forever": the kit owns every deadline. A call that cannot complete in time throws {@link ZmqException} with
 * {@link ErrorKind#WOULD_BLOCK} and has no effect, which is how the kit tells blocking from dropping.
 *
 * <p>Errors are always {@link ZmqException} with one of the {@link ErrorKind}s; an adapter maps its binding's
 * errors onto them and never lets another exception escape for a condition the implementation reports.
 */
public interface ZmqSocket extends AutoCloseable {

    /** The type this socket was created with. */
    SocketType type();

    /**
     * Sets an option, with libzmq's meaning of the value. Options are set before bind/connect unless the rule says
     * otherwise (subscriptions may be changed at any time).
     *
     * @throws ZmqException {@link ErrorKind#UNSUPPORTED} for an option the implementation does not declare or
     *     does not apply to this socket type; {@link ErrorKind#OTHER} for an invalid value
     */
    <T> void set(SocketOption<T> option, T value) throws ZmqException;

    /**
     * Reads an option's current value (libzmq {@code zmq_getsockopt}), so that defaults can be checked.
     *
     * @throws ZmqException {@link ErrorKind#UNSUPPORTED} for a write-only or undeclared option
     */
    <T> T get(SocketOption<T> option) throws ZmqException;

    /**
     * Binds to an endpoint and returns the endpoint actually bound: for {@code tcp://127.0.0.1:0} the chosen port
     * is filled in ({@code tcp://127.0.0.1:41234}), as libzmq's {@code ZMQ_LAST_ENDPOINT} reports it. Returns when
     * the socket listens.
     *
     * @throws ZmqException {@link ErrorKind#UNSUPPORTED} for an undeclared transport; {@link ErrorKind#OTHER} when
     *     the address is in use or invalid
     */
    String bind(String endpoint) throws ZmqException;

    /**
     * Starts connecting to an endpoint and returns at once: connecting is asynchronous, the endpoint need not be
     * bound yet, and a lost connection is re-established per RECONNECT_IVL. With IMMEDIATE off (the default) a
     * queue for the peer exists from this call on.
     */
    void connect(String endpoint) throws ZmqException;

    /**
     * PEER sockets: connects like {@link #connect} and returns the routing id that addresses this peer (libzmq
     * {@code zmq_connect_peer}). Other types, or implementations without it, throw {@link ErrorKind#UNSUPPORTED}.
     */
    default int connectPeer(String endpoint) throws ZmqException {
        throw new ZmqException(ErrorKind.UNSUPPORTED, "connectPeer is not supported by this implementation");
    }

    /**
     * Stops listening on an endpoint returned by {@link #bind}; connections accepted through it are closed.
     *
     * @throws ZmqException {@link ErrorKind#OTHER} when the endpoint is not bound
     */
    void unbind(String endpoint) throws ZmqException;

    /**
     * Stops connecting to an endpoint given to {@link #connect}; its connection and queue are dropped (LINGER
     * applies to what is queued).
     *
     * @throws ZmqException {@link ErrorKind#OTHER} when the endpoint is not connected
     */
    void disconnect(String endpoint) throws ZmqException;

    /**
     * Sends one whole message (all frames or none), waiting at most {@code timeout} for room.
     *
     * <p>A socket type that drops at its high-water mark (PUB, RADIO...) returns normally and drops; a type that
     * blocks (PUSH, DEALER, REQ...) throws {@link ErrorKind#WOULD_BLOCK} after the timeout. A REQ that awaits a
     * reply throws {@link ErrorKind#WRONG_STATE}; a ROUTER with ROUTER_MANDATORY, a SERVER or a PEER addressing an
     * unknown peer throws {@link ErrorKind#HOST_UNREACHABLE}; a send-less type (SUB, PULL...) throws
     * {@link ErrorKind#UNSUPPORTED}; a multipart message on a single-part type throws {@link ErrorKind#OTHER}.
     */
    void send(Message message, Duration timeout) throws ZmqException;

    /**
     * Receives one whole message, waiting at most {@code timeout}; a multipart message is returned with all its
     * frames. SERVER/PEER messages carry the sender's routing id and DISH messages their group.
     *
     * @throws ZmqException {@link ErrorKind#WOULD_BLOCK} when nothing arrived in time; {@link ErrorKind#WRONG_STATE}
     *     for a REQ that has not sent or a REP that owes a reply; {@link ErrorKind#UNSUPPORTED} for a receive-less
     *     type (PUB, PUSH...)
     */
    Message receive(Duration timeout) throws ZmqException;

    /**
     * The next connection event, waiting at most {@code timeout}; empty when none arrived in time. Events are
     * queued from the socket's creation, in the order they happened. Implementations that report no events (see
     * {@link Capabilities#events()}) return empty at once.
     */
    Optional<SocketEvent> nextEvent(Duration timeout) throws ZmqException;

    /**
     * Closes the socket. Messages still queued are sent for up to LINGER (bounded by the kit), then dropped.
     * Later calls throw {@link ErrorKind#TERMINATED}. Closing twice is harmless.
     */
    @Override
    void close() throws ZmqException;
}
