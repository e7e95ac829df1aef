package dev.zck.bench;

/** One implementation as the benchmark measures it. */
interface Subject {
    /** Short name for the table, e.g. {@code engine}. */
    String name();

    /** Messages per second from a PUSH to a PULL over TCP loopback, first to last message received. */
    double throughput(int size, int count) throws Exception;

    /** Mean REQ to REP round trip over TCP loopback, in microseconds. */
    double latencyMicros(int size, int roundTrips) throws Exception;
}
