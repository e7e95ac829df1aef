package dev.zck.suites.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.engine.rawpeer.RawFrame;
import dev.zck.engine.rawpeer.RawPeer;
import dev.zck.engine.rawpeer.ZmtpBytes;
import dev.zck.rules.RuleId;
import dev.zck.spi.Message;
import dev.zck.spi.SocketType;
import dev.zck.spi.Transport;
import dev.zck.spi.ZmqSocket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * CLIENT-SERVER (RFC 41) rules that no SPI peer can provoke, because the partner type cannot send multipart messages
 * or announce an identity: a scripted raw ZMTP peer plays the partner over TCP.
 */
public abstract class ClientServerWireSuite extends PatternsBase {

    @Test
    @RuleId("CLIENT-DISCARD-MULTIPART-IN")
    void clientDiscardsMultipartMessagesFromAServer() throws Exception {
        expectOnlySinglePartDelivered(SocketType.CLIENT, "SERVER");
    }

    @Test
    @RuleId("SERVER-DISCARD-MULTIPART-IN")
    void serverDiscardsMultipartMessagesFromAClient() throws Exception {
        expectOnlySinglePartDelivered(SocketType.SERVER, "CLIENT");
    }

    private void expectOnlySinglePartDelivered(SocketType type, String partner) throws Exception {
        requireTransport(Transport.TCP);
        ZmqSocket socket = socket(type);
        String endpoint = socket.bind(endpoint("tcp"));
        try (RawPeer peer = RawPeer.connect(endpoint, timeouts)) {
            handshake(peer, partner);
            peer.send(ZmtpBytes.concat(ZmtpBytes.message(bytes("A"), bytes("B")), ZmtpBytes.message(bytes("C"))));
            Optional<Message> got = receiveOrDisconnect(socket, peer);
            if (got.isPresent()) {
                assertThat(got.get().frames())
                        .as("%s delivers only the single-part message, never a frame of the multipart one", type)
                        .hasSize(1);
                assertThat(got.get().frameAsString(0)).isEqualTo("C");
            }
            expectNothing(socket);
        }
    }

    @Test
    @RuleId("SERVER-ROUTING-ID-NOT-PEER-CHOSEN")
    void serverIgnoresTheIdentityAClientAnnounces() throws Exception {
        requireTransport(Transport.TCP);
        ZmqSocket server = socket(SocketType.SERVER);
        String endpoint = server.bind(endpoint("tcp"));
        try (RawPeer first = clientAnnouncing(endpoint, "AAAA");
                RawPeer second = clientAnnouncing(endpoint, "AAAA")) {
            first.send(ZmtpBytes.message(bytes("from 1")));
            second.send(ZmtpBytes.message(bytes("from 2")));
            Message a = receive(server);
            Message b = receive(server);
            assertThat(List.of(a.frameAsString(0), b.frameAsString(0))).containsExactlyInAnyOrder("from 1", "from 2");
            assertThat(a.routingId()).isPresent();
            assertThat(b.routingId()).isPresent();
            assertThat(a.routingId().getAsInt())
                    .as("two clients announcing the same Identity get distinct routing ids")
                    .isNotEqualTo(b.routingId().getAsInt());
            for (Message m : List.of(a, b)) {
                server.send(
                        Message.ofStrings("to " + m.frameAsString(0))
                                .withRoutingId(m.routingId().getAsInt()),
                        expect());
            }
            assertThat(text(first.readMessage())).isEqualTo("to from 1");
            assertThat(text(second.readMessage())).isEqualTo("to from 2");
        }
    }

    private RawPeer clientAnnouncing(String endpoint, String identity) {
        RawPeer peer = RawPeer.connect(endpoint, timeouts);
        peer.send(ZmtpBytes.greeting(3, 1, "NULL", false));
        peer.readGreeting();
        peer.send(ZmtpBytes.ready("CLIENT", Map.of("Identity", bytes(identity))));
        peer.expectCommand("READY");
        return peer;
    }

    private static String text(List<RawFrame> message) {
        assertThat(message).hasSize(1);
        return new String(message.get(0).body(), StandardCharsets.UTF_8);
    }
}
