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

    /** The handshake is complete and the peer announced {@code peerMetadata}; call once. */
    void complete(Metadata peerMetadata);
}
