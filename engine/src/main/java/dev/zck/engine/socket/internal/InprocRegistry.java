package dev.zck.engine.socket.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Inproc names of one runtime: who is bound to each, and the connections made before the bind (libzmq 4 lets a
 * socket connect to an inproc name that is bound later). Thread-safe: sockets on different loops share it.
 */
final class InprocRegistry {
    private final Map<String, SocketCore> bound = new HashMap<>();
    private final Map<String, List<InprocConnection>> pending = new HashMap<>();

    /** Binds {@code name}; returns the connections that were waiting for it, or null when the name is taken. */
    synchronized List<InprocConnection> bind(String name, SocketCore socket) {
        if (bound.containsKey(name)) {
            return null;
        }
        bound.put(name, socket);
        List<InprocConnection> waiting = pending.remove(name);
        return waiting == null ? List.of() : waiting;
    }

    synchronized void unbind(String name, SocketCore socket) {
        bound.remove(name, socket);
    }

    /** The socket bound to {@code name}, or null after registering {@code connection} to wait for a bind. */
    synchronized SocketCore connectOrWait(String name, InprocConnection connection) {
        SocketCore socket = bound.get(name);
        if (socket == null) {
            pending.computeIfAbsent(name, n -> new ArrayList<>()).add(connection);
        }
        return socket;
    }

    synchronized void forget(String name, InprocConnection connection) {
        List<InprocConnection> waiting = pending.get(name);
        if (waiting != null) {
            waiting.remove(connection);
        }
    }
}
