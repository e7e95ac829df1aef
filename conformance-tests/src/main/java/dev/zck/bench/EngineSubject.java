package dev.zck.bench;

import dev.zck.engine.socket.EngineBenchmarks;

/** The reference engine, its sockets driven on their event loops. */
final class EngineSubject implements Subject {
    @Override
    public String name() {
        return "engine";
    }

    @Override
    public double throughput(int size, int count) throws Exception {
        return EngineBenchmarks.pushPullThroughput(size, count);
    }

    @Override
    public double latencyMicros(int size, int roundTrips) throws Exception {
        return EngineBenchmarks.reqRepLatencyMicros(size, roundTrips);
    }
}
