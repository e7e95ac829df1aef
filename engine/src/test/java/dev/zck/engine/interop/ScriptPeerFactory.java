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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * What the factories of {@link ScriptHandshakePeer}s share: the library is probed once, by a command that prints its
 * facts as one JSON line ({@code draft}: whether it has the draft API), and the peer script is a test resource, used
 * in place or copied out of a jar.
 */
abstract class ScriptPeerFactory implements HandshakePeerFactory {
    private final String name;
    private final String label;
    private final String scriptResource;
    private final Set<SocketType> testedTypes;
    private final Set<SocketType> scriptTypes;
    private volatile Probe probe;
    private Path script;

    /**
     * What the probe found.
     *
     * @param description the library and its version, or what was looked for
     * @param facts what the probe command printed, empty if the library is unavailable
     * @param unavailable why the library cannot be used, with the fix; null if it can
     */
    record Probe(String description, Map<String, Object> facts, String unavailable) {
        static Probe found(String description, Map<String, Object> facts) {
            return new Probe(description, facts, null);
        }

        static Probe missing(String description, String reason) {
            return new Probe(description, Map.of(), reason);
        }
    }

    /** The outcome of a probe command: its exit code and its output (stdout and stderr together), stripped. */
    record ProbeRun(int exitCode, String output) {
        /** The facts the command printed as JSON on its last line of output. */
        Map<String, Object> facts() {
            String[] lines = output.split("\n");
            return MiniJson.parseObject(lines[lines.length - 1].strip());
        }
    }

    /**
     * @param scriptTypes the types the script can create where the library has the draft API (without it, the
     *     classic ones among them)
     */
    ScriptPeerFactory(
            String name,
            String label,
            String scriptResource,
            Set<SocketType> testedTypes,
            Set<SocketType> scriptTypes) {
        this.name = name;
        this.label = label;
        this.scriptResource = scriptResource;
        this.testedTypes = Set.copyOf(testedTypes);
        this.scriptTypes = Set.copyOf(scriptTypes);
    }

    /** Finds out whether the library is usable here; called once. */
    abstract Probe probeLibrary();

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final String label() {
        return label;
    }

    @Override
    public final Set<SocketType> testedTypes() {
        return testedTypes;
    }

    @Override
    public final boolean supports(SocketType type) {
        return available()
                && scriptTypes.contains(type)
                && (!type.isDraft() || Boolean.TRUE.equals(probe().facts().get("draft")));
    }

    @Override
    public String toString() {
        return name;
    }

    @Override
    public String description() {
        return probe().description();
    }

    @Override
    public Optional<String> unavailableReason() {
        return Optional.ofNullable(probe().unavailable());
    }

    final Probe probe() {
        Probe result = probe;
        if (result == null) {
            synchronized (this) {
                if (probe == null) {
                    probe = probeLibrary();
                }
                result = probe;
            }
        }
        return result;
    }

    /**
     * Runs {@code command} with {@code environment} added, for at most the expect timeout.
     *
     * @throws IOException if it cannot be started (the program is missing)
     * @throws PeerException if it does not finish in time
     */
    static ProbeRun run(List<String> command, Map<String, String> environment)
            throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        ProcessReaper.register(process);
        Timeouts timeouts = Timeouts.fromSystemProperties();
        try (InputStream in = process.getInputStream()) {
            boolean exited = process.waitFor(timeouts.expect().toMillis(), TimeUnit.MILLISECONDS);
            ProcessReaper.killTree(process.toHandle(), timeouts.expect());
            String output = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!exited) {
                throw new PeerException(command.get(0) + " did not answer the probe within " + timeouts.expect());
            }
            return new ProbeRun(process.exitValue(), output);
        }
    }

    /** The peer script as a file: in place when the test classes are a directory, else copied out once. */
    final synchronized Path script() {
        if (script == null) {
            script = locateScript();
        }
        return script;
    }

    private Path locateScript() {
        URL url = ScriptPeerFactory.class.getResource(scriptResource);
        if (url == null) {
            throw new PeerException(scriptResource + " is missing from the test classpath");
        }
        try {
            if ("file".equals(url.getProtocol())) {
                return Path.of(url.toURI());
            }
            String file = Path.of(scriptResource).getFileName().toString();
            Path copy = Files.createTempFile("zck-", "-" + file);
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
