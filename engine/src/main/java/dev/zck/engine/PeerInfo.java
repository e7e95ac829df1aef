package dev.zck.engine;

import dev.zck.spi.SocketType;
import java.util.Optional;

/**
 * What the handshake learnt about the peer.
 *
 * @param version the protocol spoken on this connection
 * @param socketType the peer's socket type, from Socket-Type (3.x) or the socket-type octet (2.0)
 * @param metadata the peer's READY properties; for a 2.0 peer, Socket-Type and Identity made up from its greeting
 * @param asServerOctet octet 32 of the peer's greeting (false for 2.0); recorded, never used to pick a role
 */
public record PeerInfo(ZmtpVersion version, SocketType socketType, Metadata metadata, boolean asServerOctet) {

    /** The peer's Identity property (its routing id), if it announced one. */
    public Optional<byte[]> identity() {
        return metadata.get(Metadata.IDENTITY);
    }
}
