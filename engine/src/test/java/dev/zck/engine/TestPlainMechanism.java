package dev.zck.engine;

import dev.zck.spi.Mechanism;

/**
 * A stand-in for PLAIN that only names itself in the greeting: enough to test what the engine does with a non-NULL
 * mechanism before any mechanism command is exchanged (downgrade refusal, mechanism mismatch). Its handshake refuses
 * every command.
 */
final class TestPlainMechanism implements ZmtpMechanism {
    static final TestPlainMechanism INSTANCE = new TestPlainMechanism();

    private TestPlainMechanism() {}

    @Override
    public Mechanism id() {
        return Mechanism.PLAIN;
    }

    @Override
    public boolean asServerOctet(boolean asServer) {
        return asServer;
    }

    @Override
    public MechanismHandshake start(MechanismContext context) {
        return command -> {
            throw new ProtocolViolation("PLAIN-FLOW-ORDER", "the test mechanism has no handshake: " + command.name());
        };
    }
}
