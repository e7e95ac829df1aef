package dev.zck.adapters;

import dev.zck.spi.ErrorKind;
import dev.zck.spi.ZmqException;
import dev.zck.spi.ZmqImplementation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * An implementation zck knows how to reach: its ID on the command line ({@code --impl ID}), how it runs, how to
 * find its runtime, whether its adapter (for a driver: the driver program) is there, and how to open it.
 */
public final class KnownImplementation {
    /** How the kit reaches an implementation. */
    public enum Kind {
        /** Runs inside the kit's JVM as part of zck. */
        EMBEDDED("embedded"),
        /** A Java library loaded into the kit's JVM. */
        IN_PROCESS("in-process"),
        /** A separate process speaking the driver protocol over stdin/stdout. */
        DRIVER("driver");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final String id;
    private final String description;
    private final Kind kind;
    private final RuntimeProbe probe;
    private final Function<Path, Optional<String>> adapterMissing;
    private final ImplementationOpener opener;

    /**
     * @param adapterMissing given the zck home, why the adapter is not there and what to do, or empty when it is
     */
    KnownImplementation(
            String id,
            String description,
            Kind kind,
            RuntimeProbe probe,
            Function<Path, Optional<String>> adapterMissing,
            ImplementationOpener opener) {
        this.id = Objects.requireNonNull(id, "id");
        this.description = Objects.requireNonNull(description, "description");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.probe = Objects.requireNonNull(probe, "probe");
        this.adapterMissing = Objects.requireNonNull(adapterMissing, "adapterMissing");
        this.opener = Objects.requireNonNull(opener, "opener");
    }

    /** The ID used with {@code --impl}. */
    public String id() {
        return id;
    }

    public String description() {
        return description;
    }

    public Kind kind() {
        return kind;
    }

    /** Probes this machine: available only when the runtime is present and the adapter (or driver) is there. */
    public Availability availability(Path home, Duration timeout) {
        RuntimeProbe.Status status = probeSafely(home, timeout);
        if (!status.present()) {
            return new Availability(false, status.found(), status.install());
        }
        return adapterMissing
                .apply(home)
                .map(why -> new Availability(false, status.found(), why))
                .orElseGet(() -> new Availability(true, status.found(), ""));
    }

    /**
     * Starts the implementation; the caller closes it.
     *
     * @param home the zck installation, where drivers live
     * @throws ZmqException {@link ErrorKind#OTHER} when its adapter or driver is missing, or when it cannot be started
     *     (the message says why)
     */
    public ZmqImplementation open(Path home) throws ZmqException {
        Optional<String> missing = adapterMissing.apply(home);
        if (missing.isPresent()) {
            throw new ZmqException(ErrorKind.OTHER, "cannot open " + id + ": " + missing.get());
        }
        return opener.open(home);
    }

    private RuntimeProbe.Status probeSafely(Path home, Duration timeout) {
        try {
            return probe.probe(home, timeout);
        } catch (RuntimeException e) {
            return RuntimeProbe.Status.missing("probe failed: " + e, "");
        }
    }
}
