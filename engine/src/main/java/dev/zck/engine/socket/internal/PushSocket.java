package dev.zck.engine.socket.internal;

import dev.zck.spi.Message;
import dev.zck.spi.SocketType;
import dev.zck.spi.ZmqException;
import io.netty.channel.EventLoop;

/** PUSH (RFC 30): round robin to PULL peers, blocks when all are full or there is none. */
final class PushSocket extends SocketCore {
    private final LoadBalancer lb = new LoadBalancer();

    PushSocket(EngineRuntime runtime, EventLoop loop) {
        super(SocketType.PUSH, runtime, loop);
    }

    @Override
    protected void attached(Pipe pipe) {}

    @Override
    protected void terminated(Pipe pipe) {}

    @Override
    protected boolean xsend(Message message) {
        return lb.send(pipes, Messages.toWire(message)) != null;
    }

    @Override
    protected Message xrecv() throws ZmqException {
        throw Messages.unsupported(type, "receive");
    }
}
