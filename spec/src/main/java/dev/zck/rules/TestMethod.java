package dev.zck.rules;

/** How a rule is checked. */
public enum TestMethod {
    /** A scripted raw TCP peer sends and expects exact bytes. */
    WIRE,
    /** Through the adapter SPI, with one or two sockets. */
    SOCKET,
    /** Several sockets, start orders, restarts or faults; on the simulator or through the fault proxy. */
    SCENARIO,
    /** Not testable from outside; the rule says why. */
    NONE
}
