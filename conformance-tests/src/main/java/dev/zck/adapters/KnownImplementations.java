package dev.zck.adapters;

import dev.zck.adapters.KnownImplementation.Kind;
import dev.zck.adapters.RuntimeProbe.Status;
import dev.zck.adapters.driver.DriverCommand;
import dev.zck.adapters.driver.DriverImplementation;
import dev.zck.adapters.internal.Processes;
import dev.zck.adapters.jeromq.JeromqImplementation;
import dev.zck.engine.socket.ReferenceImplementation;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

/**
 * The implementations zck knows. The reference engine and JeroMQ are always part of the kit; the others are driver
 * processes (spec/DRIVER-PROTOCOL.md) whose runtime must be installed on the machine (the install command is part of
 * each entry) and whose driver must be in the zck home.
 */
public final class KnownImplementations {
    /** Debian's interpreter: python3-zmq installs for it, not for other pythons on the PATH. */
    static final String SYSTEM_PYTHON = "/usr/bin/python3";

    static final String ZEROMQ_JS_DIR = "conformance-tests/drivers/zeromqjs";
    static final String ZEROMQ_JS_DRIVER = ZEROMQ_JS_DIR + "/driver.js";
    static final String PYZMQ_DRIVER = "conformance-tests/drivers/pyzmq/zck_driver.py";
    static final String JEROMQ_DRIVER_CLASS = "dev.zck.drivers.jeromq.JeromqDriver";

    private final List<KnownImplementation> all;

    private KnownImplementations(List<KnownImplementation> all) {
        this.all = List.copyOf(all);
    }

    public static KnownImplementations standard() {
        return new KnownImplementations(List.of(
                new KnownImplementation(
                        "reference",
                        "zck reference engine (Java, Netty)",
                        Kind.EMBEDDED,
                        (home, timeout) -> Status.present("part of zck " + dev.zck.spec.KitInfo.version()),
                        home -> Optional.empty(),
                        home -> new ReferenceImplementation()),
                new KnownImplementation(
                        "jeromq",
                        "JeroMQ (Java), in the kit's JVM",
                        Kind.IN_PROCESS,
                        (home, timeout) -> mavenArtifact("org.zeromq", "jeromq", "JeroMQ"),
                        home -> Optional.empty(),
                        home -> new JeromqImplementation()),
                new KnownImplementation(
                        "jeromq-driver",
                        "JeroMQ (Java) through the driver protocol",
                        Kind.DRIVER,
                        (home, timeout) -> Status.present("java " + System.getProperty("java.version")),
                        home -> missingClass(JEROMQ_DRIVER_CLASS),
                        home -> DriverImplementation.start(DriverCommand.of(
                                        javaLauncher(),
                                        "-cp",
                                        System.getProperty("java.class.path"),
                                        JEROMQ_DRIVER_CLASS)
                                .withDirectory(home))),
                new KnownImplementation(
                        "pyzmq",
                        "libzmq (Debian) through pyzmq, python3-zmq",
                        Kind.DRIVER,
                        KnownImplementations::probePyzmq,
                        home -> missingFile(home, PYZMQ_DRIVER),
                        home -> DriverImplementation.start(DriverCommand.of(
                                        SYSTEM_PYTHON,
                                        home.resolve(PYZMQ_DRIVER).toString())
                                .withDirectory(home))),
                new KnownImplementation(
                        "zeromqjs",
                        "libzmq 4.3.5 bundled in zeromq.js (npm zeromq 6)",
                        Kind.DRIVER,
                        KnownImplementations::probeZeromqJs,
                        home -> missingFile(home, ZEROMQ_JS_DRIVER),
                        home -> DriverImplementation.start(DriverCommand.of(
                                        "node", home.resolve(ZEROMQ_JS_DRIVER).toString())
                                .withEnvironment(Map.of(
                                        "NODE_PATH",
                                        home.resolve(ZEROMQ_JS_DIR)
                                                .resolve("node_modules")
                                                .toString()))
                                .withDirectory(home)))));
    }

    public List<KnownImplementation> all() {
        return all;
    }

    public Optional<KnownImplementation> find(String id) {
        return all.stream().filter(i -> i.id().equals(id)).findFirst();
    }

    private static Optional<String> missingFile(Path home, String driver) {
        if (Files.isRegularFile(home.resolve(driver))) {
            return Optional.empty();
        }
        return Optional.of("the driver " + driver + " is missing from " + home + " (run zck from a complete checkout)");
    }

    private static Optional<String> missingClass(String mainClass) {
        try {
            Class.forName(mainClass, false, KnownImplementations.class.getClassLoader());
            return Optional.empty();
        } catch (ClassNotFoundException | LinkageError e) {
            return Optional.of("the driver's main class " + mainClass + " is not in this build of zck");
        }
    }

    /** The {@code java} of this JVM, so that a Java driver runs on the same runtime as the kit. */
    private static String javaLauncher() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static Status mavenArtifact(String group, String artifact, String label) {
        String resource = "/META-INF/maven/" + group + "/" + artifact + "/pom.properties";
        try (InputStream in = KnownImplementations.class.getResourceAsStream(resource)) {
            if (in == null) {
                return Status.missing(label + " is not on the kit's classpath", "");
            }
            Properties properties = new Properties();
            properties.load(in);
            return Status.present(label + " " + properties.getProperty("version", "?") + " on the classpath");
        } catch (IOException e) {
            return Status.missing("cannot read " + resource + ": " + e.getMessage(), "");
        }
    }

    private static Status probePyzmq(Path home, java.time.Duration timeout) {
        String install = "apt-get install -y python3-zmq   (as root)";
        if (!Files.isExecutable(Path.of(SYSTEM_PYTHON))) {
            return Status.missing(SYSTEM_PYTHON + " not found", "apt-get install -y python3 python3-zmq   (as root)");
        }
        Processes.Result result = Processes.run(
                List.of(
                        SYSTEM_PYTHON,
                        "-c",
                        "import zmq; print('libzmq ' + zmq.zmq_version() + ', pyzmq ' + zmq.pyzmq_version())"),
                Map.of(),
                timeout);
        if (result.ok()) {
            return Status.present(result.stdout());
        }
        return Status.missing("pyzmq not importable by " + SYSTEM_PYTHON + ": " + result.reason(), install);
    }

    private static Status probeZeromqJs(Path home, java.time.Duration timeout) {
        Path dir = home.resolve(ZEROMQ_JS_DIR);
        String install = "npm install --prefix " + ZEROMQ_JS_DIR + " zeromq@6   (from the zck directory)";
        Processes.Result node = Processes.run(List.of("node", "--version"), Map.of(), timeout);
        if (!node.ok()) {
            return Status.missing("node not found: " + node.reason(), "apt-get install -y nodejs npm   (as root)");
        }
        Processes.Result result = Processes.run(
                List.of("node", "-e", "const z = require('zeromq'); console.log('libzmq ' + z.version)"),
                Map.of("NODE_PATH", dir.resolve("node_modules").toString()),
                timeout);
        if (result.ok()) {
            return Status.present(result.stdout() + ", node " + node.stdout());
        }
        return Status.missing("zeromq.js not installed in " + dir + ": " + result.reason(), install);
    }
}
