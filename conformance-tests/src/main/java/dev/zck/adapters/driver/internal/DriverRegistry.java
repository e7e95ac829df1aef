package dev.zck.adapters.driver.internal;

import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The driver sessions still running, so that one shutdown hook (installed on first use) kills every driver tree the
 * JVM leaves behind: no driver process outlives a run, even one that ends abruptly.
 */
final class DriverRegistry {
    private static final Set<DriverSession> RUNNING = ConcurrentHashMap.newKeySet();
    private static boolean hookInstalled;

    private DriverRegistry() {}

    static void register(DriverSession session) {
        synchronized (DriverRegistry.class) {
            if (!hookInstalled) {
                Runtime.getRuntime().addShutdownHook(new Thread(DriverRegistry::killAll, "zck-driver-reaper"));
                hookInstalled = true;
            }
        }
        RUNNING.add(session);
    }

    static void unregister(DriverSession session) {
        RUNNING.remove(session);
    }

    /** The sessions still registered (for tests). */
    static List<DriverSession> running() {
        return List.copyOf(RUNNING);
    }

    private static void killAll() {
        for (DriverSession session : List.copyOf(RUNNING)) {
            session.killTree();
        }
    }
}
