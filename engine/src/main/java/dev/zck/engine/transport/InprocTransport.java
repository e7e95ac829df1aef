package dev.zck.engine.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalServerChannel;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

/**
 * {@code inproc://name} on Netty's local transport: in-memory channels inside this JVM that carry the same ZMTP
 * bytes as TCP, so inproc and tcp go through the same codec. Names are global to the JVM, like libzmq's per-context
 * names; binding a name in use fails.
 */
public final class InprocTransport implements Transport {
    private final EventLoopGroup group;

    /** @param group an event loop group for local channels ({@code LocalIoHandler}), owned by the caller */
    public InprocTransport(EventLoopGroup group) {
        this.group = group;
    }

    @Override
    public String scheme() {
        return "inproc";
    }

    @Override
    public Future<Listener> bind(Endpoint endpoint, ChannelInitializer<Channel> initializer) {
        LocalAddress address = address(endpoint);
        ChannelFuture bound = new ServerBootstrap()
                .group(group)
                .channel(LocalServerChannel.class)
                .childHandler(initializer)
                .bind(address);
        Promise<Listener> listener = bound.channel().eventLoop().newPromise();
        bound.addListener(f -> {
            if (f.isSuccess()) {
                listener.setSuccess(new Listener(bound.channel(), endpoint));
            } else {
                listener.setFailure(f.cause());
            }
        });
        return listener;
    }

    @Override
    public ChannelFuture connect(Endpoint endpoint, ChannelInitializer<Channel> initializer) {
        return new Bootstrap()
                .group(group)
                .channel(LocalChannel.class)
                .handler(initializer)
                .connect(address(endpoint));
    }

    private static LocalAddress address(Endpoint endpoint) {
        if (!endpoint.scheme().equals("inproc")) {
            throw new IllegalArgumentException("not an inproc endpoint: " + endpoint);
        }
        return new LocalAddress("zck-inproc:" + endpoint.address());
    }
}
