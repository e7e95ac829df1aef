package dev.zck.adapters;

/**
 * Whether an implementation can be tested on this machine, and if not, what to do about it.
 *
 * @param available true when both its runtime and its adapter are present
 * @param runtime what was found (e.g. {@code libzmq 4.3.4, pyzmq 24.0.1}) or why the runtime is missing
 * @param remedy the exact command that makes it available, or what is missing when no command can (may be empty)
 */
public record Availability(boolean available, String runtime, String remedy) {}
