package dev.zck.simulator.proxy.internal;

import dev.zck.simulator.Link;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * The host names of the proxy's two sides, which turn a {@link Link} into the flows it affects.
 *
 * @param connecting the host that connects to the proxy
 * @param listening the host the proxy connects to
 */
public record Sides(String connecting, String listening) {
    public Sides {
        Objects.requireNonNull(connecting, "connecting");
        Objects.requireNonNull(listening, "listening");
        if (connecting.equals(listening)) {
            throw new IllegalArgumentException("the two sides of a proxy are different hosts: " + connecting);
        }
    }

    /**
     * The flows a link affects.
     *
     * @throws IllegalArgumentException when the link does not join exactly this proxy's two hosts
     */
    public Set<Flow> flows(Link link) {
        if (!Set.of(link.a(), link.b()).equals(Set.of(connecting, listening))) {
            throw new IllegalArgumentException("the proxy joins " + connecting + " (connecting) and " + listening
                    + " (listening); the link " + link + " does not");
        }
        Set<Flow> flows = EnumSet.noneOf(Flow.class);
        if (link.affects(connecting, listening)) {
            flows.add(Flow.TO_LISTENER);
        }
        if (link.affects(listening, connecting)) {
            flows.add(Flow.TO_CONNECTOR);
        }
        return flows;
    }
}
