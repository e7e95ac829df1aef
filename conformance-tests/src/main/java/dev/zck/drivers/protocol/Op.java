package dev.zck.drivers.protocol;

import java.util.Optional;

/** The operations of driver protocol version 1 (spec/DRIVER-PROTOCOL.md, section 3), with their wire names. */
public enum Op {
    HELLO("hello"),
    SOCKET("socket"),
    SET("set"),
    GET("get"),
    BIND("bind"),
    CONNECT("connect"),
    UNBIND("unbind"),
    DISCONNECT("disconnect"),
    CONNECT_PEER("connectPeer"),
    SEND("send"),
    RECV("recv"),
    CLOSE("close"),
    BYE("bye");

    private final String wireName;

    Op(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Op> fromWireName(String name) {
        for (Op op : values()) {
            if (op.wireName.equals(name)) {
                return Optional.of(op);
            }
        }
        return Optional.empty();
    }
}
