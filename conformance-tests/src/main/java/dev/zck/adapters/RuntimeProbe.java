package dev.zck.adapters;

import java.nio.file.Path;
import java.time.Duration;

/** Looks for an implementation's runtime on this machine, within a deadline. */
@FunctionalInterface
public interface RuntimeProbe {

    /**
     * @param home the zck installation (the repository root), where drivers and their packages live
     * @param timeout the most a probe may take; a probe that runs a process kills it after this
     */
    Status probe(Path home, Duration timeout);

    /**
     * @param present whether the runtime was found
     * @param found what was found (versions), or why it is missing
     * @param install the exact command that installs it, when it is missing
     */
    record Status(boolean present, String found, String install) {
        public static Status present(String found) {
            return new Status(true, found, "");
        }

        public static Status missing(String why, String install) {
            return new Status(false, why, install);
        }
    }
}
