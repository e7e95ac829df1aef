package dev.zck.rules;

import dev.zck.spi.Capabilities;
import dev.zck.spi.Mechanism;
import dev.zck.spi.SocketOption;
import dev.zck.spi.SocketType;
import dev.zck.spi.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What an implementation must declare for a rule to apply to it. An implementation that lacks any of these gets
 * UNSUPPORTED for the rule, never FAIL.
 */
public record Requirements(
        Set<SocketType> socketTypes,
        Set<SocketOption<?>> options,
        Set<Mechanism> mechanisms,
        Set<Transport> transports) {

    public static final Requirements NONE = new Requirements(Set.of(), Set.of(), Set.of(), Set.of());

    public Requirements {
        socketTypes = Set.copyOf(socketTypes);
        options = Set.copyOf(options);
        mechanisms = Set.copyOf(mechanisms);
        transports = Set.copyOf(transports);
    }

    /** What {@code capabilities} lacks, one entry per missing item (e.g. {@code socket type RADIO}); empty if none. */
    public List<String> unmetBy(Capabilities capabilities) {
        List<String> missing = new ArrayList<>();
        socketTypes.stream()
                .filter(t -> !capabilities.supports(t))
                .sorted()
                .forEach(t -> missing.add("socket type " + t));
        options.stream()
                .filter(o -> !capabilities.supports(o))
                .map(SocketOption::name)
                .sorted()
                .forEach(o -> missing.add("option " + o));
        mechanisms.stream().filter(m -> !capabilities.supports(m)).sorted().forEach(m -> missing.add("mechanism " + m));
        transports.stream()
                .filter(t -> !capabilities.supports(t))
                .sorted()
                .forEach(t -> missing.add("transport " + t.scheme()));
        return missing;
    }

    public boolean isEmpty() {
        return socketTypes.isEmpty() && options.isEmpty() && mechanisms.isEmpty() && transports.isEmpty();
    }
}
