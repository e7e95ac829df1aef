package dev.zck.engine;

import java.util.Arrays;

/**
 * A subscription change between a SUB/XSUB and a PUB/XPUB. The session writes it in the form the peer speaks (a
 * SUBSCRIBE or CANCEL command to a 3.1 peer, a message starting with 01 or 00 to a 3.0 or 2.0 peer) and delivers
 * either form it receives as one of these (ZMTP31-SUB-COMMAND-FORM).
 *
 * @param subscribe true for SUBSCRIBE (01), false for CANCEL (00)
 * @param topic the prefix
 */
public record ZmtpSubscription(boolean subscribe, byte[] topic) {
    public ZmtpSubscription {
        topic = topic.clone();
    }

    @Override
    public byte[] topic() {
        return topic.clone();
    }

    /** The 3.0 message form: 01 or 00, then the topic. */
    public byte[] messageForm() {
        byte[] out = new byte[topic.length + 1];
        out[0] = (byte) (subscribe ? 1 : 0);
        System.arraycopy(topic, 0, out, 1, topic.length);
        return out;
    }

    /** The 3.1 command form. */
    public ZmtpCommand command() {
        return subscribe ? new ZmtpCommand.Subscribe(topic) : new ZmtpCommand.Cancel(topic);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ZmtpSubscription s && s.subscribe == subscribe && Arrays.equals(s.topic, topic);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(topic) * 2 + (subscribe ? 1 : 0);
    }

    @Override
    public String toString() {
        return (subscribe ? "SUBSCRIBE[" : "CANCEL[") + new String(topic, java.nio.charset.StandardCharsets.UTF_8)
                + "]";
    }
}
