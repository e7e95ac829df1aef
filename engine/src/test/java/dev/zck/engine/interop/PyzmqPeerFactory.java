package dev.zck.engine.interop;

import dev.zck.spec.Timeouts;
import dev.zck.spi.SocketType;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * libzmq peers through pyzmq. Whether pyzmq is usable is asked once, of the same interpreter the peers will run on:
 * {@code /usr/bin/python3} (Debian's, which has python3-zmq), not whatever {@code python3} comes first on the PATH.
 */
final class PyzmqPeerFactory implements HandshakePeerFactory {
    static final PyzmqPeerFactory INSTANCE = new PyzmqPeerFactory();
    static final String PYTHON_PROPERTY = "zck.python";

    private static final String SCRIPT_RESOURCE = "/interop/pyzmq_peer.py";
    private static final String PROBE = "import json, zmq; print(json.dumps({'libzmq': zmq.zmq_version(),"
            + " 'pyzmq': zmq.pyzmq_version(), 'draft': bool(zmq.has('draft'))}))";
    private static final String INSTALL_HINT = "run .ci/install, or on Debian: apt-get install python3-zmq";

    private final Path python = Path.of(System.getProperty(PYTHON_PROPERTY, "/usr/bin/python3"));
    private volatile Probe probe;
    private static Path script;

    private record Probe(String description, boolean draft, String unavailable) {}

    private PyzmqPeerFactory() {}

    @Override
    public String name() {
        return "pyzmq";
    }

    @Override
    public String toString() {
        return name();
    }

    @Override
    public String description() {
        return probe().description();
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.ofNullable(probe().unavailable());
    }

    @Override
    public boolean supports(SocketType type) {
        return available() && (!type.isDraft() || probe().draft());
    }

    @Override
    public HandshakePeer start(SocketType type, Role role, String endpoint, PeerSetup setup) {
        HandshakePeers.requireLoopback(endpoint);
        HandshakePeers.requireSupported(this, type);
        return PyzmqHandshakePeer.start(python, script(), type, role, endpoint, setup, Timeouts.fromSystemProperties());
    }

    private Probe probe() {
        Probe result = probe;
        if (result == null) {
            synchronized (this) {
                if (probe == null) {
                    probe = runProbe();
                }
                result = probe;
            }
        }
        return result;
    }

    private Probe runProbe() {
        String what = "libzmq through pyzmq (" + python + ")";
        if (!Files.isExecutable(python)) {
            return new Probe(what, false, python + " not found, needed for libzmq interop tests; " + INSTALL_HINT);
        }
        try {
            Process process = new ProcessBuilder(python.toString(), "-I", "-c", PROBE)
                    .redirectErrorStream(true)
                    .start();
            ProcessReaper.register(process);
            byte[] output;
            try (InputStream in = process.getInputStream()) {
                boolean exited =
                        process.waitFor(Timeouts.fromSystemProperties().expect().toMillis(), TimeUnit.MILLISECONDS);
                ProcessReaper.killTree(
                        process.toHandle(), Timeouts.fromSystemProperties().expect());
                output = in.readAllBytes();
                if (!exited) {
                    return new Probe(what, false, python + " did not answer the pyzmq probe in time");
                }
            }
            String text = new String(output, StandardCharsets.UTF_8).strip();
            if (process.exitValue() != 0) {
                return new Probe(what, false, python + " cannot import zmq (" + text + "); " + INSTALL_HINT);
            }
            Map<String, Object> facts = MiniJson.parseObject(text);
            return new Probe(
                    "libzmq " + facts.get("libzmq") + " (pyzmq " + facts.get("pyzmq") + ", " + python + ")",
                    Boolean.TRUE.equals(facts.get("draft")),
                    null);
        } catch (IOException | RuntimeException e) {
            return new Probe(what, false, "cannot run " + python + ": " + e + "; " + INSTALL_HINT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Probe(what, false, "interrupted while probing " + python);
        }
    }

    /** The driver script as a file: in place when the test classes are a directory, else copied out once. */
    private static synchronized Path script() {
        if (script == null) {
            script = locateScript();
        }
        return script;
    }

    private static Path locateScript() {
        URL url = PyzmqPeerFactory.class.getResource(SCRIPT_RESOURCE);
        if (url == null) {
            throw new PeerException(SCRIPT_RESOURCE + " is missing from the test classpath");
        }
        try {
            if ("file".equals(url.getProtocol())) {
                return Path.of(url.toURI());
            }
            Path copy = Files.createTempFile("zck-pyzmq-peer", ".py");
            copy.toFile().deleteOnExit();
            try (InputStream in = url.openStream()) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
