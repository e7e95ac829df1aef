package dev.zck.simulator;

import java.util.Objects;

/**
 * The connections between two hosts (processes), in one direction or both. A fault names a link rather than a
 * connection because connections come and go (reconnects): a fault on a link holds for every connection between the
 * two hosts, present and future, until it is healed. In the fault proxy a host is one side of the proxy: {@code
 * a} is the connecting implementation, {@code b} the one that listens.
 *
 * @param a one host
 * @param b the other host
 * @param direction which bytes the fault affects
 */
public record Link(String a, String b, Direction direction) {
    /** Which bytes of a link a fault affects. */
    public enum Direction {
        /** Bytes from {@code a} to {@code b} only. */
        A_TO_B,
        /** Bytes from {@code b} to {@code a} only. */
        B_TO_A,
        /** Both ways. */
        BOTH
    }

    public Link {
        Objects.requireNonNull(a, "a");
        Objects.requireNonNull(b, "b");
        Objects.requireNonNull(direction, "direction");
        if (a.equals(b)) {
            throw new IllegalArgumentException("a link joins two different hosts: " + a);
        }
    }

    /** Both directions between two hosts. */
    public static Link between(String a, String b) {
        return new Link(a, b, Direction.BOTH);
    }

    /** Bytes from {@code from} to {@code to} only. */
    public static Link from(String from, String to) {
        return new Link(from, to, Direction.A_TO_B);
    }

    /** Whether bytes written by {@code writer} to {@code reader} are affected. */
    public boolean affects(String writer, String reader) {
        return switch (direction) {
            case A_TO_B -> a.equals(writer) && b.equals(reader);
            case B_TO_A -> b.equals(writer) && a.equals(reader);
            case BOTH -> (a.equals(writer) && b.equals(reader)) || (b.equals(writer) && a.equals(reader));
        };
    }

    @Override
    public String toString() {
        return switch (direction) {
            case A_TO_B -> a + "->" + b;
            case B_TO_A -> b + "->" + a;
            case BOTH -> a + "<->" + b;
        };
    }
}
