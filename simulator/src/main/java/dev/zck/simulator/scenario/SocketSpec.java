package dev.zck.simulator.scenario;

import dev.zck.simulator.scenario.internal.Render;
import dev.zck.spi.SocketOption;
import dev.zck.spi.SocketType;
import java.util.List;
import java.util.Objects;

/**
 * A socket of a scenario: its id (how steps and the trace name it), the host its process runs on, its type, and the
 * options set on it, in order, before anything else (again after a restart of its host).
 */
public record SocketSpec(String id, String host, SocketType type, List<Setting> options) {

    /** One option and its value. */
    public record Setting(SocketOption<?> option, Object value) {
        public Setting {
            Objects.requireNonNull(option, "option");
            Objects.requireNonNull(value, "value");
            if (value instanceof byte[] bytes) {
                value = bytes.clone();
            }
        }

        @Override
        public Object value() {
            return value instanceof byte[] bytes ? bytes.clone() : value;
        }

        @Override
        public String toString() {
            return option.name() + "=" + Render.value(value);
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Setting other && other.option.equals(option) && Objects.deepEquals(other.value, value);
        }

        @Override
        public int hashCode() {
            return option.hashCode() * 31
                    + (value instanceof byte[] bytes ? java.util.Arrays.hashCode(bytes) : value.hashCode());
        }
    }

    public SocketSpec {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(type, "type");
        if (id.isBlank() || id.contains(" ")) {
            throw new IllegalArgumentException("a socket id is one word: '" + id + "'");
        }
        options = List.copyOf(options);
    }

    @Override
    public String toString() {
        return "socket " + id + " " + type + " on " + host + (options.isEmpty() ? "" : " " + options);
    }
}
