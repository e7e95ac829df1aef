package dev.zck.engine.interop;

import dev.zck.spi.Message;
import dev.zck.spi.SocketType;
import java.util.EnumSet;
import java.util.Set;

/** Which socket types a {@link HandshakePeer} can send or receive with, and with what addressing. */
final class Messaging {
    /** SUB, PULL, GATHER and DISH cannot send; RADIO needs a group, PEER a routing id (checked per message). */
    private static final Set<SocketType> SENDERS = EnumSet.of(
            SocketType.PAIR,
            SocketType.PUB,
            SocketType.REQ,
            SocketType.REP,
            SocketType.DEALER,
            SocketType.ROUTER,
            SocketType.PUSH,
            SocketType.XPUB,
            SocketType.XSUB,
            SocketType.SERVER,
            SocketType.CLIENT,
            SocketType.RADIO,
            SocketType.SCATTER,
            SocketType.PEER,
            SocketType.CHANNEL);

    /** PUB, PUSH, SCATTER and RADIO cannot receive; a DISH receives the groups it joined. */
    private static final Set<SocketType> RECEIVERS = EnumSet.of(
            SocketType.PAIR,
            SocketType.SUB,
            SocketType.REQ,
            SocketType.REP,
            SocketType.DEALER,
            SocketType.ROUTER,
            SocketType.PULL,
            SocketType.XPUB,
            SocketType.XSUB,
            SocketType.SERVER,
            SocketType.CLIENT,
            SocketType.DISH,
            SocketType.GATHER,
            SocketType.PEER,
            SocketType.CHANNEL);

    private Messaging() {}

    static void checkSend(SocketType type, Message message) {
        if (!SENDERS.contains(type)) {
            throw new UnsupportedOperationException("a " + type + " peer cannot send here");
        }
        if (type.isSinglePart() && message.size() != 1) {
            throw new UnsupportedOperationException(type + " sends single-part messages only");
        }
        if (type == SocketType.RADIO && message.group().isEmpty()) {
            throw new UnsupportedOperationException("a RADIO peer sends a message in a group: none given");
        }
        if (type != SocketType.RADIO && message.group().isPresent()) {
            throw new IllegalArgumentException("only a RADIO peer sends in a group, not a " + type);
        }
        if (type == SocketType.PEER && message.routingId().isEmpty()) {
            throw new UnsupportedOperationException("a PEER peer sends to a routing id: none given");
        }
        if (type != SocketType.PEER
                && type != SocketType.SERVER
                && message.routingId().isPresent()) {
            throw new IllegalArgumentException("only SERVER and PEER peers send to a routing id, not a " + type);
        }
    }

    static void checkReceive(SocketType type) {
        if (!RECEIVERS.contains(type)) {
            throw new UnsupportedOperationException("a " + type + " peer cannot receive here");
        }
    }
}
