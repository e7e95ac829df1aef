package dev.zck.spec;

/**
 * The outcome of one check against one implementation (or one pair). Only FAIL, CRASHED, HUNG, PROTOCOL_ERROR and
 * ERROR make a run fail; UNSUPPORTED means the implementation did not declare what the check needs.
 */
public enum Verdict {
    /** The implementation did what the rule requires. */
    PASS,
    /** The implementation did something the rule forbids (or failed to do what it requires). */
    FAIL,
    /** The implementation does not declare a capability the check needs; never a failure. */
    UNSUPPORTED,
    /** The implementation's process exited without being asked to. */
    CRASHED,
    /** The implementation stopped answering within the kit's timeout. */
    HUNG,
    /** The implementation (a driver) broke the driver protocol. */
    PROTOCOL_ERROR,
    /** The kit could not run the check (setup failed, an unexpected exception). */
    ERROR;

    /** Whether this verdict makes a run fail. */
    public boolean failsRun() {
        return this != PASS && this != UNSUPPORTED;
    }
}
