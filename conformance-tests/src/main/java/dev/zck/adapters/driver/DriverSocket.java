package dev.zck.adapters.driver;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zck.adapters.driver.internal.DriverSession;
import dev.zck.adapters.driver.internal.DriverSession.ResultReader;
import dev.zck.drivers.protocol.DriverJson;
import dev.zck.drivers.protocol.Op;
import dev.zck.spi.ErrorKind;
import dev.zck.spi.Message;
import dev.zck.spi.SocketEvent;
import dev.zck.spi.SocketOption;
import dev.zck.spi.SocketType;
import dev.zck.spi.ZmqException;
import dev.zck.spi.ZmqSocket;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One socket of a driver: every call is one request, and a lock keeps at most one request outstanding on the socket
 * (the protocol's rule), while other sockets of the same driver go on concurrently. Events are read from the queue
 * the session fills. Calls on a socket of a driver that failed throw that failure.
 */
final class DriverSocket implements ZmqSocket {
    private final DriverSession session;
    private final int handle;
    private final SocketType type;
    private final boolean reportsEvents;
    private final DriverTimeouts timeouts;
    private final ReentrantLock lock = new ReentrantLock();
    private volatile boolean closed;

    DriverSocket(DriverSession session, int handle, SocketType type, boolean reportsEvents, DriverTimeouts timeouts) {
        this.session = session;
        this.handle = handle;
        this.type = type;
        this.reportsEvents = reportsEvents;
        this.timeouts = timeouts;
    }

    /** Reads the handle a {@code socket} request returns. */
    static int readHandle(JsonNode result) {
        long handle = DriverJson.integer(result, "socket");
        if (handle <= 0 || handle > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("field 'socket' must be a positive handle, not " + handle);
        }
        return (int) handle;
    }

    @Override
    public SocketType type() {
        return type;
    }

    @Override
    public <T> void set(SocketOption<T> option, T value) throws ZmqException {
        ObjectNode arguments = arguments();
        arguments.put("option", option.name());
        arguments.set("value", DriverJson.optionValue(option, value));
        request(Op.SET, arguments, -1, result -> null);
    }

    @Override
    public <T> T get(SocketOption<T> option) throws ZmqException {
        ObjectNode arguments = arguments();
        arguments.put("option", option.name());
        return request(
                Op.GET, arguments, -1, result -> option.cast(DriverJson.readOptionValue(option, result.get("value"))));
    }

    @Override
    public String bind(String endpoint) throws ZmqException {
        return request(Op.BIND, endpoint(endpoint), -1, result -> DriverJson.text(result, "endpoint"));
    }

    @Override
    public void connect(String endpoint) throws ZmqException {
        request(Op.CONNECT, endpoint(endpoint), -1, result -> null);
    }

    @Override
    public int connectPeer(String endpoint) throws ZmqException {
        return request(Op.CONNECT_PEER, endpoint(endpoint), -1, DriverSocket::readRoutingId);
    }

    private static int readRoutingId(JsonNode result) {
        long id = DriverJson.integer(result, "routingId");
        if (id <= 0 || id > 0xFFFF_FFFFL) {
            throw new IllegalArgumentException("field 'routingId' must be in 1..4294967295, not " + id);
        }
        return (int) id;
    }

    @Override
    public void unbind(String endpoint) throws ZmqException {
        request(Op.UNBIND, endpoint(endpoint), -1, result -> null);
    }

    @Override
    public void disconnect(String endpoint) throws ZmqException {
        request(Op.DISCONNECT, endpoint(endpoint), -1, result -> null);
    }

    @Override
    public void send(Message message, Duration timeout) throws ZmqException {
        long timeoutMs = DriverTimeouts.timeoutMs(timeout);
        ObjectNode arguments = DriverJson.putMessage(arguments(), message);
        request(Op.SEND, arguments, timeoutMs, result -> null);
    }

    @Override
    public Message receive(Duration timeout) throws ZmqException {
        return request(Op.RECV, arguments(), DriverTimeouts.timeoutMs(timeout), DriverJson::readMessage);
    }

    /** Events of a driver that declared none: empty at once, as the SPI says. */
    @Override
    public Optional<SocketEvent> nextEvent(Duration timeout) throws ZmqException {
        if (!reportsEvents) {
            return Optional.empty();
        }
        return session.nextEvent(handle, timeout);
    }

    /** Closes the socket in the driver; harmless twice, and after the driver was closed. */
    @Override
    public void close() throws ZmqException {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            session.call(Op.CLOSE, arguments(), timeouts.replyGrace(), result -> null);
        } catch (ZmqException e) {
            if (e.kind() != ErrorKind.TERMINATED) {
                throw e;
            }
        } finally {
            lock.unlock();
        }
    }

    /** One request on this socket, with {@code timeoutMs} when it is not negative. */
    private <T> T request(Op op, ObjectNode arguments, long timeoutMs, ResultReader<T> reader) throws ZmqException {
        if (timeoutMs >= 0) {
            arguments.put("timeoutMs", timeoutMs);
        }
        lock.lock();
        try {
            if (closed) {
                throw new ZmqException(ErrorKind.TERMINATED, "socket " + handle + " (" + type + ") is closed");
            }
            return session.call(op, arguments, timeouts.replyWait(Math.max(0, timeoutMs)), reader);
        } finally {
            lock.unlock();
        }
    }

    private ObjectNode arguments() {
        ObjectNode arguments = DriverJson.object();
        arguments.put("socket", handle);
        return arguments;
    }

    private ObjectNode endpoint(String endpoint) {
        ObjectNode arguments = arguments();
        arguments.put("endpoint", endpoint);
        return arguments;
    }

    @Override
    public String toString() {
        return type + " socket " + handle + " of " + session.label();
    }
}
