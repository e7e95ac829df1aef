package dev.zck.simulator.scenario;

import dev.zck.simulator.Fault;
import dev.zck.simulator.scenario.internal.Render;
import dev.zck.spi.Message;
import java.time.Duration;
import java.util.Objects;

/**
 * One step of a {@link Scenario}, run in order on virtual time. Each renders as trace text ({@link #toString}) and as
 * the builder call that makes it ({@link #toJava}), so a failing scenario can be written back as a test.
 */
public sealed interface Step {

    /** The builder call that adds this step, e.g. {@code .send("push", Message.ofStrings("m3"))}. */
    String toJava();

    /** The socket binds {@code endpoint}. */
    record Bind(String socket, String endpoint) implements Step {
        public Bind {
            Objects.requireNonNull(socket, "socket");
            Objects.requireNonNull(endpoint, "endpoint");
        }

        @Override
        public String toString() {
            return "bind " + socket + " " + endpoint;
        }

        @Override
        public String toJava() {
            return ".bind(" + Render.quote(socket) + ", " + Render.quote(endpoint) + ")";
        }
    }

    /** The socket connects to {@code endpoint}. */
    record Connect(String socket, String endpoint) implements Step {
        public Connect {
            Objects.requireNonNull(socket, "socket");
            Objects.requireNonNull(endpoint, "endpoint");
        }

        @Override
        public String toString() {
            return "connect " + socket + " " + endpoint;
        }

        @Override
        public String toJava() {
            return ".connect(" + Render.quote(socket) + ", " + Render.quote(endpoint) + ")";
        }
    }

    /** The socket stops listening on {@code endpoint}. */
    record Unbind(String socket, String endpoint) implements Step {
        public Unbind {
            Objects.requireNonNull(socket, "socket");
            Objects.requireNonNull(endpoint, "endpoint");
        }

        @Override
        public String toString() {
            return "unbind " + socket + " " + endpoint;
        }

        @Override
        public String toJava() {
            return ".unbind(" + Render.quote(socket) + ", " + Render.quote(endpoint) + ")";
        }
    }

    /** The socket stops connecting to {@code endpoint}. */
    record Disconnect(String socket, String endpoint) implements Step {
        public Disconnect {
            Objects.requireNonNull(socket, "socket");
            Objects.requireNonNull(endpoint, "endpoint");
        }

        @Override
        public String toString() {
            return "disconnect " + socket + " " + endpoint;
        }

        @Override
        public String toJava() {
            return ".disconnect(" + Render.quote(socket) + ", " + Render.quote(endpoint) + ")";
        }
    }

    /**
     * The socket sends {@code message}, waiting up to {@code timeout} of virtual time for room (zero: not at all, a
     * {@code trySend}); the result is ok, WOULD_BLOCK, or the socket's error.
     */
    record Send(String socket, Message message, Duration timeout) implements Step {
        public Send {
            Objects.requireNonNull(socket, "socket");
            Objects.requireNonNull(message, "message");
            timeout = wholeMillis(timeout);
        }

        @Override
        public String toString() {
            return "send " + socket + " " + Render.message(message)
                    + (timeout.isZero() ? "" : " within " + Render.duration(timeout));
        }

        @Override
        public String toJava() {
            return ".send(" + Render.quote(socket) + ", " + Render.messageJava(message)
                    + (timeout.isZero() ? "" : ", " + Render.durationJava(timeout)) + ")";
        }
    }

    /** The socket receives one message, waiting up to {@code timeout} of virtual time (zero: not at all). */
    record Receive(String socket, Duration timeout) implements Step {
        public Receive {
            Objects.requireNonNull(socket, "socket");
            timeout = wholeMillis(timeout);
        }

        @Override
        public String toString() {
            return "receive " + socket + (timeout.isZero() ? "" : " within " + Render.duration(timeout));
        }

        @Override
        public String toJava() {
            return ".receive(" + Render.quote(socket) + (timeout.isZero() ? "" : ", " + Render.durationJava(timeout))
                    + ")";
        }
    }

    /** The socket receives until it has {@code count} messages or none came for {@code silence} of virtual time. */
    record Drain(String socket, int count, Duration silence) implements Step {
        public Drain {
            Objects.requireNonNull(socket, "socket");
            if (count < 1) {
                throw new IllegalArgumentException("drain at least one message: " + count);
            }
            silence = wholeMillis(silence);
            if (silence.isZero()) {
                throw new IllegalArgumentException("a drain waits some silence");
            }
        }

        @Override
        public String toString() {
            return "drain " + socket + " until " + count + " or " + Render.duration(silence) + " silence";
        }

        @Override
        public String toJava() {
            return ".drain(" + Render.quote(socket) + ", " + count + ", " + Render.durationJava(silence) + ")";
        }
    }

    /** The socket closes (lingering for what it has queued); it stays closed, even across a restart of its host. */
    record Close(String socket) implements Step {
        public Close {
            Objects.requireNonNull(socket, "socket");
        }

        @Override
        public String toString() {
            return "close " + socket;
        }

        @Override
        public String toJava() {
            return ".close(" + Render.quote(socket) + ")";
        }
    }

    /**
     * A fault of the vocabulary, now. On {@link Fault.Restart} the host's sockets (those not closed by a step) are
     * created anew from their specs, with their options, and redo their binds and connects in order.
     */
    record Inject(Fault fault) implements Step {
        public Inject {
            Objects.requireNonNull(fault, "fault");
        }

        @Override
        public String toString() {
            return "fault " + fault.describe();
        }

        @Override
        public String toJava() {
            return ".fault(" + Render.faultJava(fault) + ")";
        }
    }

    /** Virtual time passes, and everything due in it happens. */
    record Advance(Duration duration) implements Step {
        public Advance {
            Objects.requireNonNull(duration, "duration");
            if (duration.isNegative()) {
                throw new IllegalArgumentException("time does not go back: " + duration);
            }
        }

        @Override
        public String toString() {
            return "advance " + Render.duration(duration);
        }

        @Override
        public String toJava() {
            return ".advance(" + Render.durationJava(duration) + ")";
        }
    }

    private static Duration wholeMillis(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.toNanos() % 1_000_000 != 0) {
            throw new IllegalArgumentException("socket timeouts are whole, non-negative milliseconds: " + timeout);
        }
        return timeout;
    }
}
