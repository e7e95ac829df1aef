package dev.zck.engine.interop;

import dev.zck.spi.SocketType;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The real ZeroMQ implementations the engine is tested against: libzmq 4.3.4 through Debian's pyzmq (a Python process
 * per peer), libzmq 4.3.5 through zeromq.js (one Node process for all peers) and JeroMQ 0.6.0 (in-process).
 *
 * <p>Socket types: Debian's libzmq is built without the draft API, so {@link #pyzmq()} supports PAIR..XSUB only (it
 * asks the installed libzmq, so a draft-enabled build would add the rest). zeromq.js 6 has the classic types and the
 * drafts SERVER, CLIENT, RADIO, DISH, GATHER and SCATTER (not PEER or CHANNEL). JeroMQ 0.6.0 creates every type of
 * {@link SocketType}, including the draft ones (CLIENT, SERVER, RADIO, DISH, SCATTER, GATHER, PEER, CHANNEL).
 */
public final class HandshakePeers {
    private static final Pattern LOOPBACK = Pattern.compile("tcp://127\\.0\\.0\\.1:(\\d{1,5}|\\*)");

    private HandshakePeers() {}

    /** libzmq through {@code /usr/bin/python3} (override with the system property {@code zck.python}). */
    public static HandshakePeerFactory pyzmq() {
        return PyzmqPeerFactory.INSTANCE;
    }

    /**
     * libzmq 4.3.5 through zeromq.js, with {@code node} and the {@code zeromq} package {@code .ci/install} puts in
     * {@code conformance-tests/drivers/zeromqjs}.
     */
    public static HandshakePeerFactory zeromqjs() {
        return ZeromqjsPeerFactory.INSTANCE;
    }

    /** JeroMQ, in this JVM. */
    public static HandshakePeerFactory jeromq() {
        return JeromqPeerFactory.INSTANCE;
    }

    /** Every library, available here or not (tests fail with the reason rather than silently skip). */
    public static List<HandshakePeerFactory> all() {
        return List.of(pyzmq(), jeromq(), zeromqjs());
    }

    static void requireLoopback(String endpoint) {
        if (endpoint == null || !LOOPBACK.matcher(endpoint).matches()) {
            throw new IllegalArgumentException("interop peers use TCP on 127.0.0.1 only, got " + endpoint);
        }
    }

    static void requireSupported(HandshakePeerFactory factory, SocketType type) {
        factory.requireAvailable();
        if (!factory.supports(type)) {
            throw new UnsupportedOperationException(factory.description() + " has no " + type + " socket");
        }
    }
}
