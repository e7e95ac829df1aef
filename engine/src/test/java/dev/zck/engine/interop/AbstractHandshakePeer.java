package dev.zck.engine.interop;

import dev.zck.spec.Timeouts;
import dev.zck.spi.Message;
import dev.zck.spi.SocketType;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * What every {@link HandshakePeer} does the same way: it keeps its type, role, endpoint, name, timeouts and event log,
 * sends one message as a list of one, and checks a receive before its library does it.
 */
abstract class AbstractHandshakePeer implements HandshakePeer {
    protected final SocketType type;
    protected final Role role;
    protected final Timeouts timeouts;
    protected final String name;
    protected final EventLog log;
    /** The endpoint asked for, replaced by the resolved one once the peer is ready. */
    protected volatile String endpoint;

    AbstractHandshakePeer(SocketType type, Role role, String endpoint, Timeouts timeouts, String name) {
        this.type = type;
        this.role = role;
        this.endpoint = endpoint;
        this.timeouts = timeouts;
        this.name = name;
        this.log = new EventLog(name);
    }

    @Override
    public SocketType type() {
        return type;
    }

    @Override
    public Role role() {
        return role;
    }

    @Override
    public String endpoint() {
        return endpoint;
    }

    @Override
    public List<PeerEvent> events() {
        return log.snapshot();
    }

    @Override
    public Optional<PeerEvent> awaitEvent(Predicate<PeerEvent> condition, Duration timeout) {
        return log.await(condition, timeout);
    }

    @Override
    public void send(Message message) {
        sendAll(List.of(message));
    }

    /** Sends them all with one request to the library's driver. */
    @Override
    public abstract void sendAll(List<Message> messages);

    @Override
    public Optional<ReceivedMessage> receiveMessage(Duration timeout, Collection<String> properties) {
        return receive(1, timeout, properties).stream().findFirst();
    }

    @Override
    public List<ReceivedMessage> receiveMessages(int count, Duration timeout) {
        return receive(count, timeout, List.of());
    }

    private List<ReceivedMessage> receive(int count, Duration timeout, Collection<String> properties) {
        Messaging.checkReceive(type);
        if (count < 1) {
            throw new IllegalArgumentException("count must be positive: " + count);
        }
        return receiveNow(count, timeout, List.copyOf(properties));
    }

    /**
     * Up to {@code count} messages, each waited for up to {@code timeout}, with the named {@code properties}: one
     * request to the library's driver. The type can receive and {@code count} is positive.
     */
    protected abstract List<ReceivedMessage> receiveNow(int count, Duration timeout, List<String> properties);
}
