package dev.zck.adapters.jeromq;

import dev.zck.spi.ErrorKind;
import dev.zck.spi.SocketOption;
import dev.zck.spi.SocketType;
import dev.zck.spi.ZmqException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import zmq.SocketBase;
import zmq.ZMQ;

/**
 * The SPI options the adapter maps onto JeroMQ 0.6.0's {@code setSocketOpt}, each with the socket types it applies
 * to there. Setting an option on a type it does not apply to is UNSUPPORTED (JeroMQ itself would throw "Unknown
 * Option" or, for CONFLATE, accept and ignore it).
 *
 * <p>Two mappings are not one to one:
 *
 * <ul>
 *   <li><b>IMMEDIATE is inverted.</b> JeroMQ's {@code ZMQ_IMMEDIATE} (its own code, 1039) means the opposite of
 *       libzmq's: JeroMQ {@code immediate = true} (its default) attaches a connecting socket's pipe at once, so
 *       messages queue before the connection exists; libzmq's IMMEDIATE = 1 queues only on completed connections.
 *       SPI IMMEDIATE = v is set as JeroMQ {@code immediate = !v} and read back negated, so the SPI value has the
 *       libzmq meaning (the default reads false, as in libzmq).
 *   <li><b>MAXMSGSIZE</b> is a {@code long} in JeroMQ; the SPI's int is widened, and narrowed when read.
 * </ul>
 *
 * <p>The type-specific options (ROUTER_*, PROBE_ROUTER, XPUB_*, REQ_*) are write-only in JeroMQ, as in libzmq:
 * reading them is UNSUPPORTED. JOIN and LEAVE are {@code SocketBase.join/leave}, SUBSCRIBE and UNSUBSCRIBE apply to
 * SUB only (JeroMQ's XSUB subscribes by sending 0x01/0x00 messages and rejects the options).
 */
final class JeromqOptions {
    /** JeroMQ's code for its (inverted) IMMEDIATE option. */
    static final int JEROMQ_IMMEDIATE = ZMQ.ZMQ_IMMEDIATE;

    private record Mapping(int code, Set<SocketType> types, boolean readable) {
        boolean appliesTo(SocketType type) {
            return types.isEmpty() || types.contains(type);
        }
    }

    private static final Map<SocketOption<?>, Mapping> MAPPINGS = mappings();

    private JeromqOptions() {}

    private static Map<SocketOption<?>, Mapping> mappings() {
        Map<SocketOption<?>, Mapping> m = new LinkedHashMap<>();
        Set<SocketType> all = Set.of();
        m.put(SocketOption.SNDHWM, new Mapping(ZMQ.ZMQ_SNDHWM, all, true));
        m.put(SocketOption.RCVHWM, new Mapping(ZMQ.ZMQ_RCVHWM, all, true));
        m.put(SocketOption.LINGER, new Mapping(ZMQ.ZMQ_LINGER, all, true));
        m.put(SocketOption.RECONNECT_IVL, new Mapping(ZMQ.ZMQ_RECONNECT_IVL, all, true));
        m.put(SocketOption.RECONNECT_IVL_MAX, new Mapping(ZMQ.ZMQ_RECONNECT_IVL_MAX, all, true));
        m.put(SocketOption.IMMEDIATE, new Mapping(JEROMQ_IMMEDIATE, all, true));
        m.put(SocketOption.ROUTING_ID, new Mapping(ZMQ.ZMQ_IDENTITY, all, true));
        m.put(SocketOption.SUBSCRIBE, new Mapping(ZMQ.ZMQ_SUBSCRIBE, EnumSet.of(SocketType.SUB), false));
        m.put(SocketOption.UNSUBSCRIBE, new Mapping(ZMQ.ZMQ_UNSUBSCRIBE, EnumSet.of(SocketType.SUB), false));
        m.put(SocketOption.JOIN, new Mapping(-1, EnumSet.of(SocketType.DISH), false));
        m.put(SocketOption.LEAVE, new Mapping(-1, EnumSet.of(SocketType.DISH), false));
        m.put(
                SocketOption.ROUTER_MANDATORY,
                new Mapping(ZMQ.ZMQ_ROUTER_MANDATORY, EnumSet.of(SocketType.ROUTER), false));
        m.put(SocketOption.ROUTER_HANDOVER, new Mapping(ZMQ.ZMQ_ROUTER_HANDOVER, EnumSet.of(SocketType.ROUTER), false));
        m.put(
                SocketOption.PROBE_ROUTER,
                new Mapping(
                        ZMQ.ZMQ_PROBE_ROUTER, EnumSet.of(SocketType.ROUTER, SocketType.DEALER, SocketType.REQ), false));
        m.put(
                SocketOption.XPUB_NODROP,
                new Mapping(ZMQ.ZMQ_XPUB_NODROP, EnumSet.of(SocketType.XPUB, SocketType.PUB), false));
        m.put(SocketOption.XPUB_VERBOSE, new Mapping(ZMQ.ZMQ_XPUB_VERBOSE, EnumSet.of(SocketType.XPUB), false));
        m.put(SocketOption.REQ_RELAXED, new Mapping(ZMQ.ZMQ_REQ_RELAXED, EnumSet.of(SocketType.REQ), false));
        m.put(SocketOption.REQ_CORRELATE, new Mapping(ZMQ.ZMQ_REQ_CORRELATE, EnumSet.of(SocketType.REQ), false));
        m.put(SocketOption.HEARTBEAT_IVL, new Mapping(ZMQ.ZMQ_HEARTBEAT_IVL, all, true));
        m.put(SocketOption.HEARTBEAT_TTL, new Mapping(ZMQ.ZMQ_HEARTBEAT_TTL, all, true));
        m.put(SocketOption.HEARTBEAT_TIMEOUT, new Mapping(ZMQ.ZMQ_HEARTBEAT_TIMEOUT, all, true));
        m.put(SocketOption.MAXMSGSIZE, new Mapping(ZMQ.ZMQ_MAXMSGSIZE, all, true));
        m.put(SocketOption.HANDSHAKE_IVL, new Mapping(ZMQ.ZMQ_HANDSHAKE_IVL, all, true));
        // JeroMQ conflates only the pipes of these types (SocketBase.connect, SessionBase.processAttach).
        m.put(
                SocketOption.CONFLATE,
                new Mapping(
                        ZMQ.ZMQ_CONFLATE,
                        EnumSet.of(SocketType.DEALER, SocketType.PULL, SocketType.PUSH, SocketType.PUB, SocketType.SUB),
                        true));
        return m;
    }

