package dev.zck.engine;

import java.nio.charset.StandardCharsets;

/**
 * ZMTP commands the engine understands (RFC 23, RFC 37). A command frame's body is a length-prefixed name followed by
 * data; {@link ZmtpCommands} parses and writes them. Names the engine does not know become {@link Unknown}, which the
 * engine ignores after the handshake.
 */
public sealed interface ZmtpCommand {

    /** The command name as on the wire, e.g. {@code READY}. */
    String name();

    /** The octets after the name. */
    byte[] data();

    /** READY: the NULL mechanism's (and PLAIN's, CURVE's) metadata. */
    record Ready(Metadata metadata) implements ZmtpCommand {
        public String name() {
            return "READY";
        }

        public byte[] data() {
            return metadata.encode();
        }
    }

    /** ERROR: a fatal handshake error with a reason of at most 255 octets. */
    record Error(String reason) implements ZmtpCommand {
        public String name() {
            return "ERROR";
        }

        /** One length octet and the reason, cut at 255 octets. */
        public byte[] data() {
            byte[] text = reason.getBytes(StandardCharsets.UTF_8);
            int length = Math.min(text.length, 255);
            byte[] out = new byte[1 + length];
            out[0] = (byte) length;
            System.arraycopy(text, 0, out, 1, length);
            return out;
        }
    }

    /** PING (3.1): TTL in deciseconds (0..65535) and up to 16 octets of context. */
    record Ping(int ttlDeciseconds, byte[] context) implements ZmtpCommand {
        public String name() {
            return "PING";
        }

        public byte[] data() {
            byte[] out = new byte[2 + context.length];
            out[0] = (byte) (ttlDeciseconds >>> 8);
            out[1] = (byte) ttlDeciseconds;
            System.arraycopy(context, 0, out, 2, context.length);
            return out;
        }
    }

    /** PONG (3.1): echoes a PING's context. */
    record Pong(byte[] context) implements ZmtpCommand {
        public String name() {
            return "PONG";
        }

        public byte[] data() {
            return context.clone();
        }
    }

    /** SUBSCRIBE (3.1): a topic prefix. */
    record Subscribe(byte[] topic) implements ZmtpCommand {
        public String name() {
            return "SUBSCRIBE";
        }

        public byte[] data() {
            return topic.clone();
        }
    }

    /** CANCEL (3.1): removes one count of a topic prefix. */
    record Cancel(byte[] topic) implements ZmtpCommand {
        public String name() {
            return "CANCEL";
        }

        public byte[] data() {
            return topic.clone();
        }
    }

    /** JOIN (3.1, RADIO/DISH): a group. */
    record Join(byte[] group) implements ZmtpCommand {
        public String name() {
            return "JOIN";
        }

        public byte[] data() {
            return group.clone();
        }
    }

    /** LEAVE (3.1, RADIO/DISH): a group. */
    record Leave(byte[] group) implements ZmtpCommand {
        public String name() {
            return "LEAVE";
        }

        public byte[] data() {
            return group.clone();
        }
    }

    /** Any other command, e.g. a mechanism's HELLO or one the engine does not know. */
    record Unknown(String name, byte[] data) implements ZmtpCommand {}
}
