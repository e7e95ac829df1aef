package dev.zck.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.engine.socket.ReferenceImplementation;
import dev.zck.spec.Timeouts;
import dev.zck.spi.Message;
import dev.zck.spi.SocketType;
import dev.zck.spi.ZmqSocket;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PeerCommandTest {
    private static final Duration EXPECT = Timeouts.fromSystemProperties().expect();

    @Test
    void pullPeerPrintsWhatAPushSendsAndStopsAfterCount() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        String endpoint = "tcp://127.0.0.1:" + port;
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CompletableFuture<Integer> peer = CompletableFuture.supplyAsync(() -> Zck.execute(
                new PrintWriter(out),
                new PrintWriter(err),
                "peer",
                "--type",
                "PULL",
                "--connect",
                endpoint,
                "--count",
                "3"));
        try (ReferenceImplementation engine = new ReferenceImplementation();
                ZmqSocket push = engine.socket(SocketType.PUSH)) {
            push.bind(endpoint);
            for (int i = 1; i <= 3; i++) {
                push.send(Message.ofStrings("m" + i, "\u0001"), EXPECT);
            }
            assertThat(peer.get(EXPECT.toMillis() * 2, TimeUnit.MILLISECONDS)).isZero();
        }
        assertThat(out.toString())
                .contains("connecting to " + endpoint)
                .contains("message | 'm1' | 0x01")
                .contains("message | 'm3' | 0x01")
                .contains("event HANDSHAKE_SUCCEEDED")
                .contains("received 3");
        assertThat(err.toString()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "peer --type PULL --bind tcp://127.0.0.1:0 --source 3",
                "peer --type PUB --bind tcp://127.0.0.1:0 --sink",
                "peer --type PUB",
                "peer --type NOPE --bind tcp://127.0.0.1:0",
                "peer --type REP --bind tcp://127.0.0.1:0 --connect tcp://127.0.0.1:1",
                "peer --impl jeromq --type REP --bind tcp://127.0.0.1:0"
            })
    void usageErrorsExit2WithOneLine(String args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = Zck.execute(new PrintWriter(out), new PrintWriter(err), args.split(" "));
        assertThat(code).isEqualTo(2);
        assertThat(err.toString().lines()).hasSize(1);
    }
}
