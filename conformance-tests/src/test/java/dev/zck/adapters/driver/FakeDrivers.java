package dev.zck.adapters.driver;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The scripted drivers of src/test/resources/drivers (Python 3, standard library only) and checks on the process
 * table, for the tests of the kit's driver side.
 */
public final class FakeDrivers {
    /** Debian's interpreter, which every test machine of zck has. */
    public static final String PYTHON = "/usr/bin/python3";

    /** Short timeouts, so that failures come quickly; the start timeout leaves room for a slow Python start. */
    static final DriverTimeouts QUICK = new DriverTimeouts(Duration.ofSeconds(20), Duration.ofMillis(500));

    /**
     * What killing a tree may add to a deadline: the kit waits until every killed process has left the process
     * table, and a killed grandchild is reaped by init (every 2 s in some containers), which the JDK notices by
     * polling.
     */
    static final Duration SLACK = Duration.ofSeconds(6);

    private FakeDrivers() {}

    public static Path script(String name) {
        URL url = FakeDrivers.class.getResource("/drivers/" + name);
        assertThat(url).as("test driver %s", name).isNotNull();
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static DriverCommand command(String script) {
        return DriverCommand.of(PYTHON, script(script).toString());
    }

    static DriverImplementation start(String script) throws Exception {
        return DriverImplementation.start(command(script), QUICK);
    }

    /** The driver process and every descendant it has now. */
    static List<ProcessHandle> tree(DriverImplementation implementation) {
        ProcessHandle root = implementation.session().process();
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.add(0, root);
        return tree;
    }

    /** Every process of {@code tree} has exited, and no process runs {@code script} any more. */
    static void assertAllGone(List<ProcessHandle> tree, String script) {
        for (ProcessHandle handle : tree) {
            assertThat(ProcessHandle.of(handle.pid())
                            .map(ProcessHandle::isAlive)
                            .orElse(false))
                    .as("process %d (%s) is still alive", handle.pid(), commandLine(handle))
                    .isFalse();
        }
        assertNoProcessRuns(script);
    }

    /** No process on this machine has the script's path on its command line. */
    public static void assertNoProcessRuns(String script) {
        String path = script(script).toString();
        List<String> running = ProcessHandle.allProcesses()
                .filter(ProcessHandle::isAlive)
                .map(FakeDrivers::commandLine)
                .filter(line -> line.contains(path))
                .toList();
        assertThat(running).as("processes still running %s", path).isEmpty();
    }

    private static String commandLine(ProcessHandle handle) {
        ProcessHandle.Info info = handle.info();
        Optional<String> line = info.commandLine();
        if (line.isPresent()) {
            return line.get();
        }
        return info.command().orElse("") + " "
                + String.join(" ", info.arguments().orElse(new String[0]));
    }
}
