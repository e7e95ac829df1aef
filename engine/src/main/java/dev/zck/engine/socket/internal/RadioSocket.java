package dev.zck.engine.socket.internal;

import dev.zck.engine.ZmtpCommand;
import dev.zck.engine.ZmtpMessage;
import dev.zck.spi.ErrorKind;
import dev.zck.spi.Message;
import dev.zck.spi.SocketType;
import dev.zck.spi.ZmqException;
import io.netty.channel.EventLoop;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

/**
 * RADIO (RFC 48): a message goes to every DISH that joined its group (exact match, not prefix), as two frames on the
 * wire, group then body, the way libzmq's radio session sends them; a DISH at its HWM misses it.
 */
final class RadioSocket extends SocketCore {
    RadioSocket(EngineRuntime runtime, EventLoop loop) {
        super(SocketType.RADIO, runtime, loop);
    }

    @SuppressWarnings("unchecked")
    private static Set<String> groups(Pipe pipe) {
        return (Set<String>) pipe.data;
    }

    @Override
    protected void attached(Pipe pipe) {
        pipe.data = new HashSet<String>();
    }

    @Override
    protected void terminated(Pipe pipe) {}

    @Override
    protected void onGroupCommand(Pipe pipe, ZmtpCommand command) {
        Set<String> groups = groups(pipe);
        if (groups == null) {
            return;
        }
        if (command instanceof ZmtpCommand.Join join) {
            groups.add(new String(join.group(), StandardCharsets.UTF_8));
        } else if (command instanceof ZmtpCommand.Leave leave) {
            groups.remove(new String(leave.group(), StandardCharsets.UTF_8));
        }
    }

    @Override
    protected boolean xsend(Message message) throws ZmqException {
        Messages.requireSinglePart(type, message);
        String group = message.group()
                .orElseThrow(() -> new ZmqException(ErrorKind.OTHER, "EINVAL: a RADIO message needs a group"));
        ZmtpMessage wire =
                ZmtpMessage.wrap(java.util.List.of(group.getBytes(StandardCharsets.UTF_8), message.frame(0)));
        for (Pipe pipe : pipes) {
            if (groups(pipe) != null && groups(pipe).contains(group) && pipe.write(wire)) {
                pipe.flush();
            }
        }
        return true;
    }

    @Override
    protected Message xrecv() throws ZmqException {
        throw Messages.unsupported(type, "receive");
    }

    @Override
    protected void afterWake() {
        // RADIO ignores messages from its peers
        pipes.forEach(Pipe::discardInbound);
    }
}
