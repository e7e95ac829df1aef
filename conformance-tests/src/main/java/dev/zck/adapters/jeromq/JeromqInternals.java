package dev.zck.adapters.jeromq;

import java.lang.reflect.Field;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import zmq.SocketBase;
import zmq.io.IOObject;
import zmq.io.Metadata;
import zmq.io.SessionBase;
import zmq.io.StreamEngine;
import zmq.pipe.Pipe;
import zmq.poll.Poller;

/**
 * The JeroMQ 0.6.0 internals the adapter reads by reflection, in one place: a socket's pipes, the other end of each
 * pipe (a session with its TCP engine, or for inproc the peer socket), whether an engine has finished its handshake,
 * and its registration with its I/O thread's selector.
 *
 * <p>JeroMQ is pinned in the parent pom. If a JeroMQ upgrade renames a field, {@link #available()} turns false with
 * {@link #unavailableReason()} naming the field, and the adapter stops synthesizing handshake events (and no longer
 * declares them) instead of failing. Call the accessors only from the thread that owns the socket: its pipe set
 * belongs to that thread.
 */
final class JeromqInternals {
    private static final Fields FIELDS = Fields.load();

    private JeromqInternals() {}

    /** Whether every field below was found (JeroMQ 0.6.0). */
    static boolean available() {
        return FIELDS.problem == null;
    }

    /** Why the internals are not available, if they are not. */
    static Optional<String> unavailableReason() {
        return Optional.ofNullable(FIELDS.problem);
    }

    /** The pipes currently attached to the socket, copied. */
    static List<Pipe> pipes(SocketBase socket) {
        Collection<Pipe> pipes = cast(get(FIELDS.socketPipes, socket));
        return List.copyOf(pipes);
    }

    /**
     * What is at the other end of a socket's pipe: the {@link SessionBase} of a TCP connection, the peer socket
     * ({@link SocketBase}) of an inproc connection, or null while an inproc connection waits for its binder.
     */
    static Object otherEnd(Pipe pipe) {
        Object peer = get(FIELDS.pipePeer, pipe);
        return peer == null ? null : get(FIELDS.pipeSink, peer);
    }

    /** The engine a session currently runs, or null between connections. */
    static Object engine(SessionBase session) {
        return get(FIELDS.sessionEngine, session);
    }

    /**
     * The peer's READY properties once the engine's handshake has succeeded, else null: {@code
     * StreamEngine.mechanismReady()} is the only writer of this field, and a refused READY (incompatible socket
     * type, malformed metadata) never reaches it.
     */
    static Metadata metadata(StreamEngine engine) {
        return (Metadata) get(FIELDS.engineMetadata, engine);
    }

    /** The endpoint the engine serves, as JeroMQ names it in its monitor events. */
    static String endpoint(StreamEngine engine) {
        return String.valueOf(get(FIELDS.engineEndpoint, engine));
    }

    /**
     * Works around JeroMQ's connect hand-off race (zeromq/jeromq#1022, open at 0.6.0): when the connecter's
     * selection key is cancelled and the engine's handle for the same channel is added in one pass of {@code
     * Poller.run()}, the engine is never registered with the selector and never sends its greeting (until
     * HANDSHAKE_IVL, 30 s by default, tears the connection down). A live engine handle without a valid key is that
     * state; asking the poller for another registration pass (what any later registration change on that I/O thread
     * would do) registers it. Nothing else changes: the pass only re-applies the interest set JeroMQ itself keeps.
     *
     * @return true if the engine was found unregistered and the poller was asked to register it
     */
    static boolean registerIfStuck(StreamEngine engine) {
        Poller.Handle handle = (Poller.Handle) get(FIELDS.engineHandle, engine);
        Object ioObject = get(FIELDS.engineIoObject, engine);
        if (handle == null || ioObject == null || (boolean) get(FIELDS.handleCancelled, handle)) {
            return false;
        }
        SelectableChannel channel = (SelectableChannel) get(FIELDS.handleFd, handle);
        Poller poller = (Poller) get(FIELDS.ioObjectPoller, ioObject);
        Selector selector = (Selector) get(FIELDS.pollerSelector, poller);
        SelectionKey key = channel.keyFor(selector);
        if (!channel.isOpen() || (key != null && key.isValid())) {
            return false;
        }
        set(FIELDS.pollerRetired, poller, true);
        selector.wakeup();
        return true;
    }

    @SuppressWarnings("unchecked")
    private static <T> T cast(Object value) {
        return (T) value;
    }

    private static Object get(Field field, Object target) {
        requireAvailable();
        try {
            return field.get(target);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read JeroMQ's " + field, e);
        }
    }

    private static void set(Field field, Object target, Object value) {
        requireAvailable();
        try {
            field.set(target, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot write JeroMQ's " + field, e);
        }
    }

    private static void requireAvailable() {
        if (FIELDS.problem != null) {
            throw new IllegalStateException(FIELDS.problem);
        }
    }

    /** The fields, looked up once; {@code problem} says which one is missing. */
    private static final class Fields {
        Field socketPipes;
        Field pipePeer;
        Field pipeSink;
        Field sessionEngine;
        Field engineMetadata;
        Field engineEndpoint;
        Field engineIoObject;
        Field engineHandle;
        Field ioObjectPoller;
        Field pollerSelector;
        Field pollerRetired;
        Field handleFd;
        Field handleCancelled;
        String problem;

        static Fields load() {
            Fields f = new Fields();
            try {
                f.socketPipes = field(SocketBase.class, "pipes");
                f.pipePeer = field(Pipe.class, "peer");
                f.pipeSink = field(Pipe.class, "sink");
                f.sessionEngine = field(SessionBase.class, "engine");
                f.engineMetadata = field(StreamEngine.class, "metadata");
                f.engineEndpoint = field(StreamEngine.class, "endpoint");
                f.engineIoObject = field(StreamEngine.class, "ioObject");
                f.engineHandle = field(StreamEngine.class, "handle");
                f.ioObjectPoller = field(IOObject.class, "poller");
                f.pollerSelector = field(Poller.class, "selector");
                f.pollerRetired = field(Poller.class, "retired");
                f.handleFd = field(Poller.Handle.class, "fd");
                f.handleCancelled = field(Poller.Handle.class, "cancelled");
            } catch (IllegalStateException e) {
                f.problem = e.getMessage();
            }
            return f;
        }

        private static Field field(Class<?> owner, String name) {
            try {
                Field field = owner.getDeclaredField(name);
                field.setAccessible(true);
                return field;
            } catch (NoSuchFieldException | RuntimeException e) {
                throw new IllegalStateException("JeroMQ internals changed: " + owner.getName() + "." + name
                        + " is gone (the adapter reads it, written for JeroMQ 0.6.0)");
            }
        }
    }
}
