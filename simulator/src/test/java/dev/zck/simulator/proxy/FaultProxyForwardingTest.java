package dev.zck.simulator.proxy;

import static dev.zck.simulator.proxy.Ends.TIMEOUTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zck.simulator.Fault;
import dev.zck.simulator.Link;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The proxy without faults: it forwards both ways byte for byte, passes backpressure on and counts connections. */
class FaultProxyForwardingTest {

    @Test
    void forwardsBothWaysByteExact() throws Exception {
        try (Ends ends = new Ends();
                FaultProxy proxy = FaultProxy.start(ends.target())) {
            assertThat(proxy.endpoint())
                    .isEqualTo("tcp://127.0.0.1:" + proxy.address().getPort());
            Socket[] s = ends.connect(proxy);
            ends.writeInBackground(s[0], 1 << 20, new AtomicLong());
            ends.writeInBackground(s[1], 1 << 20, new AtomicLong());
            Ends.readPattern(s[1], 0, 1 << 20, TIMEOUTS.expect());
            Ends.readPattern(s[0], 0, 1 << 20, TIMEOUTS.expect());
            assertThat(proxy.connections()).isEqualTo(1);
            assertThat(proxy.accepted()).isEqualTo(1);
        }
    }

    /**
     * The listener does not read: the writer must come to a halt with far less written than it wants to write, so
     * the proxy does not buffer without bound; then everything arrives.
     */
    @Test
    void passesBackpressureOn() throws Exception {
        long total = 128L << 20;
        try (Ends ends = new Ends(64 * 1024);
                FaultProxy proxy = FaultProxy.start(ends.target())) {
            Socket[] s = ends.connect(proxy, 64 * 1024);
            AtomicLong written = new AtomicLong();
            CompletableFuture<Void> done = ends.writeInBackground(s[0], total, written);
            long halted = Ends.awaitQuiet(written, Duration.ofMillis(200), TIMEOUTS.expect());
            assertThat(done).isNotDone();
            assertThat(halted).as("octets written while nobody reads").isLessThan(total / 2);
            Ends.readPattern(s[1], 0, total, TIMEOUTS.expect().multipliedBy(4));
            done.get(TIMEOUTS.expect().toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    @Test
    void aCloseOnEitherSideReachesTheOther() throws Exception {
        try (Ends ends = new Ends();
                FaultProxy proxy = FaultProxy.start(ends.target())) {
            Socket[] first = ends.connect(proxy);
            first[0].getOutputStream().write(Ends.pattern(0, 10));
            first[0].close();
            Ends.readPattern(first[1], 0, 10, TIMEOUTS.expect());
            assertThat(first[1].getInputStream().read()).as("end of stream").isEqualTo(-1);

            Socket[] second = ends.connect(proxy);
            second[1].close();
            second[0].setSoTimeout((int) TIMEOUTS.expect().toMillis());
            assertThat(second[0].getInputStream().read()).as("end of stream").isEqualTo(-1);
            Ends.await("both connections closed", TIMEOUTS.expect(), () -> proxy.connections() == 0);
            assertThat(proxy.accepted()).isEqualTo(2);
        }
    }

    @Test
    void aConnectionToAMissingListenerIsReset() throws Exception {
        InetSocketAddress nobody;
        try (Ends ends = new Ends()) {
            nobody = ends.target();
        }
        try (FaultProxy proxy = FaultProxy.start(nobody);
                Socket a = new Socket()) {
            a.connect(proxy.address(), (int) TIMEOUTS.expect().toMillis());
            a.setSoTimeout((int) TIMEOUTS.expect().toMillis());
            assertThatThrownBy(() -> a.getInputStream().read())
                    .isInstanceOf(java.net.SocketException.class)
                    .hasMessageContaining("reset");
            Ends.await("the connection is gone", TIMEOUTS.expect(), () -> proxy.connections() == 0);
        }
    }

    @Test
    void closeEndsConnectionsAndStopsListening() throws Exception {
        try (Ends ends = new Ends()) {
            FaultProxy proxy = FaultProxy.start(ends.target());
            Socket[] s = ends.connect(proxy);
            InetSocketAddress address = proxy.address();
            proxy.close();
            s[1].setSoTimeout((int) TIMEOUTS.expect().toMillis());
            assertThat(s[1].getInputStream().read()).as("end of stream").isEqualTo(-1);
            try (Socket late = new Socket()) {
                assertThatThrownBy(() -> late.connect(address, 1000)).isInstanceOf(ConnectException.class);
            }
            assertThatThrownBy(() -> proxy.inject(new Fault.Heal(Link.between("a", "b"))))
                    .isInstanceOf(IllegalStateException.class);
            proxy.close(); // harmless
        }
    }
}
