package dev.zck.engine.socket.internal;

import dev.zck.engine.ZmtpChannels;
import dev.zck.engine.ZmtpCommand;
import dev.zck.engine.ZmtpMessage;
import dev.zck.engine.ZmtpSessionEvent;
import dev.zck.engine.ZmtpSubscription;
import dev.zck.spi.SocketEvent;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import java.util.function.Consumer;

/**
 * The application end of one ZMTP connection of a socket: turns session events into pipe life and socket events,
 * delivers messages into the pipe, resumes writing when the channel becomes writable again.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
    private final SocketCore socket;
    private final StreamConnection connection;
    private final String endpoint;
    private StreamPipe pipe;
    private boolean established;

    private ConnectionHandler(SocketCore socket, StreamConnection connection, String endpoint) {
        this.socket = socket;
        this.connection = connection;
        this.endpoint = endpoint;
    }

    /** @param onAccepted sees every accepted channel (so that unbind can close them) */
    static ChannelInitializer<Channel> forListener(SocketCore socket, String endpoint, Consumer<Channel> onAccepted) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel channel) {
                onAccepted.accept(channel);
                ZmtpChannels.install(
                        channel,
                        socket.options().sessionConfig(socket.type(), true),
                        new ConnectionHandler(socket, null, endpoint));
            }
        };
    }

    static ChannelInitializer<Channel> forConnection(SocketCore socket, StreamConnection connection) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel channel) {
                ZmtpChannels.install(
                        channel,
                        socket.options().sessionConfig(socket.type(), false),
                        new ConnectionHandler(socket, connection, ""));
            }
        };
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        if (connection != null) {
            connection.connected(ctx.channel());
        } else {
            socket.event(
                    SocketEvent.Kind.ACCEPTED,
                    endpoint,
                    String.valueOf(ctx.channel().remoteAddress()));
        }
        ctx.fireChannelActive();
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof ZmtpSessionEvent.HandshakeSucceeded ok) {
            established = true;
            if (connection != null) {
                connection.handshakeSucceeded(ctx.channel(), ok.peer());
                pipe = null;
            } else if (socket.isClosing()) {
                ctx.close();
            } else {
                socket.event(
                        SocketEvent.Kind.HANDSHAKE_SUCCEEDED,
                        endpoint,
                        ok.peer().socketType().toString());
                pipe = new StreamPipe(socket, socket.options().sndhwm, socket.options().rcvhwm);
                pipe.attach(ctx.channel(), ok.peer());
                socket.attachPipe(pipe);
                pipe.pump();
            }
        } else if (event instanceof ZmtpSessionEvent.HandshakeFailed failed) {
            if (connection != null) {
                connection.handshakeFailed(failed.reason());
            } else {
                socket.event(
                        SocketEvent.Kind.HANDSHAKE_FAILED,
                        endpoint,
                        failed.reason().map(Object::toString).orElse("peer closed the connection"));
            }
        } else if (event instanceof ZmtpSessionEvent.Closed) {
            if (connection != null) {
                connection.closed(ctx.channel(), established);
            } else if (pipe != null) {
                socket.event(SocketEvent.Kind.DISCONNECTED, endpoint, "");
                pipe.terminate();
                socket.detachPipe(pipe);
                pipe = null;
            }
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    private StreamPipe pipe(ChannelHandlerContext ctx) {
        return pipe != null ? pipe : connection != null ? connection.pipeFor(ctx.channel()) : null;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        StreamPipe p = pipe(ctx);
        if (p == null) {
            return;
        }
        if (msg instanceof ZmtpMessage message) {
            p.deliver(message);
        } else if (msg instanceof ZmtpSubscription subscription) {
            socket.onSubscription(p, subscription);
        } else if (msg instanceof ZmtpCommand command) {
            socket.onGroupCommand(p, command);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        StreamPipe p = pipe(ctx);
        if (p != null) {
            p.pump();
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
