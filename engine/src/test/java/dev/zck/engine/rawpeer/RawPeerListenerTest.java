package dev.zck.engine.rawpeer;

import static dev.zck.engine.rawpeer.ZmtpBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.zck.engine.rawpeer.RawPeerException.Kind;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

/** The listening side, and connecting, against plain JDK sockets. */
class RawPeerListenerTest {

    @Test
    void listensOnLoopbackWithAnEphemeralPort() {
        try (RawPeerListener listener = RawPeerListener.listen(Wire.FAST)) {
            assertThat(listener.port()).isPositive();
            assertThat(listener.endpoint()).isEqualTo("tcp://127.0.0.1:" + listener.port());
            assertThat(listener.address().getAddress().isLoopbackAddress()).isTrue();
        }
    }

    @Test
    void listensOnAGivenPortAgainRightAfterAnotherListenerThere() throws IOException {
        int port;
        try (RawPeerListener first = RawPeerListener.listen(Wire.FAST);
                Socket client = new Socket()) {
            port = first.port();
            client.connect(first.address(), 5_000);
            first.accept();
        }
        try (RawPeerListener again = RawPeerListener.listen(port, Wire.FAST)) {
            assertThat(again.port()).isEqualTo(port);
            assertThat(again.endpoint()).isEqualTo("tcp://127.0.0.1:" + port);
        }
    }

    @Test
    void acceptsAPlainClientAndTalksToIt() throws IOException {
        try (RawPeerListener listener = RawPeerListener.listen(Wire.PATIENT);
                Socket client = new Socket()) {
            client.connect(listener.address(), 5_000);
            client.setSoTimeout(5_000);
            RawPeer peer = listener.accept();
            client.getOutputStream().write(ZmtpBytes.greeting(3, 1, "NULL", false));
            assertThat(peer.readGreeting().minor()).isEqualTo(1);
            peer.send(hex("00 01 41"));
            assertThat(client.getInputStream().readNBytes(3)).isEqualTo(hex("00 01 41"));
        }
    }

    @Test
    void acceptFailsAfterTheExpectTimeoutWhenNobodyConnects() {
        try (RawPeerListener listener = RawPeerListener.listen(Wire.FAST)) {
            long start = System.nanoTime();
            RawPeerException e = catchThrowableOfType(RawPeerException.class, listener::accept);
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
            assertThat(e)
                    .hasMessageStartingWith(
                            "expected an incoming connection on " + listener.endpoint() + " within 200 ms; timed out");
            assertThat(elapsedMillis).isBetween(190L, 3_000L);
        }
    }

    @Test
    void expectNoConnectionPassesOnQuietAndFailsWhenSomeoneConnects() throws IOException {
        try (RawPeerListener listener = RawPeerListener.listen(Wire.FAST);
                Socket client = new Socket()) {
            listener.expectNoConnection();
            client.connect(listener.address(), 5_000);
            RawPeerException e = catchThrowableOfType(RawPeerException.class, listener::expectNoConnection);
            assertThat(e.kind()).isEqualTo(Kind.UNEXPECTED);
            assertThat(e)
                    .hasMessageContaining("expected no incoming connection")
                    .hasMessageContaining("arrived");
        }
    }

    @Test
    void closingTheListenerClosesTheAcceptedPeers() throws IOException {
        RawPeer accepted;
        try (Socket client = new Socket()) {
            try (RawPeerListener listener = RawPeerListener.listen(Wire.PATIENT)) {
                client.connect(listener.address(), 5_000);
                client.setSoTimeout(5_000);
                accepted = listener.accept();
            }
            assertThat(accepted.isClosed()).isTrue();
            assertThat(client.getInputStream().read()).isEqualTo(-1);
        }
    }

    @Test
    void twoRawPeersTalkThroughTheListenerEndpoint() {
        try (RawPeerListener listener = RawPeerListener.listen(Wire.PATIENT);
                RawPeer client = RawPeer.connect(listener.endpoint(), Wire.PATIENT)) {
            RawPeer server = listener.accept();
            client.sendFragmented(ZmtpBytes.concat(ZmtpBytes.greeting(3, 1, "NULL", false), ZmtpBytes.ready("REQ")), 3);
            assertThat(server.readGreeting().mechanism()).isEqualTo("NULL");
            server.expectCommand("READY");
            server.send(ZmtpBytes.error("no"));
            server.close();
            assertThat(client.expectClose()).isEqualTo(ZmtpBytes.error("no"));
        }
    }

    @Test
    void connectRefusesAddressesOtherThanLoopback() {
        assertThatThrownBy(() -> RawPeer.connect(new InetSocketAddress("192.0.2.1", 5555), Wire.FAST))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("loopback");
        assertThatThrownBy(() -> RawPeer.connect(InetSocketAddress.createUnresolved("localhost", 5555), Wire.FAST))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RawPeer.connect("tcp://192.0.2.1:5555", Wire.FAST))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void connectParsesEndpointsAndRejectsMalformedOnes() {
        for (String bad : new String[] {"127.0.0.1:5555", "tcp://127.0.0.1", "tcp://127.0.0.1:port", "ipc://x:1"}) {
            assertThatThrownBy(() -> RawPeer.connect(bad, Wire.FAST))
                    .as(bad)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("endpoint");
        }
    }

    @Test
    void aRefusedConnectionIsAnIoFailure() throws IOException {
        int port;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}))) {
            port = probe.getLocalPort();
        }
        RawPeerException e = catchThrowableOfType(
                RawPeerException.class, () -> RawPeer.connect("tcp://127.0.0.1:" + port, Wire.FAST));
        assertThat(e.kind()).isEqualTo(Kind.IO);
        assertThat(e)
                .hasMessageStartingWith("expected to connect to tcp://127.0.0.1:" + port + " within 200 ms; refused");
    }
}
