package dev.zck.run;

import dev.zck.spi.ZmqImplementation;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the suite classes that {@code zck run} launches are to test: the implementation (and peer) selected for the
 * launch in progress, the opened implementations, and how to open a fresh one. The runner launches one suite at a
 * time, so one selection at a time is all there is.
 */
public final class RunContext {
    private static final Map<String, ZmqImplementation> OPENED = new ConcurrentHashMap<>();
    private static final Map<String, Callable<ZmqImplementation>> OPENERS = new ConcurrentHashMap<>();
    private static volatile Selection selection;

    /** The implementation under test and, for checks between two, the peer (null otherwise). */
    public record Selection(String implementation, String peer) {}

    private RunContext() {}

    static void register(String id, Callable<ZmqImplementation> opener, ZmqImplementation opened) {
        OPENERS.put(id, opener);
        OPENED.put(id, opened);
    }

    static void select(String implementation, String peer) {
        selection = new Selection(implementation, peer);
    }

    static void clear() {
        selection = null;
        OPENED.clear();
        OPENERS.clear();
    }

    public static Selection selection() {
        return Objects.requireNonNull(selection, "no implementation selected: this class runs under zck run");
    }

    /** The implementation opened for the run under this ID (shared by the checks; do not close it). */
    public static ZmqImplementation opened(String id) {
        return Objects.requireNonNull(OPENED.get(id), () -> "implementation " + id + " was not opened");
    }

    /** A new instance of the selected implementation, which the caller closes. */
    public static ZmqImplementation openSelected() throws Exception {
        String id = selection().implementation();
        return Objects.requireNonNull(OPENERS.get(id), () -> "no opener for " + id)
                .call();
    }
}
