package dev.zck.engine.socket.internal;

import dev.zck.spi.Message;
import dev.zck.spi.SocketType;
import dev.zck.spi.ZmqException;
import io.netty.channel.EventLoop;

/** PUSH (RFC 30) and SCATTER (RFC 49, single-part): round robin, blocks when all peers are full or there is none. */
final class PushSocket extends SocketCore {
    private final LoadBalancer lb = new LoadBalancer();

    PushSocket(SocketType type, EngineRuntime runtime, EventLoop loop) {
        super(type, runtime, loop);
    }

    @Override
    protected void attached(Pipe pipe) {}

    @Override
    protected void terminated(Pipe pipe) {}

    @Override
    protected boolean xsend(Message message) throws ZmqException {
        if (type.isSinglePart()) {
            Messages.requireSinglePart(type, message);
        }
        return lb.send(pipes, Messages.toWire(message)) != null;
    }

    @Override
    protected Message xrecv() throws ZmqException {
        throw Messages.unsupported(type, "receive");
    }
}
