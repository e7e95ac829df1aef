package dev.zck.adapters;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * An implementation zck knows how to reach: its ID on the command line ({@code --impl ID}), how it runs, how to
 * find its runtime, and whether its adapter is part of this build.
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
    private final Optional<String> adapterPending;

    KnownImplementation(String id, String description, Kind kind, RuntimeProbe probe, String adapterPending) {
        this.id = Objects.requireNonNull(id, "id");
        this.description = Objects.requireNonNull(description, "description");
        this.kind = Objects.requireNonNull(kind, "kind");
        this.probe = Objects.requireNonNull(probe, "probe");
        this.adapterPending = Optional.ofNullable(adapterPending);
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

    /** Why the adapter is not in this build yet, when it is not. */
    public Optional<String> adapterPending() {
        return adapterPending;
    }

    /** Probes this machine: available only when the runtime is present and the adapter is built. */
    public Availability availability(Path home, Duration timeout) {
        RuntimeProbe.Status status = probeSafely(home, timeout);
        if (!status.present()) {
            return new Availability(false, status.found(), status.install());
        }
        return adapterPending
                .map(why -> new Availability(false, status.found(), why))
                .orElseGet(() -> new Availability(true, status.found(), ""));
    }

    private RuntimeProbe.Status probeSafely(Path home, Duration timeout) {
        try {
            return probe.probe(home, timeout);
        } catch (RuntimeException e) {
            return RuntimeProbe.Status.missing("probe failed: " + e, "");
        }
    }
}
