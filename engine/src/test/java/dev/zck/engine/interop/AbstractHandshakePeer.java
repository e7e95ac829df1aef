package dev.zck.engine.interop;

import dev.zck.spec.Timeouts;
import dev.zck.spi.SocketType;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** What every {@link HandshakePeer} keeps the same way: its type, role, endpoint, name, timeouts and event log. */
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
}
