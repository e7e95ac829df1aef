package dev.zck.spi;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A typed socket option, named and numbered as in libzmq so that adapters over any binding map them one to one.
 *
 * <p>Durations are {@code Integer} milliseconds with libzmq's meaning of -1 and 0 (for example LINGER -1 = wait
 * forever, RECONNECT_IVL -1 = never reconnect). Options marked {@link #writeOnly()} are actions (subscribe, join)
 * rather than state. An implementation declares the options it supports in {@link Capabilities#options()}; a rule
 * that needs an undeclared option is UNSUPPORTED.
 *
 * @param <T> the value type: {@code Integer}, {@code Boolean}, {@code byte[]} or {@code String}
 */
public final class SocketOption<T> {
    private static final Map<String, SocketOption<?>> BY_NAME = new LinkedHashMap<>();

    /** Send high-water mark, in whole messages per peer; 0 = unlimited. libzmq default 1000. */
    public static final SocketOption<Integer> SNDHWM = define("SNDHWM", 23, Integer.class, false);
    /** Receive high-water mark, in whole messages per peer; 0 = unlimited. libzmq default 1000. */
    public static final SocketOption<Integer> RCVHWM = define("RCVHWM", 24, Integer.class, false);
    /** Milliseconds pending messages are kept after close; -1 = until sent, 0 = discard at once. */
    public static final SocketOption<Integer> LINGER = define("LINGER", 17, Integer.class, false);
    /** Milliseconds before reconnecting a lost or refused connection; -1 = never reconnect. */
    public static final SocketOption<Integer> RECONNECT_IVL = define("RECONNECT_IVL", 18, Integer.class, false);
    /** Upper bound for the exponential reconnect back-off, in milliseconds; 0 = no back-off. */
    public static final SocketOption<Integer> RECONNECT_IVL_MAX = define("RECONNECT_IVL_MAX", 21, Integer.class, false);
    /** True: queue messages only on completed connections (libzmq meaning). */
    public static final SocketOption<Boolean> IMMEDIATE = define("IMMEDIATE", 39, Boolean.class, false);
    /** The identity sent in READY (1..255 octets, first octet not 0x00): ROUTER peers route by it. */
    public static final SocketOption<byte[]> ROUTING_ID = define("ROUTING_ID", 5, byte[].class, false);
    /** SUB/XSUB: add a prefix subscription (counted: subscribing twice needs two unsubscribes). */
    public static final SocketOption<byte[]> SUBSCRIBE = define("SUBSCRIBE", 6, byte[].class, true);
    /** SUB/XSUB: remove one count of a prefix subscription. */
    public static final SocketOption<byte[]> UNSUBSCRIBE = define("UNSUBSCRIBE", 7, byte[].class, true);
    /** DISH: join a group (libzmq {@code zmq_join}; no option number). */
    public static final SocketOption<String> JOIN = define("JOIN", -1, String.class, true);
    /** DISH: leave a group (libzmq {@code zmq_leave}; no option number). */
    public static final SocketOption<String> LEAVE = define("LEAVE", -1, String.class, true);
    /** ROUTER: report unroutable messages as HOST_UNREACHABLE and block/WOULD_BLOCK at HWM instead of dropping. */
    public static final SocketOption<Boolean> ROUTER_MANDATORY = define("ROUTER_MANDATORY", 33, Boolean.class, false);
    /** ROUTER: a new connection with an identity in use takes over the routing id. */
    public static final SocketOption<Boolean> ROUTER_HANDOVER = define("ROUTER_HANDOVER", 56, Boolean.class, false);
    /** REQ/DEALER/ROUTER: send an empty message on each new connection. */
    public static final SocketOption<Boolean> PROBE_ROUTER = define("PROBE_ROUTER", 51, Boolean.class, false);
    /** XPUB/PUB: block or WOULD_BLOCK at HWM instead of dropping. */
    public static final SocketOption<Boolean> XPUB_NODROP = define("XPUB_NODROP", 69, Boolean.class, false);
    /** XPUB: pass every subscription to the application, duplicates included. */
    public static final SocketOption<Boolean> XPUB_VERBOSE = define("XPUB_VERBOSE", 40, Boolean.class, false);
    /** XPUB: the application decides which subscriptions take effect. */
    public static final SocketOption<Boolean> XPUB_MANUAL = define("XPUB_MANUAL", 71, Boolean.class, false);
    /** REQ: allow a new request before the reply to the previous one arrived. */
    public static final SocketOption<Boolean> REQ_RELAXED = define("REQ_RELAXED", 53, Boolean.class, false);
    /** REQ: prefix requests with a request id and drop replies that do not carry it. */
    public static final SocketOption<Boolean> REQ_CORRELATE = define("REQ_CORRELATE", 52, Boolean.class, false);
    /** Milliseconds between ZMTP PINGs; 0 = no heartbeats. */
    public static final SocketOption<Integer> HEARTBEAT_IVL = define("HEARTBEAT_IVL", 75, Integer.class, false);
    /** Milliseconds the peer should wait for traffic before closing, sent in PING in deciseconds. */
    public static final SocketOption<Integer> HEARTBEAT_TTL = define("HEARTBEAT_TTL", 76, Integer.class, false);
    /** Milliseconds to wait for any traffic after a PING before closing the connection. */
    public static final SocketOption<Integer> HEARTBEAT_TIMEOUT = define("HEARTBEAT_TIMEOUT", 77, Integer.class, false);
    /** Largest inbound frame accepted, in octets; larger ones close the connection. -1 = no limit. */
    public static final SocketOption<Integer> MAXMSGSIZE = define("MAXMSGSIZE", 22, Integer.class, false);
    /** Milliseconds allowed for the greeting and security handshake; 0 = no limit. */
    public static final SocketOption<Integer> HANDSHAKE_IVL = define("HANDSHAKE_IVL", 66, Integer.class, false);
    /** Keep only the last message in each queue. */
    public static final SocketOption<Boolean> CONFLATE = define("CONFLATE", 54, Boolean.class, false);
    /** ZAP domain; with NULL, setting it makes the server consult ZAP. */
    public static final SocketOption<String> ZAP_DOMAIN = define("ZAP_DOMAIN", 55, String.class, false);
    /** PLAIN: act as the server. */
    public static final SocketOption<Boolean> PLAIN_SERVER = define("PLAIN_SERVER", 44, Boolean.class, false);
    /** PLAIN: client user name (0..255 octets). */
    public static final SocketOption<String> PLAIN_USERNAME = define("PLAIN_USERNAME", 45, String.class, false);
    /** PLAIN: client password (0..255 octets). */
    public static final SocketOption<String> PLAIN_PASSWORD = define("PLAIN_PASSWORD", 46, String.class, false);
    /** CURVE: act as the server. */
    public static final SocketOption<Boolean> CURVE_SERVER = define("CURVE_SERVER", 47, Boolean.class, false);
    /** CURVE: own long-term public key, 32 octets. */
    public static final SocketOption<byte[]> CURVE_PUBLICKEY = define("CURVE_PUBLICKEY", 48, byte[].class, false);
    /** CURVE: own long-term secret key, 32 octets. */
    public static final SocketOption<byte[]> CURVE_SECRETKEY = define("CURVE_SECRETKEY", 49, byte[].class, false);
    /** CURVE client: the server's long-term public key, 32 octets. */
    public static final SocketOption<byte[]> CURVE_SERVERKEY = define("CURVE_SERVERKEY", 50, byte[].class, false);

    private final String name;
    private final int libzmqCode;
    private final Class<T> type;
    private final boolean writeOnly;

    private SocketOption(String name, int libzmqCode, Class<T> type, boolean writeOnly) {
        this.name = name;
        this.libzmqCode = libzmqCode;
        this.type = type;
        this.writeOnly = writeOnly;
    }

    private static <T> SocketOption<T> define(String name, int code, Class<T> type, boolean writeOnly) {
        SocketOption<T> option = new SocketOption<>(name, code, type, writeOnly);
        BY_NAME.put(name, option);
        return option;
    }

    /** The libzmq name without the {@code ZMQ_} prefix, e.g. {@code SNDHWM}. */
    public String name() {
        return name;
    }

    /** The libzmq option number ({@code ZMQ_SNDHWM} = 23), or -1 when libzmq has a function instead. */
    public int libzmqCode() {
        return libzmqCode;
    }

    /** The value type. */
    public Class<T> type() {
        return type;
    }

    /** True for actions (SUBSCRIBE, JOIN...) that can be set but not read back. */
    public boolean writeOnly() {
        return writeOnly;
    }

    /** Checks and casts a value for this option. */
    public T cast(Object value) {
        Objects.requireNonNull(value, name);
        if (!type.isInstance(value)) {
            throw new IllegalArgumentException(name + " takes a " + type.getSimpleName() + ", not a "
                    + value.getClass().getSimpleName());
        }
        return type.cast(value);
    }

    /** Every option the SPI knows, in declaration order. */
    public static List<SocketOption<?>> all() {
        return List.copyOf(Collections.unmodifiableCollection(BY_NAME.values()));
    }

    /** The option called {@code name} (libzmq name without {@code ZMQ_}). */
    public static Optional<SocketOption<?>> byName(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    @Override
    public String toString() {
        return name;
    }
}
