package dev.zck.engine.interop;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * How a {@link HandshakePeer}'s socket is set up before it binds or connects.
 *
 * @param routingId the socket's routing id ({@code ZMQ_ROUTING_ID}), null for none
 * @param subscriptions a SUB peer's subscriptions (ignored by other types); by default everything (one empty topic)
 * @param groups the groups a DISH peer joins (ignored by other types); none by default
 */
public record PeerSetup(byte[] routingId, List<byte[]> subscriptions, List<String> groups) {
    /** No routing id, a SUB subscribed to everything, a DISH in no group. */
    public static final PeerSetup DEFAULT = new PeerSetup(null, List.of(new byte[0]), List.of());

    public PeerSetup {
        routingId = routingId == null ? null : routingId.clone();
        List<byte[]> topics = new ArrayList<>();
        for (byte[] topic : subscriptions) {
            topics.add(Objects.requireNonNull(topic, "topic").clone());
        }
        subscriptions = List.copyOf(topics);
        groups = List.copyOf(groups);
    }

    public PeerSetup withRoutingId(byte[] id) {
        return new PeerSetup(id, subscriptions, groups);
    }

    /** A SUB subscribed to exactly these topics (none: subscribed to nothing). */
    public PeerSetup withSubscriptions(byte[]... topics) {
        return new PeerSetup(routingId, Arrays.asList(topics), groups);
    }

    /** A DISH that joins these groups before it binds or connects. */
    public PeerSetup withGroups(String... joined) {
        return new PeerSetup(routingId, subscriptions, List.of(joined));
    }

    @Override
    public byte[] routingId() {
        return routingId == null ? null : routingId.clone();
    }

    @Override
    public List<byte[]> subscriptions() {
        return subscriptions.stream().map(byte[]::clone).toList();
    }
}
