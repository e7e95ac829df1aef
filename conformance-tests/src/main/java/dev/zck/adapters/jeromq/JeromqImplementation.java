package dev.zck.adapters.jeromq;

import dev.zck.spi.Capabilities;
import dev.zck.spi.ErrorKind;
import dev.zck.spi.ImplementationInfo;
import dev.zck.spi.Mechanism;
import dev.zck.spi.SocketEvent;
import dev.zck.spi.SocketType;
import dev.zck.spi.Transport;
import dev.zck.spi.ZmqException;
import dev.zck.spi.ZmqImplementation;
import dev.zck.spi.ZmqSocket;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.zeromq.ZContext;

/**
 * JeroMQ (the pure-Java ZeroMQ, pinned at 0.6.0) in the kit's JVM, through the SPI: one {@link ZContext} per
 * implementation, with one I/O thread, whose sockets share its inproc namespace.
 *
 * <p><b>What it declares.</b> Every socket type of the SPI (JeroMQ 0.6.0 has them all, draft types included, matched
 * by name because JeroMQ numbers CHANNEL, PEER, SCATTER and GATHER differently from libzmq); the tcp and inproc
 * transports (JeroMQ's ipc is TCP on loopback, not a Unix socket, so it is left out); the NULL mechanism only (the
 * adapter does not map the PLAIN, CURVE and ZAP options); the options of {@link JeromqOptions}, with SPI IMMEDIATE
 * given libzmq's meaning although JeroMQ's own IMMEDIATE is inverted; and the events of {@link JeromqEvents} plus
 * HANDSHAKE_SUCCEEDED, which JeroMQ never emits and the adapter synthesizes ({@link HandshakeProbe}) as long as the
 * JeroMQ internals it reads are there ({@link JeromqInternals#available()}).
 *
 * <p><b>Defaults.</b> Sockets start with JeroMQ's own defaults, as {@code zmq.Options} has them: LINGER -1 (not the
 * 0 that {@link ZContext} would otherwise set), HWMs 1000, JeroMQ {@code immediate = true} (SPI IMMEDIATE false).
 *
 * <p><b>Threading.</b> Each socket lives on a thread of its own (see {@link JeromqSocket}): the SPI's one thread per
 * socket is honoured, and more is tolerated, although JeroMQ sockets are not thread-safe.
 *
 * <p><b>Work-around.</b> JeroMQ 0.6.0 stalls about one connecting TCP socket in ten (zeromq/jeromq#1022: the engine
 * is never registered with its selector, so it sends no greeting until HANDSHAKE_IVL, 30 s, gives up). Unless
 * constructed with {@code workAroundConnectRace = false}, the adapter asks the poller for another registration pass
 * when it sees such an engine, as any later registration change in JeroMQ would; nothing on the wire changes. The
 * work-around is reported in {@link #info()}.
 *
 * <p><b>Close.</b> LINGER is cut to {@link #MAX_LINGER} when a socket closes, and the context's termination is
 * awaited for at most that long plus a grace, so that a run never hangs on JeroMQ.
 */
public final class JeromqImplementation implements ZmqImplementation {
    /** LINGER -1 (forever) and longer lingers are cut to this on close. */
    public static final Duration MAX_LINGER = Duration.ofSeconds(5);

    /** Set to {@code false} to run the default-constructed adapter without the zeromq/jeromq#1022 work-around. */
    public static final String CONNECT_RACE_PROPERTY = "zck.jeromq.connectRaceWorkaround";

    static final Set<Transport> TRANSPORTS = Collections.unmodifiableSet(EnumSet.of(Transport.TCP, Transport.INPROC));

    private static final AtomicInteger CONTEXTS = new AtomicInteger();

    private final ZContext context;
    private final boolean workAroundConnectRace;
    private final int id = CONTEXTS.incrementAndGet();
    private final AtomicInteger sockets = new AtomicInteger();
    private final Set<JeromqSocket> open = Collections.synchronizedSet(new LinkedHashSet<>());
    private final Capabilities capabilities;
    private final ImplementationInfo info;
    private volatile boolean closed;

    /**
     * With the connect-race work-around on, unless the system property {@value #CONNECT_RACE_PROPERTY} is {@code
     * false} (to watch JeroMQ without it).
     */
    public JeromqImplementation() {
        this(!"false"
                .equalsIgnoreCase(
                        System.getProperty(CONNECT_RACE_PROPERTY, "true").strip()));
    }

