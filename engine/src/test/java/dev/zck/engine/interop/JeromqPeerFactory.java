package dev.zck.engine.interop;

import dev.zck.spec.Timeouts;
import dev.zck.spi.SocketType;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;

/** JeroMQ peers, in this JVM; JeroMQ is a test dependency of the engine module. */
final class JeromqPeerFactory implements HandshakePeerFactory {
    static final JeromqPeerFactory INSTANCE = new JeromqPeerFactory();

    private JeromqPeerFactory() {}

    @Override
    public String name() {
        return "jeromq";
    }

    @Override
    public String label() {
        return "JeroMQ";
    }

    /** Every type of {@link SocketType}: JeroMQ 0.6.0 has them all. */
    @Override
    public Set<SocketType> testedTypes() {
        return Set.of(SocketType.values());
    }

    @Override
    public String toString() {
        return name();
    }

    @Override
    public String description() {
        return "JeroMQ " + version();
    }

    @Override
    public Optional<String> unavailableReason() {
        try {
            Class.forName("org.zeromq.ZContext");
            return Optional.empty();
        } catch (ClassNotFoundException e) {
            return Optional.of("JeroMQ is not on the test classpath (org.zeromq:jeromq, test scope of zck-engine)");
        }
    }

    /** Every type JeroMQ has a socket for: all of {@link SocketType}, draft types included, in 0.6.0. */
    @Override
    public boolean supports(SocketType type) {
        return available() && jeromqType(type).isPresent();
    }

    @Override
    public HandshakePeer start(SocketType type, Role role, String endpoint, PeerSetup setup) {
        HandshakePeers.requireLoopback(endpoint);
        HandshakePeers.requireSupported(this, type);
        return JeromqHandshakePeer.start(
                jeromqType(type).orElseThrow(), type, role, endpoint, setup, Timeouts.fromSystemProperties());
    }

    /**
     * The JeroMQ type of the same name. Matched by name, not code: JeroMQ numbers CHANNEL, PEER, SCATTER and GATHER
     * differently from libzmq (16, 17, 19, 20 against 20, 19, 17, 16); the name is what goes on the wire.
     */
    private static Optional<org.zeromq.SocketType> jeromqType(SocketType type) {
        try {
            return Optional.of(org.zeromq.SocketType.valueOf(type.name()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static String version() {
        try (InputStream in =
                org.zeromq.ZMQ.class.getResourceAsStream("/META-INF/maven/org.zeromq/jeromq/pom.properties")) {
            Properties properties = new Properties();
            if (in != null) {
                properties.load(in);
            }
            return properties.getProperty("version", "(unknown version)");
        } catch (IOException e) {
            return "(unknown version)";
        }
    }
}
