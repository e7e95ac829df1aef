package dev.zck.simulator;

import dev.zck.engine.ZmtpMessage;
import dev.zck.engine.socket.internal.EngineRuntime;
import dev.zck.engine.socket.internal.Pipe;
import dev.zck.engine.socket.internal.SocketCore;
import dev.zck.spi.ErrorKind;
import dev.zck.spi.Message;
import dev.zck.spi.SocketType;
import dev.zck.spi.ZmqException;
import io.netty.channel.EventLoop;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * A deliberately broken PUSH, for the tests only: it routes round robin as the engine's PUSH does, but once a pipe has
 * reconnected, the first message routed to it afterwards is lost (accepted, never written). Made on a host with
 * {@code sim.host(name).socket(LossyPush::new)}.
 */
final class LossyPush extends SocketCore {
    /** Pipes that have had a connection. */
    private final Set<Pipe> connected = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Pipes that got a new connection after losing one, and have not lost a message since. */
    private final Set<Pipe> reconnected = Collections.newSetFromMap(new IdentityHashMap<>());

    private int next;

    LossyPush(EngineRuntime runtime, EventLoop loop) {
        super(SocketType.PUSH, runtime, loop);
    }

    @Override
    protected void attached(Pipe pipe) {
        if (pipe.connected()) {
            connected.add(pipe);
        }
    }

    @Override
    protected void terminated(Pipe pipe) {
        connected.remove(pipe);
        reconnected.remove(pipe);
    }

    /** A connecting pipe got a connection: its first, when it was attached to queue before it had one. */
    @Override
    protected void hiccuped(Pipe pipe) {
        if (!connected.add(pipe)) {
            reconnected.add(pipe);
        }
    }

    @Override
    protected boolean xsend(Message message) {
        int n = pipes.size();
        for (int i = 0; i < n; i++) {
            int index = (next + i) % n;
            Pipe pipe = pipes.get(index);
            if (pipe.canWrite()) {
                next = (index + 1) % n;
                if (reconnected.remove(pipe)) {
                    return true; // the bug: accepted and dropped
                }
                pipe.write(ZmtpMessage.wrap(message.frames()));
                pipe.flush();
                return true;
            }
        }
        return false;
    }

    @Override
    protected Message xrecv() throws ZmqException {
        throw new ZmqException(ErrorKind.UNSUPPORTED, "ENOTSUP: PUSH cannot receive");
    }
}
