package dev.zck.engine.socket.internal;

import dev.zck.engine.ZmtpSessionConfig;
import dev.zck.spi.ErrorKind;
import dev.zck.spi.SocketOption;
import dev.zck.spi.SocketType;
import dev.zck.spi.ZmqException;
import java.util.Arrays;

/**
 * A socket's options with libzmq 4.3's defaults (doc/zmq_setsockopt.adoc). Confined to the socket's event loop.
 * Options that only matter when a connection is made (HWMs, heartbeats, identity...) apply to later connections, as in
 * libzmq.
 */
public final class Options {
    public int sndhwm = 1000;
    public int rcvhwm = 1000;
    public int linger = -1;
    public int reconnectIvl = 100;
    public int reconnectIvlMax = 0;
    public boolean immediate;
    public byte[] routingId = new byte[0];
    public boolean routerMandatory;
    public boolean routerHandover;
    public boolean xpubNodrop;
    public boolean xpubVerbose;
    public boolean reqRelaxed;
    public boolean reqCorrelate;
    public boolean probeRouter;
    public int heartbeatIvl;
    public int heartbeatTtl;
    public int heartbeatTimeout = -1;
    public long maxMsgSize = -1;
    public int handshakeIvl = 30_000;
    public boolean conflate;

    /** The session configuration for a new connection of a socket of {@code type}. */
    public ZmtpSessionConfig sessionConfig(SocketType type, boolean bindSide) {
        return ZmtpSessionConfig.of(type)
                .withAsServer(bindSide)
                .withIdentity(routingId)
                .withMaxMessageSize(maxMsgSize)
                .withHandshakeIvl(handshakeIvl)
                .withHeartbeat(heartbeatIvl, heartbeatTtl, heartbeatTimeout < 0 ? 0 : heartbeatTimeout);
    }

    /**
     * Whether CONFLATE takes effect for a socket of {@code type}: only DEALER, PULL, PUSH, PUB and SUB, as libzmq's
     * get_effective_conflate_option decides; other types accept the option and ignore it (OPT-CONFLATE).
     */
    public boolean conflates(SocketType type) {
        return conflate
                && switch (type) {
                    case DEALER, PULL, PUSH, PUB, SUB -> true;
                    default -> false;
                };
    }

    /** Applies a set; throws for a value libzmq would refuse with EINVAL. */
    public <T> void set(SocketOption<T> option, T value) throws ZmqException {
        Object v = value;
        switch (option.name()) {
            case "SNDHWM" -> sndhwm = nonNegative(option, v);
            case "RCVHWM" -> rcvhwm = nonNegative(option, v);
            case "LINGER" -> linger = atLeast(option, v, -1);
            case "RECONNECT_IVL" -> reconnectIvl = atLeast(option, v, -1);
            case "RECONNECT_IVL_MAX" -> reconnectIvlMax = nonNegative(option, v);
            case "IMMEDIATE" -> immediate = (Boolean) v;
            case "ROUTING_ID" -> {
                byte[] id = (byte[]) v;
                if (id.length < 1 || id.length > 255) {
                    throw invalid(option, "a routing id has 1 to 255 octets, got " + id.length);
                }
                routingId = id.clone();
            }
            case "ROUTER_MANDATORY" -> routerMandatory = (Boolean) v;
            case "ROUTER_HANDOVER" -> routerHandover = (Boolean) v;
            case "XPUB_NODROP" -> xpubNodrop = (Boolean) v;
            case "XPUB_VERBOSE" -> xpubVerbose = (Boolean) v;
            case "REQ_RELAXED" -> reqRelaxed = (Boolean) v;
            case "REQ_CORRELATE" -> reqCorrelate = (Boolean) v;
            case "PROBE_ROUTER" -> probeRouter = (Boolean) v;
            case "HEARTBEAT_IVL" -> heartbeatIvl = nonNegative(option, v);
            case "HEARTBEAT_TTL" -> {
                int ttl = nonNegative(option, v);
                if (ttl > 6_553_599) {
                    throw invalid(option, "at most 6553599 ms");
                }
                heartbeatTtl = ttl / 100 * 100; // kept in whole deciseconds, as libzmq does
            }
            case "HEARTBEAT_TIMEOUT" -> heartbeatTimeout = atLeast(option, v, -1);
            case "MAXMSGSIZE" -> maxMsgSize = atLeast(option, v, -1);
            case "HANDSHAKE_IVL" -> handshakeIvl = nonNegative(option, v);
            case "CONFLATE" -> conflate = (Boolean) v;
            default ->
                throw new ZmqException(
                        ErrorKind.UNSUPPORTED, "the reference engine does not support option " + option.name());
        }
    }

    /** Reads an option; write-only options and unsupported ones fail. */
    public Object get(SocketOption<?> option) throws ZmqException {
        return switch (option.name()) {
            case "SNDHWM" -> sndhwm;
            case "RCVHWM" -> rcvhwm;
            case "LINGER" -> linger;
            case "RECONNECT_IVL" -> reconnectIvl;
            case "RECONNECT_IVL_MAX" -> reconnectIvlMax;
            case "IMMEDIATE" -> immediate;
            case "ROUTING_ID" -> routingId.clone();
            case "ROUTER_MANDATORY" -> routerMandatory;
            case "ROUTER_HANDOVER" -> routerHandover;
            case "XPUB_NODROP" -> xpubNodrop;
            case "XPUB_VERBOSE" -> xpubVerbose;
            case "REQ_RELAXED" -> reqRelaxed;
            case "REQ_CORRELATE" -> reqCorrelate;
            case "PROBE_ROUTER" -> probeRouter;
            case "HEARTBEAT_IVL" -> heartbeatIvl;
            case "HEARTBEAT_TTL" -> heartbeatTtl;
            case "HEARTBEAT_TIMEOUT" -> heartbeatTimeout;
            case "MAXMSGSIZE" -> (int) Math.min(Integer.MAX_VALUE, maxMsgSize);
            case "HANDSHAKE_IVL" -> handshakeIvl;
            case "CONFLATE" -> conflate;
            default ->
                throw new ZmqException(
                        ErrorKind.UNSUPPORTED, "the reference engine cannot read option " + option.name());
        };
    }

    private static int nonNegative(SocketOption<?> option, Object value) throws ZmqException {
        return atLeast(option, value, 0);
    }

    private static int atLeast(SocketOption<?> option, Object value, int min) throws ZmqException {
        int v = (Integer) value;
        if (v < min) {
            throw invalid(option, "must be " + min + " or more, got " + v);
        }
        return v;
    }

    private static ZmqException invalid(SocketOption<?> option, String why) {
        return new ZmqException(ErrorKind.OTHER, "EINVAL: " + option.name() + " " + why);
    }

    @Override
    public String toString() {
        return "Options[sndhwm=" + sndhwm + " rcvhwm=" + rcvhwm + " linger=" + linger + " routingId="
                + Arrays.toString(routingId) + "]";
    }
}
