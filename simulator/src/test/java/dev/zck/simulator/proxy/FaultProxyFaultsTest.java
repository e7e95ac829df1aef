package dev.zck.simulator.proxy;

import static dev.zck.simulator.proxy.Ends.TIMEOUTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zck.simulator.Fault;
import dev.zck.simulator.Link;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Each fault of the vocabulary on plain sockets: what the two ends see. {@code a} connects, {@code b} listens. */
class FaultProxyFaultsTest extends WithEnds {
    private static final Link A_TO_B = Link.from("a", "b");
    private static final Link BOTH = Link.between("a", "b");

    @Test
    void delayHoldsEveryChunkBackInOrder() throws Exception {
        Duration delay = Duration.ofMillis(300);
        FaultProxy proxy = ends.proxy();
        Socket[] s = ends.connect(proxy);
        proxy.inject(new Fault.Delay(A_TO_B, delay));
        long sent = System.nanoTime();
        OutputStream out = s[0].getOutputStream();
        for (int i = 0; i < 3; i++) {
            out.write(Ends.pattern(i * 100L, 100));
        }
        Ends.readPattern(s[1], 0, 300, TIMEOUTS.expect());
        assertThat(Duration.ofNanos(System.nanoTime() - sent)).isGreaterThanOrEqualTo(delay);
    }

    @Test
    void healDeliversDelayedBytesAtOnce() throws Exception {
        FaultProxy proxy = ends.proxy();
        Socket[] s = ends.connect(proxy);
        proxy.inject(new Fault.Delay(BOTH, Duration.ofMinutes(1)));
        s[0].getOutputStream().write(Ends.pattern(0, 1000));
        Ends.expectNothing(s[1], TIMEOUTS.silence());
        proxy.inject(new Fault.Heal(BOTH));
        Ends.readPattern(s[1], 0, 1000, TIMEOUTS.expect());
    }

    /** The listener reads nothing while stalled, the writer halts, the connection stays; heal resumes byte-exact. */
    @Test
    void stallStopsTheFlowAndHealResumesIt() throws Exception {
        FaultProxy proxy = ends.proxy();
        Socket[] s = ends.connect(proxy);
        proxy.inject(new Fault.Stall(A_TO_B));
        Ends.HaltedWriter writer = ends.writeUntilHalted(s[0], 16L << 20);
        Ends.expectNothing(s[1], TIMEOUTS.silence());
        s[1].getOutputStream().write(Ends.pattern(0, 10)); // b->a still flows, the connection is up
        Ends.readPattern(s[0], 0, 10, TIMEOUTS.expect());
        assertThat(proxy.connections()).isEqualTo(1);

        proxy.inject(new Fault.Heal(A_TO_B));
        writer.drainTo(s[1]);
    }

    @Test
    void partitionHoldsThenDeliversInOrder() throws Exception {
        FaultProxy proxy = ends.proxy();
        Socket[] s = ends.connect(proxy);
        proxy.inject(new Fault.Partition(A_TO_B));
        OutputStream out = s[0].getOutputStream();
        for (int i = 0; i < 100; i++) {
            out.write(Ends.pattern(i * 1000L, 1000));
        }
        Ends.expectNothing(s[1], TIMEOUTS.silence());
        s[1].getOutputStream().write(Ends.pattern(0, 10)); // only a->b is cut
        Ends.readPattern(s[0], 0, 10, TIMEOUTS.expect());
        proxy.inject(new Fault.Heal(A_TO_B));
        Ends.readPattern(s[1], 0, 100_000, TIMEOUTS.expect());
    }

    /** Past the hold limit the proxy stops reading, so the writer halts; heal delivers everything. */
    @Test
    void partitionHoldsOnlyUpToItsLimit() throws Exception {
        FaultProxy proxy = ends.proxy(builder -> builder.holdLimit(64 * 1024));
        Socket[] s = ends.connect(proxy);
        proxy.inject(new Fault.Partition(A_TO_B));
        Ends.HaltedWriter writer = ends.writeUntilHalted(s[0], 16L << 20);
        Ends.expectNothing(s[1], Duration.ofMillis(50));
        proxy.inject(new Fault.Heal(A_TO_B));
        writer.drainTo(s[1]);
    }

    /** A close behind a partition is held like the bytes before it. */
    @Test
    void aCloseWaitsBehindThePartition() throws Exception {
        FaultProxy proxy = ends.proxy();
        Socket[] s = ends.connect(proxy);
        proxy.inject(new Fault.Partition(BOTH));
        s[0].getOutputStream().write(Ends.pattern(0, 100));
        s[0].close();
        Ends.expectNothing(s[1], TIMEOUTS.silence());
        proxy.inject(new Fault.Heal(BOTH));
        Ends.readPattern(s[1], 0, 100, TIMEOUTS.expect());
        assertThat(s[1].getInputStream().read()).as("end of stream").isEqualTo(-1);
    }

