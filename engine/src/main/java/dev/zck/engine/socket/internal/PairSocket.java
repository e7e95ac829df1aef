package dev.zck.engine.socket.internal;

import dev.zck.engine.ZmtpMessage;
import dev.zck.spi.Message;
import dev.zck.spi.SocketType;
import dev.zck.spi.ZmqException;
import io.netty.channel.EventLoop;

/**
 * PAIR (RFC 31) and CHANNEL (RFC 52, single-part): exactly one peer. A second peer that connects while one is attached
 * is disconnected, as in libzmq; sending blocks while there is no peer or it is full. CHANNEL discards every multipart
 * message its peer sends (RFC 52).
 */
final class PairSocket extends SocketCore {
    private Pipe peer;

    PairSocket(SocketType type, EngineRuntime runtime, EventLoop loop) {
        super(type, runtime, loop);
    }

    @Override
    protected void attached(Pipe pipe) {
        if (peer == null) {
            peer = pipe;
        } else {
            pipes.remove(pipe);
            pipe.terminate();
        }
    }

    @Override
    protected void terminated(Pipe pipe) {
        if (pipe == peer) {
            peer = null;
        }
    }

    @Override
    protected boolean xsend(Message message) throws ZmqException {
        if (type.isSinglePart()) {
            Messages.requireSinglePart(type, message);
        }
        if (peer == null || !peer.write(Messages.toWire(message))) {
            return false;
        }
        peer.flush();
        return true;
    }

    @Override
    protected Message xrecv() {
        while (peer != null) {
            ZmtpMessage message = peer.read();
            if (message == null) {
                return null;
            }
            if (message.size() == 1 || !type.isSinglePart()) {
                return Messages.fromWire(message);
            }
        }
        return null;
    }
}
