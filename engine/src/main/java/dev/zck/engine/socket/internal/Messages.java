package dev.zck.engine.socket.internal;

import dev.zck.engine.ZmtpMessage;
import dev.zck.spi.ErrorKind;
import dev.zck.spi.Message;
import dev.zck.spi.SocketType;
import dev.zck.spi.ZmqException;
import java.util.List;

/** Conversions between the SPI's messages and the engine's, and the checks every type shares. */
final class Messages {
    private Messages() {}

    static ZmtpMessage toWire(Message message) {
        return ZmtpMessage.wrap(message.frames());
    }

    static Message fromWire(ZmtpMessage message) {
        return Message.of(message.framesView());
    }

    static ZmqException unsupported(SocketType type, String operation) {
        return new ZmqException(ErrorKind.UNSUPPORTED, "ENOTSUP: " + type + " cannot " + operation);
    }

    /**
     * PROBE_ROUTER (DEALER, REQ, ROUTER): an empty message written first into every new pipe, so that a ROUTER on the
     * other side learns of this peer before any application data (libzmq dealer.cpp, router.cpp xattach_pipe).
     */
    static void probe(Pipe pipe) {
        if (pipe.write(ZmtpMessage.wrap(List.of(new byte[0])))) {
            pipe.flush();
        }
    }

    static void requireSinglePart(SocketType type, Message message) throws ZmqException {
        if (message.frames().size() != 1) {
            throw new ZmqException(ErrorKind.OTHER, "EINVAL: " + type + " sends single-part messages only");
        }
    }
}
