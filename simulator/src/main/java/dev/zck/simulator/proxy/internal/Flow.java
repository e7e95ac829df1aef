package dev.zck.simulator.proxy.internal;

/** The two byte flows of a proxied connection. */
public enum Flow {
    /** From the connecting implementation (host {@code a}) to the listening one (host {@code b}). */
    TO_LISTENER,
    /** From the listening implementation back to the connecting one. */
    TO_CONNECTOR
}
