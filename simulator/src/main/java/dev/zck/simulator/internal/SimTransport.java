package dev.zck.simulator.internal;

import dev.zck.engine.transport.Endpoint;
import dev.zck.engine.transport.Transport;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;

/**
 * {@code tcp://HOST:PORT} on the simulated network, for the sockets of one host: binding takes {@code *} or the
 * host's own name and port 0 (or {@code *}) for the next free port on the host; connecting names any simulated host.
 * The engine uses it as it uses the real TCP transport.
 */
final class SimTransport implements Transport {
    private final Network network;
    private final String host;

    SimTransport(Network network, String host) {
        this.network = network;
        this.host = host;
    }

    @Override
    public String scheme() {
        return "tcp";
    }

    @Override
    public Future<Listener> bind(Endpoint endpoint, ChannelInitializer<Channel> initializer) {
        SimAddress address = address(endpoint, true);
        SimServerChannel server = new SimServerChannel(network, host);
        server.pipeline().addLast(new Acceptor(initializer));
        Promise<Listener> listener = network.loop().newPromise();
        network.loop().register(server).addListener(registered -> {
            if (!registered.isSuccess()) {
                listener.setFailure(registered.cause());
                return;
            }
            server.bind(address).addListener(bound -> {
                if (bound.isSuccess()) {
                    SimAddress local = (SimAddress) server.localAddress();
                    listener.setSuccess(new Listener(server, new Endpoint("tcp", local.toString())));
                } else {
                    server.close();
                    listener.setFailure(bound.cause());
                }
            });
        });
        return listener;
    }

    @Override
    public ChannelFuture connect(Endpoint endpoint, ChannelInitializer<Channel> initializer) {
        SimAddress address = address(endpoint, false);
        SimChannel channel = new SimChannel(network, host);
        channel.pipeline().addLast(initializer);
        ChannelPromise connected = channel.newPromise();
        network.loop().register(channel).addListener(registered -> {
            if (registered.isSuccess()) {
                channel.connect(address, connected);
            } else {
                connected.setFailure(registered.cause());
            }
        });
        return connected;
    }

    private SimAddress address(Endpoint endpoint, boolean binding) {
        if (!endpoint.scheme().equals("tcp")) {
            throw new IllegalArgumentException("not a tcp endpoint: " + endpoint);
        }
        String address = endpoint.address();
        int colon = address.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("tcp endpoint '" + endpoint + "' is not HOST:PORT");
        }
        String name = address.substring(0, colon);
        String portText = address.substring(colon + 1);
        int port;
        try {
            port = portText.equals("*") ? 0 : Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 0 || port > 65535 || (!binding && port == 0)) {
            throw new IllegalArgumentException("tcp endpoint '" + endpoint + "' has port '" + portText + "'; expected "
                    + (binding ? "0..65535 or *" : "1..65535"));
        }
        if (binding) {
            if (!name.equals("*") && !name.equals(host)) {
                throw new IllegalArgumentException(
                        "cannot bind " + endpoint + " on simulated host '" + host + "': not its address");
            }
            return new SimAddress(host, port);
        }
        if (!network.hasHost(name)) {
            throw new IllegalArgumentException("tcp endpoint '" + endpoint + "': no simulated host '" + name + "'");
        }
        return new SimAddress(name, port);
    }

    /** Hands each accepted connection its handlers and registers it, as Netty's ServerBootstrap does. */
    private static final class Acceptor extends ChannelInboundHandlerAdapter {
        private final ChannelInitializer<Channel> initializer;

        Acceptor(ChannelInitializer<Channel> initializer) {
            this.initializer = initializer;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Channel child = (Channel) msg;
            child.pipeline().addLast(initializer);
            ctx.channel().eventLoop().register(child).addListener(f -> {
                if (!f.isSuccess()) {
                    child.unsafe().closeForcibly();
                }
            });
        }
    }
}
