package dev.zck.bench;

import dev.zck.spi.Message;
import dev.zck.spi.SocketOption;
import dev.zck.spi.SocketType;
import dev.zck.spi.ZmqException;
import dev.zck.spi.ZmqImplementation;
import dev.zck.spi.ZmqSocket;
import java.time.Duration;

/**
 * Round trips per second through the adapter SPI: a REQ and a REP of one implementation over TCP loopback, every call
 * going through its adapter (for a driver: a JSON request and reply per call). Against the same library's native
 * figure this is the cost of the driver protocol.
 */
final class SpiRoundTrips {
    private static final Duration WAIT = Duration.ofSeconds(10);

    private SpiRoundTrips() {}

    /** The median round trips per second of {@code runs} runs of {@code roundTrips} each, after a warm-up. */
    static double[] measure(ZmqImplementation impl, int size, int roundTrips, int runs) throws ZmqException {
        try (ZmqSocket rep = impl.socket(SocketType.REP);
                ZmqSocket req = impl.socket(SocketType.REQ)) {
            if (impl.capabilities().supports(SocketOption.LINGER)) {
                rep.set(SocketOption.LINGER, 0);
                req.set(SocketOption.LINGER, 0);
            }
            String endpoint = rep.bind("tcp://127.0.0.1:0");
            req.connect(endpoint);
            Message message = Message.of(new byte[size]);
            roundTrips(req, rep, message, Math.max(1, roundTrips / 10));
            double[] perSecond = new double[runs];
            for (int run = 0; run < runs; run++) {
                long start = System.nanoTime();
                roundTrips(req, rep, message, roundTrips);
                perSecond[run] = roundTrips / ((System.nanoTime() - start) / 1e9);
            }
            return perSecond;
        }
    }

    private static void roundTrips(ZmqSocket req, ZmqSocket rep, Message message, int count) throws ZmqException {
        for (int i = 0; i < count; i++) {
            req.send(message, WAIT);
            rep.send(rep.receive(WAIT), WAIT);
            req.receive(WAIT);
        }
    }
}
