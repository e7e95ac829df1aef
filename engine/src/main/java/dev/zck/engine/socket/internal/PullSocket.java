package dev.zck.engine.socket.internal;

import dev.zck.engine.ZmtpMessage;
import dev.zck.spi.Message;
import dev.zck.spi.SocketType;
import dev.zck.spi.ZmqException;
import io.netty.channel.EventLoop;

/**
 * PULL (RFC 30) and GATHER (RFC 49): fair-queue from the peers. GATHER discards every multipart message a peer sends
 * (RFC 49), as libzmq does, and keeps the connection.
 */
final class PullSocket extends SocketCore {
    private final FairQueue fq = new FairQueue();

    PullSocket(SocketType type, EngineRuntime runtime, EventLoop loop) {
        super(type, runtime, loop);
    }

    @Override
    protected void attached(Pipe pipe) {}

    @Override
    protected void terminated(Pipe pipe) {}

    @Override
    protected boolean xsend(Message message) throws ZmqException {
        throw Messages.unsupported(type, "send");
    }

    @Override
    protected Message xrecv() {
        while (true) {
            ZmtpMessage message = fq.receive(pipes);
            if (message == null) {
                return null;
            }
            if (message.size() == 1 || !type.isSinglePart()) {
                return Messages.fromWire(message);
            }
        }
    }
}