    /** The options the adapter declares: exactly those it maps. */
    static Set<SocketOption<?>> declared() {
        return MAPPINGS.keySet();
    }

    /** Sets {@code option} on a socket of {@code type}; call on the socket's owner thread. */
    static void set(SocketBase socket, SocketType type, SocketOption<?> option, Object value) throws ZmqException {
        Mapping mapping = applicable(type, option);
        String what = "set " + option.name() + " on " + type;
        boolean ok;
        try {
            if (option == SocketOption.JOIN) {
                ok = socket.join((String) value);
            } else if (option == SocketOption.LEAVE) {
                ok = socket.leave((String) value);
            } else if (option == SocketOption.IMMEDIATE) {
                ok = socket.setSocketOpt(mapping.code(), !(Boolean) value);
            } else if (option == SocketOption.MAXMSGSIZE) {
                ok = socket.setSocketOpt(mapping.code(), ((Integer) value).longValue());
            } else if (value instanceof byte[] bytes) {
                ok = socket.setSocketOpt(mapping.code(), bytes.clone());
            } else {
                ok = socket.setSocketOpt(mapping.code(), value);
            }
        } catch (RuntimeException e) {
            throw JeromqErrors.thrown(e, what + " = " + show(value));
        }
        if (!ok) {
            throw JeromqErrors.failure(socket.errno(), what + " = " + show(value));
        }
    }

    /** Reads {@code option} from a socket of {@code type}, in the SPI's type; call on the socket's owner thread. */
    static Object get(SocketBase socket, SocketType type, SocketOption<?> option) throws ZmqException {
        Mapping mapping = applicable(type, option);
        if (option.writeOnly()) {
            throw new ZmqException(ErrorKind.UNSUPPORTED, option.name() + " is write-only");
        }
        if (!mapping.readable()) {
            throw new ZmqException(
                    ErrorKind.UNSUPPORTED,
                    "JeroMQ 0.6.0 cannot read " + option.name() + " (set-only there, as in libzmq)");
        }
        Object value;
        try {
            value = socket.getSocketOptx(mapping.code());
        } catch (RuntimeException e) {
            throw JeromqErrors.thrown(e, "get " + option.name() + " of " + type);
        }
        if (value == null && socket.errno() != 0) {
            throw JeromqErrors.failure(socket.errno(), "get " + option.name() + " of " + type);
        }
        if (option == SocketOption.IMMEDIATE) {
            return !(Boolean) value;
        }
        if (option == SocketOption.MAXMSGSIZE) {
            long size = ((Number) value).longValue();
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, size));
        }
        if (value instanceof byte[] bytes) {
            return bytes.clone();
        }
        return value;
    }

    private static Mapping applicable(SocketType type, SocketOption<?> option) throws ZmqException {
        Mapping mapping = MAPPINGS.get(option);
        if (mapping == null) {
            throw new ZmqException(
                    ErrorKind.UNSUPPORTED, "ENOTSUP: the JeroMQ adapter does not declare " + option.name());
        }
        if (!mapping.appliesTo(type)) {
            throw new ZmqException(
                    ErrorKind.UNSUPPORTED,
                    "ENOTSUP: " + option.name() + " does not apply to " + type + " in JeroMQ (only " + mapping.types()
                            + ")");
        }
        return mapping;
    }

    private static String show(Object value) {
        if (value instanceof byte[] bytes) {
            return bytes.length + " octets";
        }
        if (value instanceof String text && text.length() > 40) {
            return "a string of " + text.length() + " characters";
        }
        return String.valueOf(value);
    }
}
