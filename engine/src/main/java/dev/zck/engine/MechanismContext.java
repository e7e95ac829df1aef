package dev.zck.engine;

/** What a {@link MechanismHandshake} may see and do: the local role and metadata, sending commands, completing. */
public interface MechanismContext {

    /** The role from local configuration; never the peer's as-server octet. */
    boolean asServer();

    /** The protocol version agreed in the greeting (3.0 or 3.1). */
    ZmtpVersion version();

    /** The properties this side announces: Socket-Type, Identity when set, and any configured X- property. */
    Metadata localMetadata();

    /** Writes a command frame to the peer. */
    void send(ZmtpCommand command);

    /**
     * Checks the peer's metadata as the session will on {@link #complete} (its Socket-Type), so that a mechanism can
     * refuse the peer with ERROR before it answers with its own READY (RFC 37: a server replies with READY only when
     * it finds no error).
     *
     * @throws ProtocolViolation when the session would refuse the peer
     */
    default void checkPeer(Metadata peerMetadata) throws ProtocolViolation {}

    /** The handshake is complete and the peer announced {@code peerMetadata}; call once. */
    void complete(Metadata peerMetadata);
}
