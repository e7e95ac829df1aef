package dev.zck.engine;

import dev.zck.spi.SocketType;
import java.util.Objects;

/**
 * Everything one ZMTP connection needs from local configuration: the socket type it announces, the mechanism and
 * role, the identity, limits and timers. Durations are in milliseconds, as in libzmq's options; the session turns
 * them into event-loop timers and never reads a clock itself.
 *
 * @param socketType announced in READY (or the ZMTP 2.0 socket-type octet) and checked against the peer's
 * @param mechanism the security mechanism; {@link NullMechanism#INSTANCE} by default
 * @param asServer the role for the mechanism (RFC 23, Topology); by default the binding side is the server
 * @param identity the routing id announced as Identity (REQ, DEALER, ROUTER only, as libzmq does); empty for none
 * @param properties extra properties for READY, each named {@code X-...}
 * @param maxMessageSize MAXMSGSIZE: the largest frame accepted, -1 for no limit but the engine's
 * @param handshakeIvlMillis HANDSHAKE_IVL: close if greeting and handshake are not done by then; 0 for no limit
 * @param heartbeatIvlMillis HEARTBEAT_IVL: send a PING to 3.1 peers this often; 0 for no heartbeat
 * @param heartbeatTtlMillis HEARTBEAT_TTL: the TTL announced in each PING, rounded down to deciseconds
 * @param heartbeatTimeoutMillis HEARTBEAT_TIMEOUT: close if nothing arrives this long after a PING; 0 means the
 *     heartbeat interval, as in libzmq
 * @param acceptZmtp20 speak ZMTP 2.0 to 2.0 peers (only ever with NULL); when false they are refused
 */
