package dev.zck.engine.interop;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Makes sure no peer process outlives the tests: {@link #killTree} kills a process and everything it started, and a
 * shutdown hook kills whatever is still registered when the JVM exits (the last resort if a test forgot close()).
 * The driver script also exits by itself when its stdin closes, which covers a JVM that dies without hooks.
 */
final class ProcessReaper {
    private static final Set<ProcessHandle> LIVE = ConcurrentHashMap.newKeySet();

    static {
        Runtime.getRuntime().addShutdownHook(new Thread(ProcessReaper::killAll, "zck-interop-reaper"));
    }

    private ProcessReaper() {}

    static void register(Process process) {
        LIVE.add(process.toHandle());
    }

    /**
     * Kills {@code root} and its descendants (collected first, so that orphans cannot escape) with SIGKILL and waits
     * for them to be gone; returns the processes still alive at the deadline (normally none).
     */
    static List<ProcessHandle> killTree(ProcessHandle root, Duration timeout) {
        List<ProcessHandle> tree = new ArrayList<>(root.descendants().toList());
        tree.add(root);
        tree.forEach(ProcessHandle::destroyForcibly);
        long deadline = System.nanoTime() + timeout.toNanos();
        List<ProcessHandle> survivors = new ArrayList<>();
        for (ProcessHandle process : tree) {
            try {
                process.onExit().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException | ExecutionException e) {
                survivors.add(process);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                survivors.add(process);
            }
        }
        LIVE.remove(root);
        return survivors;
    }

    private static void killAll() {
        for (ProcessHandle root : LIVE) {
            root.descendants().forEach(ProcessHandle::destroyForcibly);
            root.destroyForcibly();
        }
    }
}
