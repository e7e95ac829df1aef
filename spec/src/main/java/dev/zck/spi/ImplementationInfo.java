package dev.zck.spi;

import java.util.Objects;

/**
 * Who an implementation is, for the report: every verdict is attributed to a name and version.
 *
 * @param name short stable name, e.g. {@code libzmq}, {@code jeromq}, {@code zck-reference}
 * @param version the implementation's own version, e.g. {@code 4.3.4}
 * @param language the language it is written in, e.g. {@code C++}, {@code Java}
 * @param detail how it is reached, e.g. {@code pyzmq 24.0.1 driver}; may be empty
 */
public record ImplementationInfo(String name, String version, String language, String detail) {

    public ImplementationInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(language, "language");
        detail = detail == null ? "" : detail;
        if (name.isBlank()) {
            throw new IllegalArgumentException("an implementation needs a name");
        }
    }

    /** {@code name version}, as shown in tables. */
    public String label() {
        return name + " " + version;
    }
}
