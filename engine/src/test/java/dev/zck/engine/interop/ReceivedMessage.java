package dev.zck.engine.interop;

import java.util.List;
import java.util.Map;

/**
 * A message as a {@link HandshakePeer} received it, with the connection metadata its library attached to it: the
 * properties it read from the sender's READY (libzmq {@code zmq_msg_gets}, JeroMQ {@code Msg.getMetadata()}). This
 * is how a test sees what the native side made of the engine's Socket-Type, Identity and X- properties.
 *
 * @param frames the frames in order (a ROUTER's starts with the routing id)
 * @param properties the requested properties the library has for the message, by the name asked for
 */
public record ReceivedMessage(List<byte[]> frames, Map<String, String> properties) {
    public ReceivedMessage {
        frames = List.copyOf(frames);
        properties = Map.copyOf(properties);
    }
}
