package dev.zck.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zck.engine.NoLeaks;
import dev.zck.engine.socket.internal.SocketCore;
import dev.zck.spi.Message;
import dev.zck.spi.SocketEvent.Kind;
import dev.zck.spi.SocketOption;
import dev.zck.spi.SocketType;
import dev.zck.spi.ZmqException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Link and host faults as the engine sees them, timed in virtual milliseconds. Latency is 1 ms each way. */
@ExtendWith(NoLeaks.class)
class FaultsTest {
    private static final long MS = 1_000_000;
    private static final int HEARTBEAT_IVL = 100;
    private static final int HEARTBEAT_TIMEOUT = 300;

    /** A handshaken pair; the PUSH reconnects as told, and both send heartbeats if asked. */
    private static PushPull connected(long seed, boolean heartbeats, int reconnectIvl, int reconnectIvlMax)
            throws ZmqException {
        PushPull.Options heartbeat = s -> {
            if (heartbeats) {
                s.set(SocketOption.HEARTBEAT_IVL, HEARTBEAT_IVL);
                s.set(SocketOption.HEARTBEAT_TIMEOUT, HEARTBEAT_TIMEOUT);
            }
        };
        return PushPull.connected(
                seed,
                SimConfig.defaults(),
                push -> {
                    heartbeat.apply(push);
                    push.set(SocketOption.RECONNECT_IVL, reconnectIvl);
                    push.set(SocketOption.RECONNECT_IVL_MAX, reconnectIvlMax);
                },
                heartbeat);
    }

    @Test
    void aPartitionEndsTheConnectionAtTheHeartbeatTimeout() throws ZmqException {
        try (PushPull p = connected(1, true, 100, 0)) {
            p.sim().loop().advanceBy(Duration.ofMillis(1050));
            long partition = p.now();
            p.sim().network().inject(new Fault.Partition(Link.between("a", "b")));

            p.awaitBothDisconnected();
            for (String side : new String[] {"push", "pull"}) {
                long handshake =
                        p.trace().events(side, Kind.HANDSHAKE_SUCCEEDED).get(0).nanos();
                long gone = p.trace().events(side, Kind.DISCONNECTED).get(0).nanos();
                // PINGs go every 100 ms from the handshake; the first one after the partition gets no answer, and
                // the connection closes 300 ms after it.
                long firstUnanswered =
                        handshake + ((partition - handshake) / (HEARTBEAT_IVL * MS) + 1) * HEARTBEAT_IVL * MS;
                assertThat(gone).as("%s disconnected", side).isEqualTo(firstUnanswered + HEARTBEAT_TIMEOUT * MS);
                assertThat((gone - partition) / 1e6)
                        .as("%s: virtual ms from the partition to the disconnect", side)
                        .isBetween((double) HEARTBEAT_TIMEOUT, (double) HEARTBEAT_TIMEOUT + HEARTBEAT_IVL);
            }
        }
    }

    @Test
    void afterAResetThePushReconnectsOneReconnectIntervalLaterAndDeliveryResumes() throws ZmqException {
        try (PushPull p = connected(2, false, 100, 100)) {
            p.deliver("before");
            long reset = p.now();
            p.sim().network().inject(new Fault.Reset(Link.between("a", "b")));
            assertThat(p.push().trySend(Message.ofStrings("queued while disconnected")))
                    .isTrue();

            p.await("push", Kind.CONNECTED, 2, Duration.ofSeconds(1));
            assertThat(p.trace().events("push", Kind.DISCONNECTED).get(0).nanos())
                    .isEqualTo(reset);
            assertThat(p.trace().events("pull", Kind.DISCONNECTED).get(0).nanos())
                    .isEqualTo(reset);
            // RECONNECT_IVL = RECONNECT_IVL_MAX = 100: no jitter. The attempt starts 100 ms after the reset and
            // connects one round trip (2 x 1 ms) later.
            assertThat(p.trace().events("push", Kind.CONNECTED).get(1).nanos()).isEqualTo(reset + 102 * MS);
            assertThat(p.trace().events("pull", Kind.ACCEPTED).get(1).nanos()).isEqualTo(reset + 101 * MS);

            assertThat(p.sim().loop().runUntil(() -> p.trace().received("pull").size() == 2, Duration.ofSeconds(1)))
                    .isTrue();
            assertThat(p.trace().received("pull").get(1).message().frameAsString(0))
                    .isEqualTo("queued while disconnected");
            p.deliver("after");
        }
    }

    @Test
    void reconnectJitterComesFromTheSeedWithinOneInterval() throws ZmqException {
        long first = reconnectDelayAfterReset(3);
        assertThat(reconnectDelayAfterReset(3)).isEqualTo(first);
        // RECONNECT_IVL 100 without a maximum: 100 ms plus a jitter below 100 ms, then a 2 ms round trip.
        assertThat(first).isBetween(102 * MS, 202 * MS - 1);
    }

