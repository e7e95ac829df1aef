package dev.zck.simulator.proxy.internal;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/** Hands one channel's events to its connection's pipes: reads and close to the pipe from it, writability to the pipe
 * to it. */
final class SideHandler extends ChannelInboundHandlerAdapter {
    private final ProxiedConnection connection;

    SideHandler(ProxiedConnection connection) {
        this.connection = connection;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        Pipe pipe = connection.pipeFrom(ctx.channel());
        if (pipe == null) {
            ((ByteBuf) msg).release();
            return;
        }
        pipe.read((ByteBuf) msg);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        Pipe pipe = connection.pipeTo(ctx.channel());
        if (pipe != null) {
            pipe.drain();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        connection.channelClosed(ctx.channel());
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A read failed (ECONNRESET, mostly): Netty closes the channel next; the close is passed on as a reset.
        Pipe pipe = connection.pipeFrom(ctx.channel());
        if (pipe != null) {
            pipe.sourceFailed();
        }
        ctx.close();
    }
}
