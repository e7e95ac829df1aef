package dev.zck.reports;

import java.util.Objects;

/**
 * An implementation a run tested, as the report names it.
 *
 * @param id the ID used with {@code --impl} (e.g. {@code pyzmq})
 * @param name the implementation's name as it reports it (e.g. {@code libzmq})
 * @param version its version (e.g. {@code 4.3.4})
 * @param language the language it is written in
 * @param detail how it was reached (binding, runtime), free text
 * @param kind embedded, in-process or driver
 */
public record ImplementationEntry(String id, String name, String version, String language, String detail, String kind) {
    public ImplementationEntry {
        Objects.requireNonNull(id, "id");
        name = name == null ? "" : name;
        version = version == null ? "" : version;
        language = language == null ? "" : language;
        detail = detail == null ? "" : detail;
        kind = kind == null ? "" : kind;
    }
}
