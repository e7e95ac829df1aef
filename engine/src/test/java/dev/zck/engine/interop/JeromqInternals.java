package dev.zck.engine.interop;

import java.lang.reflect.Field;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import zmq.SocketBase;
import zmq.io.IOObject;
import zmq.io.Metadata;
import zmq.io.SessionBase;
import zmq.io.StreamEngine;
import zmq.io.mechanism.Mechanism;
import zmq.pipe.Pipe;
import zmq.poll.Poller;

/**
 * The JeroMQ 0.6.0 internals the harness reads by reflection, in one place: the TCP engines behind a socket (socket →
 * pipes → sessions → engines), an engine's handshake state, and its registration with its I/O thread's selector.
 * JeroMQ is pinned in the parent pom; if an upgrade renames a field, the first use fails with an error naming it.
 * Call only from the thread that owns the socket (its pipe set belongs to that thread).
 */
final class JeromqInternals {
    private static final Field SOCKET_PIPES = field(SocketBase.class, "pipes");
    private static final Field PIPE_PEER = field(Pipe.class, "peer");
    private static final Field PIPE_SINK = field(Pipe.class, "sink");
    private static final Field SESSION_ENGINE = field(SessionBase.class, "engine");
    private static final Field ENGINE_METADATA = field(StreamEngine.class, "metadata");
    private static final Field ENGINE_MECHANISM = field(StreamEngine.class, "mechanism");
    private static final Field ENGINE_ENDPOINT = field(StreamEngine.class, "endpoint");
    private static final Field ENGINE_IO_OBJECT = field(StreamEngine.class, "ioObject");
    private static final Field ENGINE_HANDLE = field(StreamEngine.class, "handle");
    private static final Field IO_OBJECT_POLLER = field(IOObject.class, "poller");
    private static final Field POLLER_SELECTOR = field(Poller.class, "selector");
    private static final Field POLLER_RETIRED = field(Poller.class, "retired");
    private static final Field HANDLE_FD = field(Poller.Handle.class, "fd");
    private static final Field HANDLE_CANCELLED = field(Poller.Handle.class, "cancelled");

    private JeromqInternals() {}

    /** The TCP engines currently attached to the socket's sessions. */
    static List<StreamEngine> engines(SocketBase socket) {
        List<StreamEngine> engines = new ArrayList<>();
        for (Object pipe : List.copyOf((Collection<?>) get(SOCKET_PIPES, socket))) {
            Object peerPipe = get(PIPE_PEER, pipe);
            Object sink = peerPipe == null ? null : get(PIPE_SINK, peerPipe);
            if (sink instanceof SessionBase && get(SESSION_ENGINE, sink) instanceof StreamEngine engine) {
                engines.add(engine);
            }
        }
        return engines;
    }

    /**
     * The peer's READY properties once the handshake has succeeded, else null: {@code StreamEngine.mechanismReady()}
     * is the only writer of this field, and a rejected READY never reaches it.
     */
    static Metadata metadata(StreamEngine engine) {
        return (Metadata) get(ENGINE_METADATA, engine);
    }

    /**
     * The properties the engine's mechanism read from the peer's READY (empty before that, or without a mechanism).
     * {@code StreamEngine.mechanismReady()} copies them into {@link #metadata} after publishing that field, so the
     * metadata is complete once it holds all of these.
     */
    static Metadata peerProperties(StreamEngine engine) {
        Mechanism mechanism = (Mechanism) get(ENGINE_MECHANISM, engine);
        return mechanism == null ? new Metadata() : mechanism.zmtpProperties;
    }

    static String endpoint(StreamEngine engine) {
        return (String) get(ENGINE_ENDPOINT, engine);
    }

    /**
     * Works around JeroMQ's connect hand-off race (zeromq/jeromq#1022, open at 0.6.0; it stalls about 1 in 10
     * connections here): when the connecter's selection key is cancelled and the engine's handle for the same
     * channel is added in one pass of {@code Poller.run()}, the engine is never registered with the selector, so
     * it never sends its greeting (until ZMQ_HANDSHAKE_IVL, 30 s, tears the connection down). A live engine handle
     * without a valid key is that state; asking the poller for another registration pass (what any later
     * registration change would do) registers it. Nothing visible on the wire changes, except that the greeting
     * goes out.
     *
     * @return true if the engine was stuck and the poller was asked to register it
     */
    static boolean registerIfStuck(StreamEngine engine) {
        Poller.Handle handle = (Poller.Handle) get(ENGINE_HANDLE, engine);
        Object ioObject = get(ENGINE_IO_OBJECT, engine);
        if (handle == null || ioObject == null || (boolean) get(HANDLE_CANCELLED, handle)) {
            return false;
        }
        SelectableChannel channel = (SelectableChannel) get(HANDLE_FD, handle);
        Poller poller = (Poller) get(IO_OBJECT_POLLER, ioObject);
        Selector selector = (Selector) get(POLLER_SELECTOR, poller);
        SelectionKey key = channel.keyFor(selector);
        if (!channel.isOpen() || (key != null && key.isValid())) {
            return false;
        }
        set(POLLER_RETIRED, poller, true);
        selector.wakeup();
        return true;
    }

    private static Object get(Field field, Object target) {
        try {
            return field.get(target);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read JeroMQ's " + field, e);
        }
    }

    private static void set(Field field, Object target, Object value) {
        try {
            field.set(target, value);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot write JeroMQ's " + field, e);
        }
    }

    private static Field field(Class<?> owner, String name) {
        try {
            Field field = owner.getDeclaredField(name);
            field.setAccessible(true);
            return field;
        } catch (NoSuchFieldException | RuntimeException e) {
            throw new IllegalStateException(
                    "JeroMQ internals changed: " + owner.getName() + "." + name + " is gone; the interop harness"
                            + " reads it (written for JeroMQ 0.6.0) and needs updating",
                    e);
        }
    }
}
