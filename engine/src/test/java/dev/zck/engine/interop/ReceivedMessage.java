package dev.zck.engine.interop;

import dev.zck.spi.Message;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A message as a {@link HandshakePeer} received it, with the connection metadata its library attached to it: the
 * properties it read from the sender's READY (libzmq {@code zmq_msg_gets}, JeroMQ {@code Msg.getMetadata()}). This
 * is how a test sees what the native side made of the engine's Socket-Type, Identity and X- properties.
 *
 * @param frames the frames in order (a ROUTER's starts with the routing id)
 * @param properties the requested properties the library has for the message, by the name asked for
 * @param routingId the sender's routing id, for a message received by a SERVER or PEER peer
 * @param group the message's group, for a message received by a DISH peer
 */
public record ReceivedMessage(
        List<byte[]> frames, Map<String, String> properties, OptionalInt routingId, Optional<String> group) {
    public ReceivedMessage {
        frames = List.copyOf(frames);
        properties = Map.copyOf(properties);
        Objects.requireNonNull(routingId, "routingId");
        Objects.requireNonNull(group, "group");
    }

    /** A message without addressing. */
    public ReceivedMessage(List<byte[]> frames, Map<String, String> properties) {
        this(frames, properties, OptionalInt.empty(), Optional.empty());
    }

    /** The frames and addressing as an SPI message, comparable with what the engine sends and receives. */
    public Message message() {
        Message message = Message.of(frames);
        if (routingId.isPresent()) {
            message = message.withRoutingId(routingId.getAsInt());
        }
        return group.map(message::withGroup).orElse(message);
    }
}
