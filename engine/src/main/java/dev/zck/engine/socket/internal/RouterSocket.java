package dev.zck.engine.socket.internal;

import dev.zck.engine.ZmtpMessage;
import dev.zck.spi.ErrorKind;
import dev.zck.spi.Message;
import dev.zck.spi.SocketType;
import dev.zck.spi.ZmqException;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * ROUTER (RFC 28): every peer gets a routing id, its announced Identity or else a generated 5-octet one (00 and a
 * 32-bit counter, as libzmq makes them). Received messages start with the sender's id; a sent message's first frame
 * picks the peer. An unknown peer or a full pipe drops the message, unless ROUTER_MANDATORY, which reports
 * EHOSTUNREACH, and would-block for a full pipe. A second peer announcing an id in use is refused, unless
 * ROUTER_HANDOVER, which hands the id to the newcomer.
 */
final class RouterSocket extends SocketCore {
    private final Map<Blob, Pipe> byId = new HashMap<>();
    private final List<Pipe> identified = new ArrayList<>();
    private final FairQueue fq = new FairQueue();
    private int nextId = 1;

    RouterSocket(EngineRuntime runtime, EventLoop loop) {
        super(SocketType.ROUTER, runtime, loop);
    }

    @Override
    protected void attached(Pipe pipe) {
        if (options.probeRouter) {
            Messages.probe(pipe);
        }
        if (pipe.peer() != null) {
            identify(pipe);
        }
    }

    @Override
    protected void hiccuped(Pipe pipe) {
        if (!identified.contains(pipe) && pipe.peer() != null) {
            identify(pipe);
        }
    }

    private void identify(Pipe pipe) {
        byte[] announced = pipe.peer().identity().orElse(new byte[0]);
        Blob id;
        if (announced.length > 0) {
            id = new Blob(announced);
            Pipe holder = byId.get(id);
            if (holder != null) {
                if (!options.routerHandover) {
                    pipes.remove(pipe);
                    pipe.terminate();
                    return;
                }
                byId.remove(id);
                identified.remove(holder);
                holder.terminate();
            }
        } else {
            do {
                int n = nextId++;
                id = new Blob(new byte[] {0, (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
            } while (byId.containsKey(id));
        }
        pipe.routingId(id.bytes());
        byId.put(id, pipe);
        identified.add(pipe);
    }

    @Override
    protected void terminated(Pipe pipe) {
        if (identified.remove(pipe)) {
            byId.remove(new Blob(pipe.routingId()), pipe);
        }
    }

    @Override
    protected boolean xsend(Message message) throws ZmqException {
        List<byte[]> frames = message.frames();
        Pipe pipe = byId.get(new Blob(frames.get(0)));
        if (pipe == null) {
            if (options.routerMandatory) {
                throw new ZmqException(ErrorKind.HOST_UNREACHABLE, "EHOSTUNREACH: no peer with that routing id");
            }
            return true;
        }
        if (frames.size() == 1) {
            return true;
        }
        ZmtpMessage body = ZmtpMessage.wrap(frames.subList(1, frames.size()));
        if (!pipe.write(body)) {
            return !options.routerMandatory;
        }
        pipe.flush();
        return true;
    }

    @Override
    protected Message xrecv() {
        ZmtpMessage message = fq.receive(identified);
        if (message == null) {
            return null;
        }
        List<byte[]> frames = new ArrayList<>(message.size() + 1);
        frames.add(fq.lastPipe().routingId());
        frames.addAll(message.framesView());
        return Message.of(frames);
    }
}
