package dev.zck.engine;

import dev.zck.spi.Mechanism;

/**
 * A security mechanism (RFC 23, Authentication and Confidentiality). The codec and the session never look inside a
 * mechanism: after the greeting they hand it the command frames until it declares the handshake complete, and from
 * then on pass every frame through {@link MechanismHandshake#wrap} and {@link MechanismHandshake#unwrap}, which is
 * where CURVE will box and unbox its MESSAGE commands. NULL is {@link NullMechanism}; PLAIN and CURVE implement this
 * same interface.
 */
public interface ZmtpMechanism {

    /** The mechanism named in the greeting. */
    Mechanism id();

    /**
     * Octet 32 of the greeting this side sends, given the role from local configuration. NULL always sends 0
     * (ZMTP3-GREET-ASSERVER-NULL); PLAIN and CURVE announce the server role.
     */
    boolean asServerOctet(boolean asServer);

    /** Starts the command phase of the handshake, once both greetings are exchanged; may send commands at once. */
    MechanismHandshake start(MechanismContext context);
}
