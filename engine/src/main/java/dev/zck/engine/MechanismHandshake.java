package dev.zck.engine;

/**
 * One connection's run of a {@link ZmtpMechanism}: it receives the commands that arrive during the handshake and,
 * once it has called {@link MechanismContext#complete}, transforms the frames of the established connection.
 */
public interface MechanismHandshake {

    /**
     * A command arrived before the handshake was complete.
     *
     * @throws ProtocolViolation when the command is not one the mechanism expects now; the session then sends ERROR
     *     and closes
     */
    void onCommand(ZmtpCommand command) throws ProtocolViolation;

    /** A message frame arrived before the handshake was complete: a violation for every standard mechanism. */
    default void onMessageFrame(ZmtpFrame frame) throws ProtocolViolation {
        throw new ProtocolViolation("ZMTP31-NULL-SEND-AFTER-HANDSHAKE", "message frame before the handshake ended");
    }

    /**
     * Whether {@link #wrap} and {@link #unwrap} change frames; false (NULL, PLAIN) lets the session encode messages
     * straight into the output buffer.
     */
    default boolean transformsFrames() {
        return false;
    }

    /** An outgoing frame of the established connection, as it goes on the wire (CURVE: a MESSAGE command). */
    default ZmtpFrame wrap(ZmtpFrame frame) {
        return frame;
    }

    /** An incoming frame of the established connection, as the session should see it. */
    default ZmtpFrame unwrap(ZmtpFrame frame) throws ProtocolViolation {
        return frame;
    }
}
