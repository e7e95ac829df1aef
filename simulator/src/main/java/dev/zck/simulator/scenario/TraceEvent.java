package dev.zck.simulator.scenario;

import java.util.Objects;

/**
 * One thing a scenario run observed, at a virtual time.
 *
 * @param nanos virtual nanoseconds since the start of the run
 * @param kind what was observed
 * @param subject the socket id, or the connection ({@code a:49152->b:5555}) for wire observations, or {@code -}
 * @param text the rest of the line
 */
public record TraceEvent(long nanos, Kind kind, String subject, String text) {

    /** What a trace line records. */
    public enum Kind {
        /** A step starts (its {@link Step#toString()}). */
        STEP("step"),
        /** The outcome of a step: sent, WOULD_BLOCK after t, an error kind, bound, closed... */
        RESULT("result"),
        /** A message a receive or drain step got (its frames). */
        RECEIVED("recv"),
        /** A socket event (SocketCore.onEvent). */
        EVENT("event"),
        /** Bytes that reached a reader on a connection, in order, with the running total of that direction. */
        WIRE("wire"),
        /** The run's own marks: a host's sockets re-created after a restart, the end. */
        RUN("run");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    public TraceEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(text, "text");
    }

    /** The line as {@link Trace#render()} writes it: time (ns, right-aligned), kind, subject, text. */
    public String line() {
        StringBuilder b = new StringBuilder(48 + text.length());
        appendTo(b);
        return b.toString();
    }

    void appendTo(StringBuilder b) {
        String time = Long.toString(nanos);
        for (int i = time.length(); i < 13; i++) {
            b.append(' ');
        }
        b.append(time).append(' ').append(kind.label);
        for (int i = kind.label.length(); i < 6; i++) {
            b.append(' ');
        }
        b.append(' ').append(subject).append(' ').append(text);
    }

    @Override
    public String toString() {
        return line();
    }
}