    private static long reconnectDelayAfterReset(long seed) throws ZmqException {
        try (PushPull p = connected(seed, false, 100, 0)) {
            long reset = p.now();
            p.sim().network().inject(new Fault.Reset(Link.between("a", "b")));
            p.await("push", Kind.CONNECTED, 2, Duration.ofSeconds(1));
            return p.trace().events("push", Kind.CONNECTED).get(1).nanos() - reset;
        }
    }

    @Test
    void aSilentDropGoesUnnoticedWithoutHeartbeats() throws ZmqException {
        try (PushPull p = connected(4, false, 100, 0)) {
            p.deliver("before");
            p.sim().network().inject(new Fault.SilentDrop(Link.between("a", "b")));
            for (int i = 0; i < 5; i++) {
                assertThat(p.push().trySend(Message.ofStrings("lost " + i))).isTrue();
            }
            p.sim().loop().advanceBy(Duration.ofHours(1));

            assertThat(p.trace().events("push", Kind.DISCONNECTED)).isEmpty();
            assertThat(p.trace().events("pull", Kind.DISCONNECTED)).isEmpty();
            assertThat(p.trace().received("pull")).hasSize(1);
            assertThat(p.sim().network().openConnections()).isEqualTo(1);
        }
    }

    @Test
    void aSilentDropIsNoticedByHeartbeatsAndTheNewConnectionCarriesMessages() throws ZmqException {
        try (PushPull p = connected(5, true, 100, 100)) {
            p.deliver("before");
            long drop = p.now();
            p.sim().network().inject(new Fault.SilentDrop(Link.between("a", "b")));
            assertThat(p.push().trySend(Message.ofStrings("lost"))).isTrue();

            p.awaitBothDisconnected();
            for (String side : new String[] {"push", "pull"}) {
                assertThat((p.trace().events(side, Kind.DISCONNECTED).get(0).nanos() - drop) / 1e6)
                        .as("%s: virtual ms from the drop to the disconnect", side)
                        .isBetween((double) HEARTBEAT_TIMEOUT, (double) HEARTBEAT_TIMEOUT + HEARTBEAT_IVL);
            }
            p.await("push", Kind.HANDSHAKE_SUCCEEDED, 2, Duration.ofSeconds(1));
            p.deliver("after");
            assertThat(p.trace().received("pull").stream().map(r -> r.message().frameAsString(0)))
                    .containsExactly("before", "after");
        }
    }

    @Test
    void aCrashedHostsPeersSeeTheDisconnectAndRetryUntilItIsBack() throws ZmqException {
        try (PushPull p = connected(6, false, 100, 100)) {
            p.deliver("before");
            int pullLines = p.trace().lines().size();
            long crash = p.now();
            p.sim().inject(new Fault.Crash("b"));
            p.sim().loop().runUntilIdle();

            assertThat(p.trace().events("push", Kind.DISCONNECTED))
                    .singleElement()
                    .satisfies(e -> assertThat(e.nanos()).isEqualTo(crash));
            assertThat(p.sim().network().openConnections()).isZero();
            assertThatThrownBy(() -> p.sim().host("b").socket(SocketType.PULL))
                    .isInstanceOf(IllegalStateException.class);
            p.sim().loop().advanceBy(Duration.ofMillis(550));
            // Refused every 100 ms: an attempt 100 ms after the last, its RST back after the 2 ms round trip.
            assertThat(p.trace().events("push", Kind.CONNECT_RETRIED))
                    .extracting(e -> (e.nanos() - crash) / MS)
                    .containsExactly(102L, 204L, 306L, 408L, 510L);
            assertThat(p.trace().events("push", Kind.CONNECT_RETRIED))
                    .allSatisfy(e -> assertThat(e.event().detail()).contains("Connection refused"));
            assertThat(p.trace().lines().subList(pullLines, p.trace().lines().size()))
                    .as("a crashed process says nothing")
                    .noneMatch(line -> line.contains(" pull "));

            p.sim().inject(new Fault.Restart("b"));
            Trace after = new Trace(p.sim());
            SocketCore pull = after.drain("pull", p.sim().host("b").socket(SocketType.PULL));
            pull.bind("tcp://b:5555");
            assertThat(p.push().trySend(Message.ofStrings("after"))).isTrue();
            assertThat(p.sim().loop().runUntil(() -> after.received("pull").size() == 1, Duration.ofSeconds(1)))
                    .isTrue();
            assertThat(after.received("pull").get(0).message().frameAsString(0)).isEqualTo("after");
        }
    }
}
