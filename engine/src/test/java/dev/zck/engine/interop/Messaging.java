package dev.zck.engine.interop;

import dev.zck.spi.SocketType;
import java.util.EnumSet;
import java.util.Set;

/** Which socket types a {@link HandshakePeer} can send or receive with, without set-up beyond bind/connect. */
final class Messaging {
    /** SUB, PULL and GATHER cannot send; RADIO needs a group, PEER a routing id from its connect call. */
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
            SocketType.SCATTER,
            SocketType.CHANNEL);

    /** PUB, PUSH and SCATTER cannot receive; DISH needs to join a group, RADIO cannot receive. */
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
            SocketType.GATHER,
            SocketType.PEER,
            SocketType.CHANNEL);

    private Messaging() {}

    static void checkSend(SocketType type, byte[][] frames) {
        if (!SENDERS.contains(type)) {
            throw new UnsupportedOperationException("a " + type + " peer cannot send here");
        }
        if (frames.length == 0) {
            throw new IllegalArgumentException("a message has at least one frame");
        }
        if (type.isSinglePart() && frames.length != 1) {
            throw new UnsupportedOperationException(type + " sends single-part messages only");
        }
    }

    static void checkReceive(SocketType type) {
        if (!RECEIVERS.contains(type)) {
            throw new UnsupportedOperationException("a " + type + " peer cannot receive here");
        }
    }
}
