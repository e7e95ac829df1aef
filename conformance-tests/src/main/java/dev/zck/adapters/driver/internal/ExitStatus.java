package dev.zck.adapters.driver.internal;

import java.util.Map;

/** Words for a process's exit status, as far as Java can tell (it reports death by signal N as 128 + N). */
final class ExitStatus {
    private static final Map<Integer, String> SIGNALS = Map.ofEntries(
            Map.entry(1, "SIGHUP"),
            Map.entry(2, "SIGINT"),
            Map.entry(3, "SIGQUIT"),
            Map.entry(4, "SIGILL"),
            Map.entry(6, "SIGABRT"),
            Map.entry(7, "SIGBUS"),
            Map.entry(8, "SIGFPE"),
            Map.entry(9, "SIGKILL"),
            Map.entry(11, "SIGSEGV"),
            Map.entry(13, "SIGPIPE"),
            Map.entry(14, "SIGALRM"),
            Map.entry(15, "SIGTERM"));

    private ExitStatus() {}

    /** {@code exit status 3}, or {@code exit status 137 (killed by signal 9, SIGKILL, as far as Java can tell)}. */
    static String describe(int status) {
        String text = "exit status " + status;
        int signal = status - 128;
        if (signal > 0 && signal < 65 && !System.getProperty("os.name", "").startsWith("Windows")) {
            text += " (killed by signal " + signal
                    + (SIGNALS.containsKey(signal) ? ", " + SIGNALS.get(signal) : "")
                    + ", as far as Java can tell)";
        }
        return text;
    }
}
