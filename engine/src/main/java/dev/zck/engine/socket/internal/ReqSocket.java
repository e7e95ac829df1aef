package dev.zck.engine.socket.internal;

import dev.zck.engine.ZmtpMessage;
import dev.zck.spi.ErrorKind;
import dev.zck.spi.Message;
import dev.zck.spi.SocketType;
import dev.zck.spi.ZmqException;
import io.netty.channel.EventLoop;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * REQ (RFC 28): strict send, receive, send... (EFSM otherwise) unless REQ_RELAXED. A request goes round robin with an
 * empty delimiter frame in front (and with REQ_CORRELATE a 4-octet request id before it); only the reply from the
 * peer that got the request, with the matching envelope, is delivered; anything else is dropped, including what
 * arrived before the request was sent.
 */
final class ReqSocket extends SocketCore {
    private final LoadBalancer lb = new LoadBalancer();
    private boolean expectingReply;
    private Pipe replyPipe;
    private int requestId = 1;

    ReqSocket(EngineRuntime runtime, EventLoop loop) {
        super(SocketType.REQ, runtime, loop);
    }

    @Override
    protected void attached(Pipe pipe) {
        if (options.probeRouter) {
            Messages.probe(pipe);
        }
    }

    @Override
    protected void terminated(Pipe pipe) {
        if (pipe == replyPipe) {
            replyPipe = null;
        }
    }

    @Override
    protected boolean xsend(Message message) throws ZmqException {
        if (expectingReply && !options.reqRelaxed) {
            throw new ZmqException(ErrorKind.WRONG_STATE, "EFSM: REQ must receive the reply before sending again");
        }
        List<byte[]> frames = new ArrayList<>(message.frames().size() + 2);
        if (options.reqCorrelate) {
            frames.add(ByteBuffer.allocate(4).putInt(requestId + 1).array());
        }
        frames.add(new byte[0]);
        frames.addAll(message.frames());
        if (!lb.canSend(pipes)) {
            return false;
        }
        discardQueued();
        Pipe pipe = lb.send(pipes, ZmtpMessage.wrap(frames));
        if (pipe == null) {
            return false;
        }
        if (options.reqCorrelate) {
            requestId++;
        }
        replyPipe = pipe;
        expectingReply = true;
        return true;
    }

    @Override
    protected Message xrecv() throws ZmqException {
        if (!expectingReply) {
            throw new ZmqException(ErrorKind.WRONG_STATE, "EFSM: REQ must send a request before receiving");
        }
        while (replyPipe != null) {
            ZmtpMessage reply = replyPipe.read();
            if (reply == null) {
                break;
            }
            List<byte[]> frames = reply.framesView();
            int bodyStart = options.reqCorrelate ? 2 : 1;
            if (frames.size() <= bodyStart || frames.get(bodyStart - 1).length != 0) {
                continue;
            }
            if (options.reqCorrelate
                    && (frames.get(0).length != 4
                            || ByteBuffer.wrap(frames.get(0)).getInt() != requestId)) {
                continue;
            }
            expectingReply = false;
            return Message.of(frames.subList(bodyStart, frames.size()));
        }
        discardOthers();
        return null;
    }

    /**
     * A new request starts clean: whatever arrived while no reply was awaited (strays, replies to an abandoned
     * request) is dropped, so that it cannot pass for the reply to this request (as libzmq's req.cpp xsend does).
     */
    private void discardQueued() {
        pipes.forEach(Pipe::discardInbound);
    }

    /** Replies from peers other than the one asked are dropped, so that their pipes never fill up. */
    private void discardOthers() {
        for (Pipe pipe : pipes) {
            if (pipe != replyPipe) {
                pipe.discardInbound();
            }
        }
    }
}
