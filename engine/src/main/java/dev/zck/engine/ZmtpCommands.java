package dev.zck.engine;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Parses and writes ZMTP command bodies: {@code <name length> <name> <data>} (RFC 23/37 grammar). */
public final class ZmtpCommands {
    /** Longest PING context echoed (RFC 37). */
    public static final int MAX_PING_CONTEXT = 16;

    private ZmtpCommands() {}

    /** The body of a command frame for {@code command}. */
    public static byte[] encode(ZmtpCommand command) {
        byte[] data = command.data();
        byte[] name = command.name().getBytes(StandardCharsets.US_ASCII);
        byte[] body = new byte[1 + name.length + data.length];
        body[0] = (byte) name.length;
        System.arraycopy(name, 0, body, 1, name.length);
        System.arraycopy(data, 0, body, 1 + name.length, data.length);
        return body;
    }

    /**
     * Parses a command frame body.
     *
     * @throws ProtocolViolation when the name is missing or cut short, or a known command's data is malformed
     */
    public static ZmtpCommand decode(byte[] body) throws ProtocolViolation {
        if (body.length == 0 || body[0] == 0) {
            throw new ProtocolViolation("ZMTP3-CMD-NAME-GRAMMAR", "command frame without a name");
        }
        int nameLength = body[0] & 0xff;
        if (nameLength + 1 > body.length) {
            throw new ProtocolViolation(
                    "ZMTP3-CMD-NAME-GRAMMAR", "command name of " + nameLength + " octets in a body of " + body.length);
        }
        String name = new String(body, 1, nameLength, StandardCharsets.US_ASCII);
        int data = 1 + nameLength;
        return switch (name) {
            case "READY" -> new ZmtpCommand.Ready(Metadata.decode(body, data));
            case "ERROR" -> {
                if (body.length <= data || (body[data] & 0xff) != body.length - data - 1) {
                    throw new ProtocolViolation("ZMTP3-ERROR-GRAMMAR", "ERROR reason length does not match its body");
                }
                yield new ZmtpCommand.Error(new String(body, data + 1, body.length - data - 1, StandardCharsets.UTF_8));
            }
            case "PING" -> {
                if (body.length < data + 2) {
                    throw new ProtocolViolation("ZMTP31-PING-GRAMMAR", "PING without its 2-octet TTL");
                }
                int ttl = ((body[data] & 0xff) << 8) | (body[data + 1] & 0xff);
                yield new ZmtpCommand.Ping(ttl, Arrays.copyOfRange(body, data + 2, body.length));
            }
            case "PONG" -> new ZmtpCommand.Pong(Arrays.copyOfRange(body, data, body.length));
            case "SUBSCRIBE" -> new ZmtpCommand.Subscribe(Arrays.copyOfRange(body, data, body.length));
            case "CANCEL" -> new ZmtpCommand.Cancel(Arrays.copyOfRange(body, data, body.length));
            case "JOIN" -> new ZmtpCommand.Join(Arrays.copyOfRange(body, data, body.length));
            case "LEAVE" -> new ZmtpCommand.Leave(Arrays.copyOfRange(body, data, body.length));
            default -> new ZmtpCommand.Unknown(name, Arrays.copyOfRange(body, data, body.length));
        };
    }
}
