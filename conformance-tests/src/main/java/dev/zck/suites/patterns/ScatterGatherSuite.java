package dev.zck.suites.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.engine.rawpeer.RawPeer;
import dev.zck.engine.rawpeer.ZmtpBytes;
import dev.zck.rules.RuleId;
import dev.zck.spi.ErrorKind;
import dev.zck.spi.Message;
import dev.zck.spi.SocketType;
import dev.zck.spi.Transport;
import dev.zck.spi.ZmqSocket;
import dev.zck.suites.EachTransport;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** SCATTER-GATHER (RFC 49): the single-part, thread-safe pipeline. */
public abstract class ScatterGatherSuite extends PatternsBase {

    @EachTransport
    @RuleId("SCATTER-ROUND-ROBIN")
    void scatterDealsRoundRobin(String transport) throws Exception {
        ZmqSocket scatter = socket(SocketType.SCATTER);
        String endpoint = scatter.bind(endpoint(transport));
        List<ZmqSocket> gathers =
                List.of(socket(SocketType.GATHER), socket(SocketType.GATHER), socket(SocketType.GATHER));
        for (ZmqSocket gather : gathers) {
            gather.connect(endpoint);
        }
        awaitHandshakes(scatter, gathers.size());
        for (int i = 0; i < 9; i++) {
            send(scatter, Integer.toString(i));
        }
        List<Integer> firsts = new ArrayList<>();
        for (ZmqSocket gather : gathers) {
            List<Integer> got = new ArrayList<>();
            for (int k = 0; k < 3; k++) {
                got.add(Integer.parseInt(receive(gather).frameAsString(0)));
            }
            assertThat(got).as("one message per round of 3").isSorted();
            assertThat(got.get(1) - got.get(0)).isEqualTo(3);
            assertThat(got.get(2) - got.get(1)).isEqualTo(3);
            firsts.add(got.get(0));
            expectNothing(gather);
        }
        assertThat(firsts).containsExactlyInAnyOrder(0, 1, 2);
    }

    @EachTransport
    @RuleId("SCATTER-BLOCK-NO-PEERS")
    void scatterWithoutPeersWouldBlock(String transport) throws Exception {
        ZmqSocket scatter = socket(SocketType.SCATTER);
        String endpoint = scatter.bind(endpoint(transport));
        expectSendError(scatter, Message.ofStrings("refused"), ErrorKind.WOULD_BLOCK);

        ZmqSocket gather = socket(SocketType.GATHER);
        gather.connect(endpoint);
        for (int i = 0; i < 3; i++) {
            send(scatter, "accepted " + i);
        }
        for (int i = 0; i < 3; i++) {
            assertThat(receive(gather)).isEqualTo(Message.ofStrings("accepted " + i));
        }
        expectNothing(gather);
    }

    @EachTransport
    @RuleId("SCATTER-NO-MULTIPART-SEND")
    void scatterRefusesMultipartMessages(String transport) throws Exception {
        ZmqSocket scatter = socket(SocketType.SCATTER);
        String endpoint = scatter.bind(endpoint(transport));
        ZmqSocket gather = socket(SocketType.GATHER);
        gather.connect(endpoint);
        awaitHandshakes(scatter, 1);

        expectSendError(scatter, Message.ofStrings("1", "x"), ErrorKind.OTHER);
        send(scatter, "2");
        assertThat(receive(gather)).isEqualTo(Message.ofStrings("2"));
        expectNothing(gather);
    }

    @EachTransport
    @RuleId("GATHER-FAIR-QUEUE")
    void gatherTakesFromItsPeersInTurn(String transport) throws Exception {
        ZmqSocket gather = socket(SocketType.GATHER);
        List<ZmqSocket> scatters = List.of(socket(SocketType.SCATTER), socket(SocketType.SCATTER));
        prepareFairQueueing(gather, scatters);
        String endpoint = gather.bind(endpoint(transport));
        for (ZmqSocket scatter : scatters) {
            scatter.connect(endpoint);
        }
        awaitHandshakes(gather, scatters.size());
        expectFairQueueing(gather, scatters);
    }

    @Test
    @RuleId("GATHER-DISCARD-MULTIPART")
    void gatherDiscardsMultipartMessages() throws Exception {
        requireTransport(Transport.TCP);
        ZmqSocket gather = socket(SocketType.GATHER);
        String endpoint = gather.bind(endpoint("tcp"));
        try (RawPeer scatter = RawPeer.connect(endpoint, timeouts)) {
            handshake(scatter, "SCATTER");
            scatter.send(ZmtpBytes.concat(ZmtpBytes.message(bytes("A"), bytes("B")), ZmtpBytes.message(bytes("C"))));
            Optional<Message> got = receiveOrDisconnect(gather, scatter);
            if (got.isPresent()) {
                assertThat(got.get()).isEqualTo(Message.ofStrings("C"));
            }
            expectNothing(gather);
        }
    }
}
