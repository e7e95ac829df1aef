package dev.zck.simulator;

import java.time.Duration;
import java.util.Objects;

/**
 * One entry of a fault schedule: a fault and when it happens, counted from the start of the schedule. A list of them
 * is the schedule the simulator plays in virtual time and {@code FaultProxy.schedule} plays in real time.
 *
 * @param offset time from the start of the schedule, not negative
 * @param fault what happens then
 */
public record TimedFault(Duration offset, Fault fault) {
    public TimedFault {
        Objects.requireNonNull(offset, "offset");
        Objects.requireNonNull(fault, "fault");
        if (offset.isNegative()) {
            throw new IllegalArgumentException("a schedule offset is not negative: " + offset);
        }
    }

    /** {@code fault} at {@code offset} from the start. */
    public static TimedFault at(Duration offset, Fault fault) {
        return new TimedFault(offset, fault);
    }

    @Override
    public String toString() {
        return "+" + offset.toMillis() + "ms " + fault.describe();
    }
}
