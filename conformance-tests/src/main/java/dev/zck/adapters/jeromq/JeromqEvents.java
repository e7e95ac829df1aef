package dev.zck.adapters.jeromq;

import dev.zck.spi.SocketEvent;
import dev.zck.spi.SocketEvent.Kind;
import java.nio.channels.SelectableChannel;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import zmq.ZMQ;

/**
 * JeroMQ's monitor events ({@code SocketBase.setEventHook}, the same numeric codes as libzmq) as SPI events.
 *
 * <p>What JeroMQ 0.6.0 emits, read from its source and checked by the adapter's tests: LISTENING, ACCEPTED,
 * CONNECTED, CONNECT_RETRIED, DISCONNECTED and CLOSED for TCP connections and listeners; HANDSHAKE_FAILED_PROTOCOL
 * only for the handshake errors its mechanisms detect themselves (an unexpected command under NULL, a malformed
 * ERROR, ZAP failures) and HANDSHAKE_FAILED_AUTH for ZAP refusals, never for an incompatible socket type or a bad
 * greeting, which end in DISCONNECTED alone. It never emits HANDSHAKE_SUCCEEDED (see {@link HandshakeProbe}) and
 * reports nothing for inproc connections. Its own events without an SPI kind (HANDSHAKE_PROTOCOL, CONNECT_DELAYED,
 * BIND_FAILED, ACCEPT_FAILED, CLOSE_FAILED, MONITOR_STOPPED) are left out.
 */
final class JeromqEvents {
    private JeromqEvents() {}

    /** The kinds JeroMQ itself reports. */
    static Set<Kind> emitted() {
        return EnumSet.of(
                Kind.LISTENING,
                Kind.ACCEPTED,
                Kind.CONNECTED,
                Kind.CONNECT_RETRIED,
                Kind.HANDSHAKE_FAILED,
                Kind.DISCONNECTED,
                Kind.CLOSED);
    }

    /** The SPI event for a JeroMQ monitor event, or empty for the events the SPI has no kind for. */
    static Optional<SocketEvent> toSocketEvent(ZMQ.Event event) {
        Kind kind = switch (event.event) {
            case ZMQ.ZMQ_EVENT_LISTENING -> Kind.LISTENING;
            case ZMQ.ZMQ_EVENT_ACCEPTED -> Kind.ACCEPTED;
            case ZMQ.ZMQ_EVENT_CONNECTED -> Kind.CONNECTED;
            case ZMQ.ZMQ_EVENT_CONNECT_RETRIED -> Kind.CONNECT_RETRIED;
            case ZMQ.ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL,
                    ZMQ.ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL,
                    ZMQ.ZMQ_EVENT_HANDSHAKE_FAILED_AUTH -> Kind.HANDSHAKE_FAILED;
            case ZMQ.ZMQ_EVENT_HANDSHAKE_SUCCEEDED -> Kind.HANDSHAKE_SUCCEEDED;
            case ZMQ.ZMQ_EVENT_DISCONNECTED -> Kind.DISCONNECTED;
            case ZMQ.ZMQ_EVENT_CLOSED -> Kind.CLOSED;
            default -> null;
        };
        if (kind == null) {
            return Optional.empty();
        }
        return Optional.of(new SocketEvent(kind, event.addr, describe(event)));
    }

    private static String describe(ZMQ.Event event) {
        Object arg = event.arg;
        if (arg instanceof SelectableChannel || arg == null) {
            return "";
        }
        if (arg instanceof Integer value) {
            return switch (event.event) {
                case ZMQ.ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL -> "protocol error 0x" + Integer.toHexString(value);
                case ZMQ.ZMQ_EVENT_HANDSHAKE_FAILED_AUTH -> "ZAP status " + value;
                case ZMQ.ZMQ_EVENT_CONNECT_RETRIED -> "retry in " + value + " ms";
                case ZMQ.ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL -> JeromqErrors.name(value);
                default -> String.valueOf(value);
            };
        }
        return String.valueOf(arg);
    }
}