    @Test
    void resetMakesBothEndsSeeAReset() throws Exception {
        FaultProxy proxy = ends.proxy();
        Socket[] s = ends.connect(proxy);
        s[0].getOutputStream().write(Ends.pattern(0, 10));
        Ends.readPattern(s[1], 0, 10, TIMEOUTS.expect());
        proxy.inject(new Fault.Reset(A_TO_B));
        for (Socket end : s) {
            end.setSoTimeout((int) TIMEOUTS.expect().toMillis());
            assertThatThrownBy(() -> end.getInputStream().read())
                    .isInstanceOf(SocketException.class)
                    .hasMessageContaining("reset");
        }
        Ends.await("the connection is gone", TIMEOUTS.expect(), () -> proxy.connections() == 0);

        Socket[] again = ends.connect(proxy); // a reset is not sticky: reconnecting works
        again[0].getOutputStream().write(Ends.pattern(0, 10));
        Ends.readPattern(again[1], 0, 10, TIMEOUTS.expect());
        assertThat(proxy.accepted()).isEqualTo(2);
    }

    @Test
    void silentDropLosesBytesWhileBothEndsStayOpen() throws Exception {
        FaultProxy proxy = ends.proxy();
        Socket[] s = ends.connect(proxy);
        s[0].getOutputStream().write(Ends.pattern(0, 10));
        Ends.readPattern(s[1], 0, 10, TIMEOUTS.expect());
        proxy.inject(new Fault.SilentDrop(BOTH));
        s[0].getOutputStream().write(Ends.pattern(10, 1000));
        s[1].getOutputStream().write(Ends.pattern(0, 1000));
        Ends.expectNothing(s[1], TIMEOUTS.silence());
        Ends.expectNothing(s[0], TIMEOUTS.silence());
        s[0].close(); // not passed on either: b keeps a half-open connection
        Ends.expectNothing(s[1], TIMEOUTS.silence());
        proxy.inject(new Fault.Heal(BOTH)); // does not end a silent drop
        Ends.expectNothing(s[1], TIMEOUTS.silence());
        assertThat(proxy.connections()).isEqualTo(1);

        Socket[] again = ends.connect(proxy); // it ends with the connection: a new one is healthy
        again[0].getOutputStream().write(Ends.pattern(0, 10));
        Ends.readPattern(again[1], 0, 10, TIMEOUTS.expect());
    }

    /**
     * Reslicing cuts each write into pieces of at most {@code maxChunk} octets flushed one by one, so the reader
     * needs more reads than writes; the bytes are the same. Each 300-octet write is read completely before the next,
     * so without reslicing each would take one read.
     */
    @Test
    void resliceDeliversTheSameBytesInMoreReads() throws Exception {
        int writes = 100;
        int size = 300;
        FaultProxy proxy = ends.proxy(builder -> builder.seed(42));
        Socket[] s = ends.connect(proxy);
        proxy.inject(new Fault.Reslice(A_TO_B, 3));
        int reads = 0;
        for (int i = 0; i < writes; i++) {
            s[0].getOutputStream().write(Ends.pattern((long) i * size, size));
            reads += Ends.readPattern(s[1], (long) i * size, size, TIMEOUTS.expect());
        }
        assertThat(reads).isGreaterThan(writes);

        proxy.inject(new Fault.Heal(A_TO_B));
        s[0].getOutputStream().write(Ends.pattern(0, size));
        Ends.readPattern(s[1], 0, size, TIMEOUTS.expect());
    }

    @Test
    void hostFaultsAreSimulatorOnly() {
        FaultProxy proxy = ends.proxy();
        assertThatThrownBy(() -> proxy.inject(new Fault.Crash("b")))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("simulator-only");
        assertThatThrownBy(() -> proxy.inject(new Fault.Restart("b")))
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("simulator-only");
    }

    @Test
    void linksNameTheProxysHosts() throws Exception {
        FaultProxy proxy = ends.proxy(builder -> builder.hosts("client", "server"));
        assertThatThrownBy(() -> proxy.inject(new Fault.Stall(A_TO_B)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("client (connecting)");
        Socket[] s = ends.connect(proxy);
        proxy.inject(new Fault.Partition(Link.from("server", "client")));
        s[0].getOutputStream().write(Ends.pattern(0, 10));
        Ends.readPattern(s[1], 0, 10, TIMEOUTS.expect()); // client->server is untouched
        s[1].getOutputStream().write(Ends.pattern(0, 10));
        Ends.expectNothing(s[0], TIMEOUTS.silence());
        proxy.inject(new Fault.Heal(Link.between("client", "server")));
        Ends.readPattern(s[0], 0, 10, TIMEOUTS.expect());
    }

    /** Faults hold for connections made after them, until healed. */
    @Test
    void faultsApplyToLaterConnections() throws Exception {
        FaultProxy proxy = ends.proxy();
        proxy.inject(new Fault.Partition(A_TO_B));
        Socket[] s = ends.connect(proxy);
        s[0].getOutputStream().write(Ends.pattern(0, 10));
        Ends.expectNothing(s[1], TIMEOUTS.silence());
        proxy.inject(new Fault.Heal(A_TO_B));
        Ends.readPattern(s[1], 0, 10, TIMEOUTS.expect());
    }
}
