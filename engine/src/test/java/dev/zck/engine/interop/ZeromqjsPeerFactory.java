package dev.zck.engine.interop;

import dev.zck.spec.Timeouts;
import dev.zck.spi.SocketType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * libzmq 4.3.5 peers through zeromq.js (npm {@code zeromq} 6.8.0, which bundles it), all in one Node process running
 * {@code interop/zeromqjs_peer.js}: started with the first peer, shared by the peers after it (so a case costs no Node
 * start-up) and started again if it died. Node is {@code node} on the PATH (override with {@value #NODE_PROPERTY});
 * the {@code zeromq} package is the one {@code .ci/install} puts in the repository's {@value #DRIVER_DIR}, found from
 * the engine module's directory (override the {@code node_modules} folder with {@value #MODULES_PROPERTY}) and given
 * to Node as {@code NODE_PATH}. The engine module has no Maven dependency on that module; it only reads the folder.
 *
 * <p>zeromq.js 6 exposes the classic types and, from {@code zeromq/draft}, SERVER, CLIENT, RADIO, DISH, GATHER and
 * SCATTER; not PEER or CHANNEL. It has no binding for {@code zmq_msg_gets}, so its peers cannot read the connection
 * properties attached to a message.
 */
final class ZeromqjsPeerFactory extends ScriptPeerFactory {
    static final String NODE_PROPERTY = "zck.node";
    static final String MODULES_PROPERTY = "zck.zeromqjs.modules";
    static final String DRIVER_DIR = "conformance-tests/drivers/zeromqjs";
    /** What installs zeromq.js where the tests look for it, run from the repository's root. */
    static final String INSTALL_COMMAND = "npm install --prefix " + DRIVER_DIR + " zeromq@6.8.0";

    /** The draft types zeromq.js 6 exposes, from {@code zeromq/draft}. */
    private static final Set<SocketType> DRAFTS = Set.of(
            SocketType.SERVER,
            SocketType.CLIENT,
            SocketType.RADIO,
            SocketType.DISH,
            SocketType.GATHER,
            SocketType.SCATTER);

    private static final Set<SocketType> TYPES = Set.copyOf(Stream.of(SocketType.values())
            .filter(type -> !type.isDraft() || DRAFTS.contains(type))
            .toList());
    private static final String PROBE = "const z = require('zeromq'); console.log(JSON.stringify({libzmq: z.version,"
            + " zeromq: require('zeromq/package.json').version, node: process.version,"
            + " draft: z.capability.draft === true}))";

    /** After the constants above, which its constructor reads. */
    static final ZeromqjsPeerFactory INSTANCE = new ZeromqjsPeerFactory();

    private final String node;
    private final Path modules;
    private final AtomicInteger sockets = new AtomicInteger();
    private PeerProcess shared;

    private ZeromqjsPeerFactory() {
        this(System.getProperty(NODE_PROPERTY, "node"), defaultModules());
    }

    /** A factory for {@code node} and the {@code node_modules} folder given: tests of the missing-install case. */
    ZeromqjsPeerFactory(String node, Path modules) {
        super("zeromqjs", "zeromq.js", "/interop/zeromqjs_peer.js", TYPES, TYPES);
        this.node = node;
        this.modules = modules;
    }

    /** {@code DRIVER_DIR/node_modules} in the repository that holds the engine module Surefire (or the IDE) runs. */
    private static Path defaultModules() {
        String explicit = System.getProperty(MODULES_PROPERTY);
        if (explicit != null) {
            return Path.of(explicit);
        }
        Path engine = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
                .toAbsolutePath()
                .normalize();
        return engine.resolveSibling(DRIVER_DIR).resolve("node_modules");
    }

    @Override
    public boolean readsMessageProperties() {
        return false;
    }

    @Override
    public HandshakePeer start(SocketType type, Role role, String endpoint, PeerSetup setup) {
        HandshakePeers.requireLoopback(endpoint);
        HandshakePeers.requireSupported(this, type);
        return ScriptHandshakePeer.inSharedProcess(
                sharedProcess(),
                sockets.incrementAndGet(),
                readsMessageProperties(),
                type,
                role,
                endpoint,
                setup,
                Timeouts.fromSystemProperties());
    }

    /** The Node process the peers share; a new one if there was none yet or the last one died. */
    synchronized PeerProcess sharedProcess() {
        if (shared == null || !shared.alive()) {
            if (shared != null) {
                shared.close(); // reaps what is left of it
            }
            shared = PeerProcess.launch(
                            name(),
                            List.of(node, script().toString()),
                            Map.of("NODE_PATH", modules.toString()),
                            Timeouts.fromSystemProperties())
                    .start();
            shared.awaitReady();
        }
        return shared;
    }

    @Override
    Probe probeLibrary() {
        String what = "libzmq through zeromq.js (" + modules + ")";
        try {
            ProbeRun run = run(List.of(node, "-e", PROBE), Map.of("NODE_PATH", modules.toString()));
            if (run.exitCode() != 0) {
                return Probe.missing(
                        what,
                        "zeromq.js is not installed in " + modules + " (node says: " + firstLine(run.output())
                                + "); install it from the repository's root: " + INSTALL_COMMAND
                                + " (or run .ci/install)");
            }
            Map<String, Object> facts = run.facts();
            return Probe.found(
                    "libzmq " + facts.get("libzmq") + " (zeromq.js " + facts.get("zeromq") + ", node "
                            + facts.get("node") + ")",
                    facts);
        } catch (IOException e) {
            return Probe.missing(
                    what,
                    "cannot run " + node + " (" + e.getMessage() + "), needed for the zeromq.js interop tests;"
                            + " install Node.js (on Debian: apt-get install nodejs npm), then from the repository's"
                            + " root: " + INSTALL_COMMAND + " (or run .ci/install for both)");
        } catch (RuntimeException e) {
            return Probe.missing(what, "cannot probe zeromq.js with " + node + ": " + e + "; " + INSTALL_COMMAND);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Probe.missing(what, "interrupted while probing zeromq.js");
        }
    }

    private static String firstLine(String output) {
        return output.lines()
                .filter(line -> line.contains("Error") || line.contains("Cannot"))
                .findFirst()
                .orElse(output.lines().findFirst().orElse("no output"))
                .strip();
    }
}
