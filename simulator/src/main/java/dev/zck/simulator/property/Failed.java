package dev.zck.simulator.property;

/**
 * How a case failed.
 *
 * @param error what was thrown
 * @param step the action that failed, from 0 (-1 before the first, the size of the list when closing the system);
 *     -1 for a value property
 * @param trace the system's trace of the run, "" if none
 */
record Failed(Throwable error, int step, String trace) {
    /** {@code error}, unless it is one a test must not swallow (out of memory, a JVM error), which is rethrown. */
    static Throwable caught(Throwable error) {
        if (error instanceof VirtualMachineError fatal && !(error instanceof StackOverflowError)) {
            throw fatal;
        }
        return error;
    }
}
