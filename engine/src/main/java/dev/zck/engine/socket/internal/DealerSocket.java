package dev.zck.engine.socket.internal;

import dev.zck.engine.ZmtpMessage;
import dev.zck.spi.Message;
import dev.zck.spi.SocketType;
import dev.zck.spi.ZmqException;
import io.netty.channel.EventLoop;

/** DEALER (RFC 28) and CLIENT (RFC 41, single-part): round robin out, fair queue in, no envelope; blocks at HWM. */
final class DealerSocket extends SocketCore {
    private final LoadBalancer lb = new LoadBalancer();
    private final FairQueue fq = new FairQueue();

    DealerSocket(SocketType type, EngineRuntime runtime, EventLoop loop) {
        super(type, runtime, loop);
    }

    @Override
    protected void attached(Pipe pipe) {
        if (options.probeRouter && type == SocketType.DEALER) {
            Messages.probe(pipe);
        }
    }

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
    protected Message xrecv() {
        while (true) {
            ZmtpMessage message = fq.receive(pipes);
            if (message == null) {
                return null;
            }
            // CLIENT drops every frame of a multipart message (RFC 41, CLIENT-DISCARD-MULTIPART-IN).
            if (!type.isSinglePart() || message.size() == 1) {
                return Messages.fromWire(message);
            }
        }
    }
}
