package dev.zck.engine.socket.internal;

import dev.zck.engine.ZmtpMessage;
import dev.zck.spi.Message;
import dev.zck.spi.SocketType;
import io.netty.channel.EventLoop;

/**
 * PAIR (RFC 31): exactly one peer. A second peer that connects while one is attached is disconnected, as in
 * libzmq; sending blocks while there is no peer or it is full.
 */
final class PairSocket extends SocketCore {
    private Pipe peer;

    PairSocket(EngineRuntime runtime, EventLoop loop) {
        super(SocketType.PAIR, runtime, loop);
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
    protected boolean xsend(Message message) {
        if (peer == null || !peer.write(Messages.toWire(message))) {
            return false;
        }
        peer.flush();
        return true;
    }

    @Override
    protected Message xrecv() {
        ZmtpMessage message = peer == null ? null : peer.read();
        return message == null ? null : Messages.fromWire(message);
    }
}
