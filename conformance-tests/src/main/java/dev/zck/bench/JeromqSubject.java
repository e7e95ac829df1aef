package dev.zck.bench;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.zeromq.SocketType;
import org.zeromq.ZContext;
import org.zeromq.ZMQ;

/** JeroMQ 0.6.0 in this JVM: one context with one I/O thread, each socket used by its own thread. */
final class JeromqSubject implements Subject {
    private static final long WAIT_SECONDS = 60;

    @Override
    public String name() {
        return "jeromq";
    }

    @Override
    public double throughput(int size, int count) throws Exception {
        try (ZContext context = new ZContext(1)) {
            ZMQ.Socket pull = context.createSocket(SocketType.PULL);
            pull.setRcvHWM(1000);
            int port = pull.bindToRandomPort("tcp://127.0.0.1");
            CompletableFuture<Void> sender = CompletableFuture.runAsync(() -> {
                ZMQ.Socket push = context.createSocket(SocketType.PUSH);
                push.connect("tcp://127.0.0.1:" + port);
                byte[] body = new byte[size];
                for (int i = 0; i < count; i++) {
                    push.send(body, 0);
                }
            });
            long start = 0;
            for (int i = 0; i < count; i++) {
                if (pull.recv(0) == null) {
                    throw new IllegalStateException("JeroMQ recv failed: errno " + pull.errno());
                }
                if (i == 0) {
                    start = System.nanoTime();
                }
            }
            long elapsed = Math.max(1, System.nanoTime() - start) * count / Math.max(1, count - 1);
            sender.get(WAIT_SECONDS, TimeUnit.SECONDS);
            return count * 1e9 / elapsed;
        }
    }

    @Override
    public double latencyMicros(int size, int roundTrips) throws Exception {
        try (ZContext context = new ZContext(1)) {
            ZMQ.Socket rep = context.createSocket(SocketType.REP);
            int port = rep.bindToRandomPort("tcp://127.0.0.1");
            CompletableFuture<Void> echo = CompletableFuture.runAsync(() -> {
                for (int i = 0; i < roundTrips; i++) {
                    rep.send(rep.recv(0), 0);
                }
            });
            ZMQ.Socket req = context.createSocket(SocketType.REQ);
            req.connect("tcp://127.0.0.1:" + port);
            byte[] body = new byte[size];
            long start = System.nanoTime();
            for (int i = 0; i < roundTrips; i++) {
                req.send(body, 0);
                req.recv(0);
            }
            long elapsed = System.nanoTime() - start;
            echo.get(WAIT_SECONDS, TimeUnit.SECONDS);
            return elapsed / 1e3 / roundTrips;
        }
    }
}
