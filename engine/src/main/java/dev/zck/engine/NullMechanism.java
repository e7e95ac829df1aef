package dev.zck.engine;

import dev.zck.spi.Mechanism;

/**
 * The NULL mechanism (RFC 23 and RFC 37): no security, each side sends one READY with its metadata.
 *
 * <p>Order: a client, and either side facing a 3.0 peer, writes its READY at once without waiting (RFC 23). A server
 * facing a 3.1 peer reads the client's READY first and answers it (RFC 37, ZMTP31-NULL-SERVER-REPLY), which is also
 * safe with peers that write READY at once, as libzmq and JeroMQ do. When the session rejects the client's metadata
 * (its socket type), the server answers with ERROR only, never READY then ERROR.
 */
public final class NullMechanism implements ZmtpMechanism {
    public static final NullMechanism INSTANCE = new NullMechanism();

    private NullMechanism() {}

    @Override
    public Mechanism id() {
        return Mechanism.NULL;
    }

    @Override
    public boolean asServerOctet(boolean asServer) {
        return false;
    }

    @Override
    public MechanismHandshake start(MechanismContext context) {
        Handshake handshake = new Handshake(context);
        if (!context.asServer() || !context.version().atLeast31()) {
            handshake.sendReady();
        }
        return handshake;
    }

    private static final class Handshake implements MechanismHandshake {
        private final MechanismContext context;
        private boolean readySent;
        private boolean readyReceived;

        Handshake(MechanismContext context) {
            this.context = context;
        }

        void sendReady() {
            readySent = true;
            context.send(new ZmtpCommand.Ready(context.localMetadata()));
        }

        @Override
        public void onCommand(ZmtpCommand command) throws ProtocolViolation {
            if (command instanceof ZmtpCommand.Error error) {
                throw new ProtocolViolation("ZMTP3-ERROR-FATAL", "peer refused the handshake: " + error.reason());
            }
            if (!(command instanceof ZmtpCommand.Ready ready)) {
                throw new ProtocolViolation(
                        "ZMTP3-NULL-READY-BOTH", "expected READY, got " + command.name() + " during the handshake");
            }
            if (readyReceived) {
                throw new ProtocolViolation("ZMTP3-NULL-READY-BOTH", "second READY");
            }
            readyReceived = true;
            if (!readySent) {
                context.checkPeer(ready.metadata());
                sendReady();
            }
            context.complete(ready.metadata());
        }
    }
}
