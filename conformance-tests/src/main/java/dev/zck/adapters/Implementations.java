package dev.zck.adapters;

import dev.zck.adapters.driver.DriverCommand;
import dev.zck.adapters.driver.DriverImplementation;
import dev.zck.spi.ZmqException;
import dev.zck.spi.ZmqImplementation;
import java.nio.file.Path;
import java.util.stream.Collectors;

/**
 * Goes from what the user wrote after {@code --impl} to a running implementation: a known ID ({@code zck impls}
 * lists them) or any driver, {@code driver:'COMMAND ARGS'} or {@code driver+tcp:'COMMAND ARGS'}.
 */
public final class Implementations {
    private Implementations() {}

    /**
     * Opens the implementation {@code spec} names; the caller closes it.
     *
     * @param home the zck installation, where the known drivers live
     * @throws IllegalArgumentException with a one-line usage message when {@code spec} is neither form
     * @throws ZmqException when the implementation cannot be started (the message says why)
     */
    public static ZmqImplementation open(String spec, Path home) throws ZmqException {
        if (DriverCommand.isSpec(spec)) {
            return DriverImplementation.start(DriverCommand.parseSpec(spec));
        }
        return known(spec).open(home);
    }

    /**
     * Checks {@code spec} without starting anything.
     *
     * @throws IllegalArgumentException with a one-line usage message when {@code spec} is neither form
     */
    public static void check(String spec) {
        if (DriverCommand.isSpec(spec)) {
            DriverCommand.parseSpec(spec);
        } else {
            known(spec);
        }
    }

    private static KnownImplementation known(String id) {
        KnownImplementations known = KnownImplementations.standard();
        return known.find(id)
                .orElseThrow(() -> new IllegalArgumentException("unknown implementation '" + id
                        + "' (known: "
                        + known.all().stream().map(KnownImplementation::id).collect(Collectors.joining(", "))
                        + "; or any driver: driver:'COMMAND ARGS' or driver+tcp:'COMMAND ARGS')"));
    }
}
