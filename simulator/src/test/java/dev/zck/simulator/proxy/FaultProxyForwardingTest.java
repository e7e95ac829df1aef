package dev.zck.simulator.proxy;

import static dev.zck.simulator.proxy.Ends.TIMEOUTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zck.simulator.Fault;
import dev.zck.simulator.Link;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The proxy without faults: it forwards both ways byte for byte, passes backpressure on and counts connections. */
class FaultProxyForwardingTest extends WithEnds {
    @Test
    void forwardsBothWaysByteExact() throws Exception {
        FaultProxy proxy = ends.proxy();
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

    /**
     * The listener does not read: the writer must come to a halt with far less written than it wants to write (the
     * kernel buffers on the way hold some tens of megabytes at most), so the proxy does not buffer without bound;
     * then everything arrives.
     */
    @Test
    void passesBackpressureOn() throws Exception {
        long total = 128L << 20;
        Socket[] s = ends.connect(ends.proxy());
        Ends.HaltedWriter writer = ends.writeUntilHalted(s[0], total);
        assertThat(writer.halted()).as("octets written while nobody reads").isLessThan(total / 2);
        writer.drainTo(s[1]);
    }

    @Test
    void aCloseOnEitherSideReachesTheOther() throws Exception {
        FaultProxy proxy = ends.proxy();
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

    @Test
    void aConnectionToAMissingListenerIsReset() throws Exception {
        InetSocketAddress nobody = ends.target();
        ends.close();
        try (FaultProxy proxy = FaultProxy.start(nobody);
                Socket a = new Socket()) {
            // The reset can come so soon that connect() itself reports it, or only the first read.
            assertThatThrownBy(() -> {
                        a.connect(proxy.address(), (int) TIMEOUTS.expect().toMillis());
                        a.setSoTimeout((int) TIMEOUTS.expect().toMillis());
                        a.getInputStream().read();
                    })
                    .isInstanceOf(SocketException.class)
                    .hasMessageContaining("reset");
            Ends.await("the connection is gone", TIMEOUTS.expect(), () -> proxy.connections() == 0);
        }
    }

    @Test
    void closeEndsConnectionsAndStopsListening() throws Exception {
        FaultProxy proxy = ends.proxy();
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
