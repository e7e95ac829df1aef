package dev.zck.engine.socket.internal;

import dev.zck.engine.ZmtpCommand;
import dev.zck.engine.ZmtpMessage;
import dev.zck.spi.ErrorKind;
import dev.zck.spi.Message;
import dev.zck.spi.SocketOption;
import dev.zck.spi.SocketType;
import dev.zck.spi.ZmqException;
import io.netty.channel.EventLoop;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * DISH (RFC 48): joins groups with JOIN commands (sent again after each reconnection) and receives the messages of
 * the groups it joined, each with its group; what arrives while a radio's queue is full is discarded. Groups are at
 * most 255 octets (RFC 48; libzmq's ZMQ_GROUP_MAX_LENGTH).
 */
final class DishSocket extends SocketCore {
    static final int MAX_GROUP = 255;

    private final Set<String> groups = new LinkedHashSet<>();
    private final FairQueue fq = new FairQueue();

    DishSocket(EngineRuntime runtime, EventLoop loop) {
        super(SocketType.DISH, runtime, loop);
    }

    @Override
    protected void attached(Pipe pipe) {
        joinAll(pipe);
    }

    @Override
    protected void hiccuped(Pipe pipe) {
        joinAll(pipe);
    }

    private void joinAll(Pipe pipe) {
        if (pipe.connected()) {
            for (String group : groups) {
                pipe.command(new ZmtpCommand.Join(group.getBytes(StandardCharsets.UTF_8)));
            }
        }
    }

    @Override
    protected void terminated(Pipe pipe) {}

    @Override
    protected boolean discardsWhenFull() {
        return true;
    }

    @Override
    protected void setWriteOnly(SocketOption<?> option, Object value) throws ZmqException {
        if (option != SocketOption.JOIN && option != SocketOption.LEAVE) {
            super.setWriteOnly(option, value);
            return;
        }
        String group = (String) value;
        if (group.getBytes(StandardCharsets.UTF_8).length > MAX_GROUP) {
            throw new ZmqException(ErrorKind.OTHER, "EINVAL: a group has at most " + MAX_GROUP + " octets");
        }
        boolean join = option == SocketOption.JOIN;
        if (join ? !groups.add(group) : !groups.remove(group)) {
            throw new ZmqException(ErrorKind.OTHER, "EINVAL: " + (join ? "already joined " : "not joined ") + group);
        }
        byte[] bytes = group.getBytes(StandardCharsets.UTF_8);
        for (Pipe pipe : pipes) {
            pipe.command(join ? new ZmtpCommand.Join(bytes) : new ZmtpCommand.Leave(bytes));
        }
    }

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
            List<byte[]> frames = message.framesView();
            if (frames.size() != 2) {
                continue;
            }
            String group = new String(frames.get(0), StandardCharsets.UTF_8);
            if (groups.contains(group)) {
                return Message.of(frames.get(1)).withGroup(group);
            }
        }
    }
}
