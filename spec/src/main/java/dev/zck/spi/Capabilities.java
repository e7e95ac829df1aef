package dev.zck.spi;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What an implementation declares it can do. The kit trusts the declaration in one direction only: a rule that needs
 * something not declared here is reported UNSUPPORTED and never run, so it can never FAIL; a rule whose needs are
 * declared is run and judged. Declare only what really works.
 *
 * <p>Built with {@link #builder()}; immutable once built.
 */
public final class Capabilities {
    private final Set<SocketType> socketTypes;
    private final Set<Transport> transports;
    private final Set<Mechanism> mechanisms;
    private final Set<SocketOption<?>> options;
    private final Set<SocketEvent.Kind> events;

    private Capabilities(Builder builder) {
        this.socketTypes = Set.copyOf(builder.socketTypes);
        this.transports = Set.copyOf(builder.transports);
        this.mechanisms = Set.copyOf(builder.mechanisms);
        this.options = Set.copyOf(builder.options);
        this.events = Set.copyOf(builder.events);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Socket types {@link ZmqImplementation#socket} can create. */
    public Set<SocketType> socketTypes() {
        return socketTypes;
    }

    /** Transports accepted by bind and connect. */
    public Set<Transport> transports() {
        return transports;
    }

    /** Security mechanisms; NULL is the minimum. */
    public Set<Mechanism> mechanisms() {
        return mechanisms;
    }

    /** Options {@link ZmqSocket#set} accepts with their libzmq meaning. */
    public Set<SocketOption<?>> options() {
        return options;
    }

    /** Event kinds {@link ZmqSocket#nextEvent} reports; empty when the implementation reports none. */
    public Set<SocketEvent.Kind> events() {
        return events;
    }

    public boolean supports(SocketType type) {
        return socketTypes.contains(type);
    }

    public boolean supports(Transport transport) {
        return transports.contains(transport);
    }

    public boolean supports(Mechanism mechanism) {
        return mechanisms.contains(mechanism);
    }

    public boolean supports(SocketOption<?> option) {
        return options.contains(option);
    }

    public boolean reports(SocketEvent.Kind kind) {
        return events.contains(kind);
    }

    @Override
    public String toString() {
        return "types=" + socketTypes + " transports=" + transports + " mechanisms=" + mechanisms + " options="
                + options + " events=" + events;
    }

    /** Collects the declaration. */
    public static final class Builder {
        private final Set<SocketType> socketTypes = EnumSet.noneOf(SocketType.class);
        private final Set<Transport> transports = EnumSet.noneOf(Transport.class);
        private final Set<Mechanism> mechanisms = EnumSet.noneOf(Mechanism.class);
        private final Set<SocketOption<?>> options = new LinkedHashSet<>();
        private final Set<SocketEvent.Kind> events = EnumSet.noneOf(SocketEvent.Kind.class);

        private Builder() {}

        public Builder socketTypes(SocketType... types) {
            socketTypes.addAll(Arrays.asList(types));
            return this;
        }

        public Builder socketTypes(Collection<SocketType> types) {
            socketTypes.addAll(types);
            return this;
        }

        public Builder transports(Transport... values) {
            transports.addAll(Arrays.asList(values));
            return this;
        }

        public Builder mechanisms(Mechanism... values) {
            mechanisms.addAll(Arrays.asList(values));
            return this;
        }

        public Builder options(SocketOption<?>... values) {
            options.addAll(Arrays.asList(values));
            return this;
        }

        public Builder options(Collection<SocketOption<?>> values) {
            options.addAll(values);
            return this;
        }

        public Builder events(SocketEvent.Kind... values) {
            events.addAll(Arrays.asList(values));
            return this;
        }

        public Capabilities build() {
            return new Capabilities(this);
        }
    }
}
