package dev.zck.engine.socket.internal;

import dev.zck.engine.ZmtpMessage;
import dev.zck.spi.ErrorKind;
import dev.zck.spi.Message;
import dev.zck.spi.SocketType;
import dev.zck.spi.ZmqException;
import io.netty.channel.EventLoop;
import java.util.ArrayList;
import java.util.List;

/**
 * REP (RFC 28): receive, reply, receive... (EFSM otherwise). A request's envelope (every frame up to and including
 * the first empty one) is kept and put back in front of the reply, which goes to the peer the request came from; a
 * request without a delimiter is dropped. A reply to a peer that left, or whose pipe is full, is dropped.
 */
final class RepSocket extends SocketCore {
    private final FairQueue fq = new FairQueue();
    private boolean replying;
    private Pipe replyPipe;
    private List<byte[]> envelope;

    RepSocket(EngineRuntime runtime, EventLoop loop) {
        super(SocketType.REP, runtime, loop);
    }

    @Override
    protected void attached(Pipe pipe) {}

    @Override
    protected void terminated(Pipe pipe) {
        if (pipe == replyPipe) {
            replyPipe = null;
        }
    }

    @Override
    protected boolean xsend(Message message) throws ZmqException {
        if (!replying) {
            throw new ZmqException(ErrorKind.WRONG_STATE, "EFSM: REP must receive a request before replying");
        }
        replying = false;
        if (replyPipe != null) {
            List<byte[]> frames = new ArrayList<>(envelope);
            frames.addAll(message.frames());
            if (replyPipe.write(ZmtpMessage.wrap(frames))) {
                replyPipe.flush();
            }
        }
        replyPipe = null;
        envelope = null;
        return true;
    }

    @Override
    protected Message xrecv() throws ZmqException {
        if (replying) {
            throw new ZmqException(ErrorKind.WRONG_STATE, "EFSM: REP must reply before receiving again");
        }
        while (true) {
            ZmtpMessage request = fq.receive(pipes);
            if (request == null) {
                return null;
            }
            List<byte[]> frames = request.framesView();
            int delimiter = -1;
            for (int i = 0; i < frames.size(); i++) {
                if (frames.get(i).length == 0) {
                    delimiter = i;
                    break;
                }
            }
            if (delimiter < 0) {
                continue;
            }
            envelope = List.copyOf(frames.subList(0, delimiter + 1));
            replyPipe = fq.lastPipe();
            replying = true;
            List<byte[]> body = frames.subList(delimiter + 1, frames.size());
            return body.isEmpty() ? Message.of(new byte[0]) : Message.of(body);
        }
    }
}