    /** @param workAroundConnectRace whether to unstick connections caught by zeromq/jeromq#1022 (see above) */
    public JeromqImplementation(boolean workAroundConnectRace) {
        this.workAroundConnectRace = workAroundConnectRace;
        this.context = new ZContext(1);
        context.setLinger(-1);
        this.capabilities = declare();
        this.info = new ImplementationInfo("jeromq", version(), "Java", detail());
    }

    @Override
    public ImplementationInfo info() {
        return info;
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    @Override
    public ZmqSocket socket(SocketType type) throws ZmqException {
        if (closed) {
            throw new ZmqException(ErrorKind.TERMINATED, "ETERM: the JeroMQ context was closed");
        }
        if (!capabilities.supports(type)) {
            throw new ZmqException(ErrorKind.UNSUPPORTED, "ENOTSUP: JeroMQ has no " + type + " socket");
        }
        String name = "zck-jeromq-" + id + "-" + type.name().toLowerCase(java.util.Locale.ROOT) + "-"
                + sockets.incrementAndGet();
        JeromqSocket socket =
                JeromqSocket.open(context, jeromqType(type), type, name, workAroundConnectRace, open::remove);
        open.add(socket);
        if (closed) { // closed meanwhile: do not leave the socket behind
            socket.close();
            throw new ZmqException(ErrorKind.TERMINATED, "ETERM: the JeroMQ context was closed");
        }
        return socket;
    }

    /**
     * Closes every socket still open (LINGER cut to {@link #MAX_LINGER}), then terminates the context, waiting at
     * most {@link #MAX_LINGER} plus {@link SocketOwner#GRACE}. Closing twice is harmless.
     *
     * @throws ZmqException {@link ErrorKind#OTHER} if JeroMQ's context did not terminate in that time (its threads
     *     are then left behind)
     */
    @Override
    public void close() throws ZmqException {
        if (closed) {
            return;
        }
        closed = true;
        List<JeromqSocket> left;
        synchronized (open) {
            left = new ArrayList<>(open);
        }
        for (JeromqSocket socket : left) {
            try {
                socket.close();
            } catch (ZmqException e) {
                // the context's termination below closes it anyway
            }
        }
        Thread terminate = new Thread(context::close, "zck-jeromq-" + id + "-terminate");
        terminate.setDaemon(true);
        terminate.start();
        Duration wait = MAX_LINGER.plus(SocketOwner.GRACE);
        try {
            terminate.join(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (terminate.isAlive()) {
            throw new ZmqException(ErrorKind.OTHER, "the JeroMQ context did not terminate within " + wait);
        }
    }

    private Capabilities declare() {
        Set<SocketEvent.Kind> events = JeromqEvents.emitted();
        if (JeromqInternals.available()) {
            events.add(SocketEvent.Kind.HANDSHAKE_SUCCEEDED);
        }
        return Capabilities.builder()
                .socketTypes(EnumSet.allOf(SocketType.class))
                .transports(TRANSPORTS.toArray(Transport[]::new))
                .mechanisms(Mechanism.NULL)
                .options(JeromqOptions.declared())
                .events(events.toArray(SocketEvent.Kind[]::new))
                .build();
    }

    private String detail() {
        StringBuilder detail = new StringBuilder("in-process (org.zeromq:jeromq in the kit's JVM)");
        if (JeromqInternals.available()) {
            detail.append("; HANDSHAKE_SUCCEEDED synthesized from engine state");
            if (workAroundConnectRace) {
                detail.append("; zeromq/jeromq#1022 connect race worked around");
            }
        } else {
            detail.append("; no HANDSHAKE_SUCCEEDED (")
                    .append(JeromqInternals.unavailableReason().orElse("?"));
            detail.append(")");
        }
        return detail.toString();
    }

    /**
     * The JeroMQ type of the same name. Matched by name, not code: JeroMQ numbers CHANNEL, PEER, SCATTER and GATHER
     * 16, 17, 19, 20 where libzmq has 20, 19, 17, 16; the name is what goes on the wire.
     */
    private static org.zeromq.SocketType jeromqType(SocketType type) throws ZmqException {
        try {
            return org.zeromq.SocketType.valueOf(type.name());
        } catch (IllegalArgumentException e) {
            throw new ZmqException(ErrorKind.UNSUPPORTED, "ENOTSUP: JeroMQ has no " + type + " socket", e);
        }
    }

    /** JeroMQ's version, from its jar's Maven metadata. */
    static String version() {
        try (InputStream in =
                org.zeromq.ZMQ.class.getResourceAsStream("/META-INF/maven/org.zeromq/jeromq/pom.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public String toString() {
        return info.label();
    }
}
