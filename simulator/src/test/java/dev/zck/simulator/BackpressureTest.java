package dev.zck.simulator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.engine.NoLeaks;
import dev.zck.engine.socket.internal.SocketCore;
import dev.zck.spi.Message;
import dev.zck.spi.SocketOption;
import dev.zck.spi.SocketType;
import dev.zck.spi.ZmqException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A stalled reader: the buffers fill, then a PUSH blocks at its HWM and a PUB drops.
 *
 * <p>With the defaults (64 KiB send and receive buffers, Netty's 32/64 KiB write-buffer water marks), SNDHWM = RCVHWM
 * = 10 and 100-octet messages (102 octets on the wire), a PUSH takes {@value #CAPACITY} messages:
 *
 * <ul>
 *   <li>10 wait in the PUSH's pipe (SNDHWM);
 *   <li>131072 octets, 1285 messages and 2 octets of the next, fill the kernel buffers: the PULL's receive window (64
 *       KiB: in flight or unread, since the stalled PULL reads nothing) and the PUSH's send buffer (64 KiB);
 *   <li>the rest, 34270 octets (335 messages and 100 octets), wait in Netty's outbound buffer: the engine wrote into
 *       the channel while it was writable, past the 64 KiB high-water mark (counting Netty's 96 octets per entry), and
 *       the channel never became writable again, because draining into the send buffer stopped above the 32 KiB
 *       low-water mark.
 * </ul>
 *
 * RCVHWM plays no part: a stalled reader never reads, so nothing reaches the PULL's pipe.
 */
@ExtendWith(NoLeaks.class)
class BackpressureTest {
    private static final int HWM = 10;
    private static final int BODY = 100;
    private static final int WIRE = BODY + 2;
    static final int CAPACITY = 1631;

    @Test
    void aPushAcceptsTheSameNumberOfMessagesEveryRunThenWouldBlock() throws ZmqException {
        int first = pushUntilBlocked(true);
        int second = pushUntilBlocked(false);

        assertThat(second).isEqualTo(first);
        assertThat(first).isEqualTo(CAPACITY);
        SimConfig config = SimConfig.defaults();
        long inNetty = (long) (first - HWM) * WIRE - config.sendBuffer() - config.receiveBuffer();
        assertThat(inNetty).as("octets in Netty's outbound buffer").isBetween(32L * 1024, 64L * 1024);
    }

    /** Sends until the PUSH would block even after a virtual second; returns how many it took. */
    private static int pushUntilBlocked(boolean checkDelivery) throws ZmqException {
        try (PushPull p = PushPull.connected(
                11,
                SimConfig.defaults(),
                push -> push.set(SocketOption.SNDHWM, HWM),
                pull -> pull.set(SocketOption.RCVHWM, HWM))) {
            Simulation sim = p.sim();
            sim.network().inject(new Fault.Stall(Link.from("a", "b")));

            int accepted = 0;
            int before;
            do {
                before = accepted;
                while (p.push().trySend(Message.of(DeliveryTest.numbered(accepted, BODY)))) {
                    accepted++;
                }
                sim.loop().advanceBy(Duration.ofSeconds(1));
            } while (accepted > before);
            assertThat(p.push().trySend(Message.of(DeliveryTest.numbered(accepted, BODY))))
                    .isFalse();
            assertThat(p.trace().received("pull"))
                    .as("a stalled PULL reads nothing")
                    .isEmpty();

            if (checkDelivery) {
                sim.network().inject(new Fault.Heal(Link.from("a", "b")));
                int expected = accepted;
                assertThat(sim.loop()
                                .runUntil(() -> p.trace().received("pull").size() == expected, Duration.ofSeconds(1)))
                        .isTrue();
                for (int m = 0; m < expected; m++) {
                    assertThat(p.trace().received("pull").get(m).message().frame(0))
                            .isEqualTo(DeliveryTest.numbered(m, BODY));
                }
            }
            return accepted;
        }
    }

    @Test
    void aPubDropsWhatDoesNotFitAndNeverBlocks() throws ZmqException {
        try (Simulation sim = Simulation.create(11)) {
            Trace trace = new Trace(sim);
            SocketCore sub = trace.drain("sub", sim.host("b").socket(SocketType.SUB));
            sub.set(SocketOption.SUBSCRIBE, new byte[0]);
            sub.bind("tcp://b:5555");
            SocketCore pub = trace.watch("pub", sim.host("a").socket(SocketType.PUB));
            pub.set(SocketOption.SNDHWM, HWM);
            pub.connect("tcp://b:5555");
            PushPull.awaitHandshakes(sim, trace, "pub", "sub");
            sim.loop().advanceBy(Duration.ofMillis(100)); // the subscription reaches the PUB
            sim.network().inject(new Fault.Stall(Link.from("a", "b")));

            int sent = 0;
            for (int round = 0; round < 5; round++) {
                for (int m = 0; m < 2000; m++) {
                    assertThat(pub.trySend(Message.of(DeliveryTest.numbered(sent++, BODY))))
                            .isTrue();
                }
                sim.loop().advanceBy(Duration.ofSeconds(1));
            }
            sim.network().inject(new Fault.Heal(Link.from("a", "b")));
            sim.loop().advanceBy(Duration.ofSeconds(1));

            // The PUB kept exactly what a PUSH takes before it blocks, and dropped the rest.
            assertThat(trace.received("sub")).hasSize(CAPACITY);
        }
    }
}
