package dev.zck.simulator.internal;

import io.netty.channel.ChannelId;

/**
 * A channel id numbered by the network, so that ids (and the hash codes Netty derives from them, which order channel
 * groups) are the same in every run; Netty's default ids mix in the process id, the clock and a random number. A
 * listener's id is created unnumbered (Netty's server channel asks for it before the subclass can see the network)
 * and numbered at once by its constructor.
 */
final class SimChannelId implements ChannelId {
    private static final long serialVersionUID = 1L;

    private long number = -1;

    SimChannelId() {}

    SimChannelId(long number) {
        this.number = number;
    }

    void number(long value) {
        if (number >= 0) {
            throw new IllegalStateException("channel id " + number + " is numbered already");
        }
        number = value;
    }

    @Override
    public String asShortText() {
        return "sim-" + number;
    }

    @Override
    public String asLongText() {
        return asShortText();
    }

    @Override
    public int compareTo(ChannelId o) {
        if (o instanceof SimChannelId other) {
            return Long.compare(number, other.number);
        }
        return asLongText().compareTo(o.asLongText());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SimChannelId other && other.number == number;
    }

    @Override
    public int hashCode() {
        return Long.hashCode(number);
    }

    @Override
    public String toString() {
        return asShortText();
    }
}
