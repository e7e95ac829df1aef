package dev.zck.engine.socket.internal;

import dev.zck.engine.transport.Endpoint;
import dev.zck.engine.transport.Transport;
import dev.zck.spi.ErrorKind;
import dev.zck.spi.SocketEvent;
import dev.zck.spi.ZmqException;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.Promise;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Binding and connecting a socket: listeners, connecting pipes with reconnection, inproc names. */
final class Endpoints {
    private Endpoints() {}

    /** A bound endpoint. */
    interface Bound {
        /** Stops listening; the future completes once the endpoint is free again. */
        io.netty.util.concurrent.Future<?> close();

        /** Stops listening and closes the connections accepted through this endpoint (zmq_unbind). */
        default io.netty.util.concurrent.Future<?> unbind() {
            return close();
        }
    }

    /** A connected endpoint. */
    interface Connection {
        /** Stops trying to (re)connect; an established connection stays until {@link #close}. */
        void stopReconnecting();

        /** Stops and closes everything this connection holds. */
        void close();
    }

    static void bind(SocketCore socket, Endpoint endpoint, Promise<String> result, Map<String, Bound> bound)
            throws ZmqException {
        if (endpoint.scheme().equals("inproc")) {
            InprocRegistry registry = socket.runtime().inproc();
            List<InprocConnection> waiting = registry.bind(endpoint.address(), socket);
            if (waiting == null) {
                throw new ZmqException(ErrorKind.OTHER, "EADDRINUSE: " + endpoint + " is already bound");
            }
            String name = endpoint.toString();
            bound.put(name, () -> {
                registry.unbind(endpoint.address(), socket);
                return socket.loop().newSucceededFuture(null);
            });
            for (InprocConnection connection : waiting) {
                connection.peerBound(socket);
            }
            socket.event(SocketEvent.Kind.LISTENING, name, "");
            result.setSuccess(name);
            return;
        }
        Transport transport = transportFor(socket, endpoint);
        ChannelGroup accepted = new DefaultChannelGroup(socket.loop());
        transport
                .bind(endpoint, ConnectionHandler.forListener(socket, endpoint.toString(), accepted::add))
                .addListener(f -> {
                    if (f.isSuccess()) {
                        Transport.Listener listener = (Transport.Listener) f.getNow();
                        String resolved = listener.endpoint().toString();
                        Bound closer = new Bound() {
                            @Override
                            public io.netty.util.concurrent.Future<?> close() {
                                return released(listener.channel());
                            }

                            @Override
                            public io.netty.util.concurrent.Future<?> unbind() {
                                accepted.close();
                                return close();
                            }
                        };
                        bound.put(resolved, closer);
                        if (!resolved.equals(endpoint.toString())) {
                            bound.put(endpoint.toString(), closer);
                        }
                        socket.event(SocketEvent.Kind.LISTENING, resolved, "");
                        result.trySuccess(resolved);
                    } else {
                        result.tryFailure(new ZmqException(
                                ErrorKind.OTHER,
                                "cannot bind " + endpoint + ": " + f.cause().getMessage(),
                                f.cause()));
                    }
                });
    }

    /**
     * Closes a listener; the future completes once its port can be bound again. The JDK releases the socket of a
     * channel registered with a selector only at that selector's next select, so completion waits for the loop's
     * next turn: a task scheduled from the loop runs only after the loop has selected again.
     */
    private static io.netty.util.concurrent.Future<?> released(Channel channel) {
        EventLoop loop = channel.eventLoop();
        Promise<Void> freed = loop.newPromise();
        channel.close().addListener(f -> loop.schedule(() -> freed.trySuccess(null), 0, TimeUnit.MILLISECONDS));
        return freed;
    }

    static Connection connect(SocketCore socket, Endpoint endpoint) throws ZmqException {
        if (endpoint.scheme().equals("inproc")) {
            InprocConnection connection = new InprocConnection(socket, endpoint);
            connection.start();
            return connection;
        }
        StreamConnection connection = new StreamConnection(socket, endpoint, transportFor(socket, endpoint));
        connection.start();
        return connection;
    }

    private static Transport transportFor(SocketCore socket, Endpoint endpoint) throws ZmqException {
        return socket.runtime()
                .transport(endpoint.scheme(), socket.loop())
                .orElseThrow(() -> new ZmqException(
                        ErrorKind.UNSUPPORTED,
                        "EPROTONOSUPPORT: the reference engine has no transport '" + endpoint.scheme() + "'"));
    }
}
