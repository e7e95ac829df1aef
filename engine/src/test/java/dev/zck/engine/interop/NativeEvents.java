package dev.zck.engine.interop;

import dev.zck.engine.interop.PeerEvent.Kind;
import java.util.Map;

/**
 * Translates monitor events to {@link PeerEvent}s. libzmq 4.3.4, libzmq 4.3.5 and JeroMQ 0.6.0 use the same numeric
 * codes for the events they share, so one table serves them all (zeromq.js names the events; its peer script
 * translates the names back to libzmq's codes); {@code 1 << 15} is JeroMQ's own {@code ZMQ_EVENT_HANDSHAKE_PROTOCOL}
 * (greeting negotiated, value = ZMTP version ordinal), which says nothing about the READY exchange.
 */
final class NativeEvents {
    static final int HANDSHAKE_FAILED_NO_DETAIL = 1 << 11;
    static final int HANDSHAKE_FAILED_PROTOCOL = 1 << 13;
    static final int HANDSHAKE_FAILED_AUTH = 1 << 14;

    private record Entry(String name, Kind kind) {}

    private static final Map<Integer, Entry> EVENTS = Map.ofEntries(
            Map.entry(1, new Entry("ZMQ_EVENT_CONNECTED", Kind.CONNECTED)),
            Map.entry(1 << 1, new Entry("ZMQ_EVENT_CONNECT_DELAYED", Kind.CONNECT_DELAYED)),
            Map.entry(1 << 2, new Entry("ZMQ_EVENT_CONNECT_RETRIED", Kind.CONNECT_RETRIED)),
            Map.entry(1 << 3, new Entry("ZMQ_EVENT_LISTENING", Kind.LISTENING)),
            Map.entry(1 << 4, new Entry("ZMQ_EVENT_BIND_FAILED", Kind.OTHER)),
            Map.entry(1 << 5, new Entry("ZMQ_EVENT_ACCEPTED", Kind.ACCEPTED)),
            Map.entry(1 << 6, new Entry("ZMQ_EVENT_ACCEPT_FAILED", Kind.OTHER)),
            Map.entry(1 << 7, new Entry("ZMQ_EVENT_CLOSED", Kind.CLOSED)),
            Map.entry(1 << 8, new Entry("ZMQ_EVENT_CLOSE_FAILED", Kind.OTHER)),
            Map.entry(1 << 9, new Entry("ZMQ_EVENT_DISCONNECTED", Kind.DISCONNECTED)),
            Map.entry(1 << 10, new Entry("ZMQ_EVENT_MONITOR_STOPPED", Kind.OTHER)),
            Map.entry(
                    HANDSHAKE_FAILED_NO_DETAIL,
                    new Entry("ZMQ_EVENT_HANDSHAKE_FAILED_NO_DETAIL", Kind.HANDSHAKE_FAILED)),
            Map.entry(1 << 12, new Entry("ZMQ_EVENT_HANDSHAKE_SUCCEEDED", Kind.HANDSHAKE_SUCCEEDED)),
            Map.entry(
                    HANDSHAKE_FAILED_PROTOCOL, new Entry("ZMQ_EVENT_HANDSHAKE_FAILED_PROTOCOL", Kind.HANDSHAKE_FAILED)),
            Map.entry(HANDSHAKE_FAILED_AUTH, new Entry("ZMQ_EVENT_HANDSHAKE_FAILED_AUTH", Kind.HANDSHAKE_FAILED)),
            Map.entry(1 << 15, new Entry("ZMQ_EVENT_HANDSHAKE_PROTOCOL (JeroMQ)", Kind.OTHER)));

    /** {@code ZMQ_PROTOCOL_ERROR_*}, the value of a HANDSHAKE_FAILED_PROTOCOL event. */
    private static final Map<Long, String> PROTOCOL_ERRORS = Map.ofEntries(
            Map.entry(0x10000000L, "ZMTP_UNSPECIFIED"),
            Map.entry(0x10000001L, "ZMTP_UNEXPECTED_COMMAND"),
            Map.entry(0x10000002L, "ZMTP_INVALID_SEQUENCE"),
            Map.entry(0x10000003L, "ZMTP_KEY_EXCHANGE"),
            Map.entry(0x10000011L, "ZMTP_MALFORMED_COMMAND_UNSPECIFIED"),
            Map.entry(0x10000012L, "ZMTP_MALFORMED_COMMAND_MESSAGE"),
            Map.entry(0x10000013L, "ZMTP_MALFORMED_COMMAND_HELLO"),
            Map.entry(0x10000014L, "ZMTP_MALFORMED_COMMAND_INITIATE"),
            Map.entry(0x10000015L, "ZMTP_MALFORMED_COMMAND_ERROR"),
            Map.entry(0x10000016L, "ZMTP_MALFORMED_COMMAND_READY"),
            Map.entry(0x10000017L, "ZMTP_MALFORMED_COMMAND_WELCOME"),
            Map.entry(0x10000018L, "ZMTP_INVALID_METADATA"),
            Map.entry(0x11000001L, "ZMTP_CRYPTOGRAPHIC"),
            Map.entry(0x11000002L, "ZMTP_MECHANISM_MISMATCH"),
            Map.entry(0x20000000L, "ZAP_UNSPECIFIED"),
            Map.entry(0x20000001L, "ZAP_MALFORMED_REPLY"),
            Map.entry(0x20000002L, "ZAP_BAD_REQUEST_ID"),
            Map.entry(0x20000003L, "ZAP_BAD_VERSION"),
            Map.entry(0x20000004L, "ZAP_INVALID_STATUS_CODE"),
            Map.entry(0x20000005L, "ZAP_INVALID_METADATA"),
            Map.entry(0x30000000L, "WS_UNSPECIFIED"));

    /** The errno values a HANDSHAKE_FAILED_NO_DETAIL event usually carries on Linux. */
    private static final Map<Long, String> ERRNOS = Map.of(
            22L, "EINVAL", 32L, "EPIPE", 71L, "EPROTO", 104L, "ECONNRESET", 110L, "ETIMEDOUT", 111L, "ECONNREFUSED");

    private NativeEvents() {}

    /** The event for monitor event {@code code} with value {@code value} (a string for JeroMQ channels). */
    static PeerEvent toPeerEvent(int code, Object value, String endpoint) {
        Entry entry = EVENTS.getOrDefault(code, new Entry("ZMQ_EVENT_" + code, Kind.OTHER));
        return new PeerEvent(entry.kind(), entry.name() + " value=" + describeValue(code, value), endpoint);
    }

    private static String describeValue(int code, Object value) {
        if (!(value instanceof Number number)) {
            return String.valueOf(value);
        }
        long n = number.longValue();
        return switch (code) {
            case HANDSHAKE_FAILED_PROTOCOL ->
                "0x" + Long.toHexString(n) + " ZMQ_PROTOCOL_ERROR_" + PROTOCOL_ERRORS.getOrDefault(n, "UNKNOWN");
            case HANDSHAKE_FAILED_NO_DETAIL -> n + " (errno " + ERRNOS.getOrDefault(n, "?") + ")";
            case HANDSHAKE_FAILED_AUTH -> n + " (ZAP status code)";
            default -> Long.toString(n);
        };
    }
}
