package dev.zck.engine.transport;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.util.concurrent.Future;

/**
 * How the engine reaches peers: something that can listen on an endpoint and open connections to one, each
 * connection a Netty channel whose event loop also provides the session's timers. TCP and inproc implement it here;
 * the simulator implements it with simulated connections on a virtual clock, and the engine runs unchanged.
 */
public interface Transport {

    /** The endpoint scheme this transport serves, e.g. {@code tcp}. */
    String scheme();

    /**
     * Listens on {@code endpoint}; each accepted connection gets a channel set up by {@code initializer}.
     *
     * @return completes with the listener, whose endpoint is the resolved one (the real port when binding port 0),
     *     or fails with the reason (address in use, not a local address...)
     * @throws IllegalArgumentException when the endpoint is malformed or of another transport
     */
    Future<Listener> bind(Endpoint endpoint, ChannelInitializer<Channel> initializer);

    /**
     * Opens one connection to {@code endpoint}; retrying is the socket's business.
     *
     * @throws IllegalArgumentException when the endpoint is malformed or of another transport
     */
    ChannelFuture connect(Endpoint endpoint, ChannelInitializer<Channel> initializer);

    /** A bound endpoint; closing its channel stops listening. */
    record Listener(Channel channel, Endpoint endpoint) {}
}