public record ZmtpSessionConfig(
        SocketType socketType,
        ZmtpMechanism mechanism,
        boolean asServer,
        byte[] identity,
        Metadata properties,
        long maxMessageSize,
        long handshakeIvlMillis,
        long heartbeatIvlMillis,
        long heartbeatTtlMillis,
        long heartbeatTimeoutMillis,
        boolean acceptZmtp20) {

    /** libzmq's default HANDSHAKE_IVL. */
    public static final long DEFAULT_HANDSHAKE_IVL_MILLIS = 30_000;

    public ZmtpSessionConfig {
        Objects.requireNonNull(socketType, "socketType");
        Objects.requireNonNull(mechanism, "mechanism");
        identity = identity.clone();
        Objects.requireNonNull(properties, "properties");
        if (identity.length > 255) {
            throw new IllegalArgumentException("an identity has at most 255 octets, not " + identity.length);
        }
        for (Metadata.Property p : properties.properties()) {
            if (!p.name().regionMatches(true, 0, "X-", 0, 2)) {
                throw new IllegalArgumentException("application properties are named X-..., not " + p.name());
            }
        }
        if (handshakeIvlMillis < 0 || heartbeatIvlMillis < 0 || heartbeatTtlMillis < 0 || heartbeatTimeoutMillis < 0) {
            throw new IllegalArgumentException("intervals are 0 or more milliseconds");
        }
        if (heartbeatTtlMillis > 6_553_500) {
            throw new IllegalArgumentException("HEARTBEAT_TTL is at most 6553500 ms (65535 deciseconds)");
        }
    }

    /** NULL, client role, no identity, libzmq's defaults for the rest. */
    public static ZmtpSessionConfig of(SocketType socketType) {
        return new ZmtpSessionConfig(
                socketType,
                NullMechanism.INSTANCE,
                false,
                new byte[0],
                Metadata.empty(),
                -1,
                DEFAULT_HANDSHAKE_IVL_MILLIS,
                0,
                0,
                0,
                true);
    }

    @Override
    public byte[] identity() {
        return identity.clone();
    }

    public ZmtpSessionConfig withAsServer(boolean value) {
        return new ZmtpSessionConfig(
                socketType,
                mechanism,
                value,
                identity,
                properties,
                maxMessageSize,
                handshakeIvlMillis,
                heartbeatIvlMillis,
                heartbeatTtlMillis,
                heartbeatTimeoutMillis,
                acceptZmtp20);
    }

    public ZmtpSessionConfig withIdentity(byte[] value) {
        return new ZmtpSessionConfig(
                socketType,
                mechanism,
                asServer,
                value,
                properties,
                maxMessageSize,
                handshakeIvlMillis,
                heartbeatIvlMillis,
                heartbeatTtlMillis,
                heartbeatTimeoutMillis,
                acceptZmtp20);
    }

    public ZmtpSessionConfig withProperty(String name, String value) {
        return new ZmtpSessionConfig(
                socketType,
                mechanism,
                asServer,
                identity,
                properties.with(name, value),
                maxMessageSize,
                handshakeIvlMillis,
                heartbeatIvlMillis,
                heartbeatTtlMillis,
                heartbeatTimeoutMillis,
                acceptZmtp20);
    }

    public ZmtpSessionConfig withMaxMessageSize(long value) {
        return new ZmtpSessionConfig(
                socketType,
                mechanism,
                asServer,
                identity,
                properties,
                value,
                handshakeIvlMillis,
                heartbeatIvlMillis,
                heartbeatTtlMillis,
                heartbeatTimeoutMillis,
                acceptZmtp20);
    }

    public ZmtpSessionConfig withHandshakeIvl(long millis) {
        return new ZmtpSessionConfig(
                socketType,
                mechanism,
                asServer,
                identity,
                properties,
                maxMessageSize,
                millis,
                heartbeatIvlMillis,
                heartbeatTtlMillis,
                heartbeatTimeoutMillis,
                acceptZmtp20);
    }

    public ZmtpSessionConfig withHeartbeat(long ivlMillis, long ttlMillis, long timeoutMillis) {
        return new ZmtpSessionConfig(
                socketType,
                mechanism,
                asServer,
                identity,
                properties,
                maxMessageSize,
                handshakeIvlMillis,
                ivlMillis,
                ttlMillis,
                timeoutMillis,
                acceptZmtp20);
    }

    public ZmtpSessionConfig withAcceptZmtp20(boolean value) {
        return new ZmtpSessionConfig(
                socketType,
                mechanism,
                asServer,
                identity,
                properties,
                maxMessageSize,
                handshakeIvlMillis,
                heartbeatIvlMillis,
                heartbeatTtlMillis,
                heartbeatTimeoutMillis,
                value);
    }

    public ZmtpSessionConfig withMechanism(ZmtpMechanism value) {
        return new ZmtpSessionConfig(
                socketType,
                value,
                asServer,
                identity,
                properties,
                maxMessageSize,
                handshakeIvlMillis,
                heartbeatIvlMillis,
                heartbeatTtlMillis,
                heartbeatTimeoutMillis,
                acceptZmtp20);
    }

    /** The heartbeat timeout in effect: the configured one, or the interval when none is set. */
    public long effectiveHeartbeatTimeoutMillis() {
        return heartbeatTimeoutMillis > 0 ? heartbeatTimeoutMillis : heartbeatIvlMillis;
    }

    /** Whether READY carries an Identity property: for REQ, DEALER and ROUTER, as libzmq does. */
    public boolean announcesIdentity() {
        return switch (socketType) {
            case REQ, DEALER, ROUTER -> true;
            default -> false;
        };
    }

    /** The metadata for READY: Socket-Type, then Identity where announced, then the X- properties. */
    public Metadata localMetadata() {
        Metadata metadata = Metadata.empty().with(Metadata.SOCKET_TYPE, socketType.zmtpName());
        if (announcesIdentity()) {
            metadata = metadata.with(Metadata.IDENTITY, identity);
        }
        for (Metadata.Property p : properties.properties()) {
            metadata = metadata.with(p.name(), p.value());
        }
        return metadata;
    }

    @Override
    public String toString() {
        return "ZmtpSessionConfig[" + socketType + " " + mechanism.id() + (asServer ? " server" : " client") + "]";
    }
}
