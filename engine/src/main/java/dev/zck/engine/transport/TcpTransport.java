package dev.zck.engine.transport;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.util.concurrent.Future;
import io.netty.util.concurrent.Promise;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * {@code tcp://host:port} over NIO: IPv4 literals, IPv6 literals in brackets, host names, {@code *} for every
 * interface, port 0 or {@code *} for an ephemeral port. TCP_NODELAY is on, as in libzmq.
 */
public final class TcpTransport implements Transport {
    private final EventLoopGroup group;

    /** @param group an NIO event loop group, owned by the caller */
    public TcpTransport(EventLoopGroup group) {
        this.group = group;
    }

    @Override
    public String scheme() {
        return "tcp";
    }

    @Override
    public Future<Listener> bind(Endpoint endpoint, ChannelInitializer<Channel> initializer) {
        InetSocketAddress address = address(endpoint, true);
        ChannelFuture bound = new ServerBootstrap()
                .group(group)
                .channel(NioServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(initializer)
                .bind(address);
        Promise<Listener> listener = bound.channel().eventLoop().newPromise();
        bound.addListener(f -> {
            if (f.isSuccess()) {
                InetSocketAddress local = (InetSocketAddress) bound.channel().localAddress();
                listener.setSuccess(new Listener(bound.channel(), endpointOf(local)));
            } else {
                listener.setFailure(f.cause());
            }
        });
        return listener;
    }

    @Override
    public ChannelFuture connect(Endpoint endpoint, ChannelInitializer<Channel> initializer) {
        InetSocketAddress address = address(endpoint, false);
        return new Bootstrap()
                .group(group)
                .channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .handler(initializer)
                .connect(address);
    }

    /** The endpoint that names {@code address}, as bind returns it: {@code tcp://127.0.0.1:5555}. */
    public static Endpoint endpointOf(InetSocketAddress address) {
        InetAddress ip = address.getAddress();
        String host = ip instanceof Inet6Address
                ? "[" + ip.getHostAddress().replaceAll("%.*", "") + "]"
                : ip.getHostAddress();
        return new Endpoint("tcp", host + ":" + address.getPort());
    }

    static InetSocketAddress address(Endpoint endpoint, boolean binding) {
        if (!endpoint.scheme().equals("tcp")) {
            throw new IllegalArgumentException("not a tcp endpoint: " + endpoint);
        }
        String address = endpoint.address();
        int colon = address.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("tcp endpoint '" + endpoint + "' has no port (tcp://host:port)");
        }
        String host = address.substring(0, colon);
        String portText = address.substring(colon + 1);
        int port;
        if (portText.equals("*")) {
            port = 0;
        } else {
            try {
                port = Integer.parseInt(portText);
            } catch (NumberFormatException e) {
                port = -1;
            }
        }
        if (port < 0 || port > 65535 || (!binding && port == 0)) {
            throw new IllegalArgumentException("tcp endpoint '" + endpoint + "' has port '" + portText + "'; expected "
                    + (binding ? "0..65535 or *" : "1..65535"));
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        if (host.equals("*")) {
            if (!binding) {
                throw new IllegalArgumentException("cannot connect to '*' in " + endpoint);
            }
            return new InetSocketAddress(port);
        }
        if (host.isEmpty()) {
            throw new IllegalArgumentException("tcp endpoint '" + endpoint + "' has no host");
        }
        try {
            return new InetSocketAddress(InetAddress.getByName(host), port);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("tcp endpoint '" + endpoint + "': unknown host '" + host + "'", e);
        }
    }
}
