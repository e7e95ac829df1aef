package dev.zck.engine.interop;

import dev.zck.spec.Timeouts;
import dev.zck.spi.SocketType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * libzmq peers through pyzmq, a Python process per peer. Whether pyzmq is usable is asked once, of the same
 * interpreter the peers will run on: {@code /usr/bin/python3} (Debian's, which has python3-zmq), not whatever {@code
 * python3} comes first on the PATH.
 */
final class PyzmqPeerFactory extends ScriptPeerFactory {
    static final String PYTHON_PROPERTY = "zck.python";

    private static final String PROBE = "import json, zmq; print(json.dumps({'libzmq': zmq.zmq_version(),"
            + " 'pyzmq': zmq.pyzmq_version(), 'draft': bool(zmq.has('draft'))}))";
    private static final String INSTALL_HINT = "run .ci/install, or on Debian: apt-get install python3-zmq";
    /** Debian's libzmq is built without the draft API. */
    private static final Set<SocketType> CLASSIC = Set.copyOf(
            Stream.of(SocketType.values()).filter(type -> !type.isDraft()).toList());

    private static final HexFormat HEX = HexFormat.of();

    /** After the constants above, which its constructor reads. */
    static final PyzmqPeerFactory INSTANCE = new PyzmqPeerFactory();

    private final Path python = Path.of(System.getProperty(PYTHON_PROPERTY, "/usr/bin/python3"));

    /** Tested with the classic types; a draft-enabled libzmq would give the script every type. */
    private PyzmqPeerFactory() {
        super("pyzmq", "libzmq", "/interop/pyzmq_peer.py", CLASSIC, Set.of(SocketType.values()));
    }

    @Override
    public HandshakePeer start(SocketType type, Role role, String endpoint, PeerSetup setup) {
        HandshakePeers.requireLoopback(endpoint);
        HandshakePeers.requireSupported(this, type);
        if (type == SocketType.DISH && !setup.groups().isEmpty()) {
            throw new UnsupportedOperationException("the pyzmq driver cannot join groups yet");
        }
        List<String> command = new ArrayList<>(
                List.of(python.toString(), "-I", "-u", script().toString(), type.name(), role.argument(), endpoint));
        if (setup.routingId() != null) {
            command.addAll(List.of("--routing-id", HEX.formatHex(setup.routingId())));
        }
        if (type == SocketType.SUB) {
            for (byte[] topic : setup.subscriptions()) {
                command.addAll(List.of("--subscribe", HEX.formatHex(topic)));
            }
        }
        return ScriptHandshakePeer.inOwnProcess(name(), command, type, role, endpoint, Timeouts.fromSystemProperties());
    }

    @Override
    Probe probeLibrary() {
        String what = "libzmq through pyzmq (" + python + ")";
        if (!Files.isExecutable(python)) {
            return Probe.missing(what, python + " not found, needed for libzmq interop tests; " + INSTALL_HINT);
        }
        try {
            ProbeRun run = run(List.of(python.toString(), "-I", "-c", PROBE), Map.of());
            if (run.exitCode() != 0) {
                return Probe.missing(what, python + " cannot import zmq (" + run.output() + "); " + INSTALL_HINT);
            }
            Map<String, Object> facts = run.facts();
            return Probe.found(
                    "libzmq " + facts.get("libzmq") + " (pyzmq " + facts.get("pyzmq") + ", " + python + ")", facts);
        } catch (IOException | RuntimeException e) {
            return Probe.missing(what, "cannot run " + python + ": " + e + "; " + INSTALL_HINT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Probe.missing(what, "interrupted while probing " + python);
        }
    }
}
