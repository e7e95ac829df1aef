package dev.zck.suites.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.rules.RuleId;
import dev.zck.spi.ErrorKind;
import dev.zck.spi.Message;
import dev.zck.spi.SocketOption;
import dev.zck.spi.SocketType;
import dev.zck.spi.ZmqException;
import dev.zck.spi.ZmqSocket;
import dev.zck.suites.EachTransport;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * CLIENT-SERVER (RFC 41): CLIENT and SERVER. The rules about multipart input and client-chosen identities need a
 * peer that breaks what CLIENT and SERVER themselves allow, so only a raw wire peer can check them.
 */
public abstract class ClientServerSuite extends RequestReplySupport {

    @EachTransport
    @RuleId("CLIENT-ROUND-ROBIN")
    void clientSendsToServersInTurn(String transport) throws Exception {
        List<ZmqSocket> servers =
                List.of(socket(SocketType.SERVER), socket(SocketType.SERVER), socket(SocketType.SERVER));
        ZmqSocket client = socket(SocketType.CLIENT);
        for (ZmqSocket server : servers) {
            client.connect(server.bind(endpoint(transport)));
        }
        awaitHandshakes(client, servers.size());

        for (int i = 0; i < 2 * servers.size(); i++) {
            send(client, Integer.toString(i));
        }
        Set<Integer> all = new TreeSet<>();
        for (ZmqSocket server : servers) {
            int first = Integer.parseInt(receive(server).frameAsString(0));
            int second = Integer.parseInt(receive(server).frameAsString(0));
            assertThat(second - first)
                    .as("a SERVER gets one message per round of %d", servers.size())
                    .isEqualTo(servers.size());
            all.add(first);
            all.add(second);
        }
        assertThat(all).containsExactly(0, 1, 2, 3, 4, 5);
        expectNothing(servers);
    }

    @EachTransport
    @RuleId("CLIENT-NO-MULTIPART-SEND")
    void clientRefusesMultipartMessages(String transport) throws Exception {
        ZmqSocket server = socket(SocketType.SERVER);
        String endpoint = server.bind(endpoint(transport));
        ZmqSocket client = socket(SocketType.CLIENT);
        client.connect(endpoint);

        expectSendError(client, Message.ofStrings("A", "B"), ErrorKind.OTHER);
        send(client, "C");
        Message got = receive(server);
        assertThat(strings(got)).as("nothing of the refused message arrived").containsExactly("C");
        expectNothing(server);
    }

    @EachTransport
    @RuleId("SERVER-ROUTING-ID-NONZERO")
    void serverTagsEachClientWithANonZeroRoutingId(String transport) throws Exception {
        ZmqSocket server = socket(SocketType.SERVER);
        String endpoint = server.bind(endpoint(transport));
        List<ZmqSocket> clients = List.of(socket(SocketType.CLIENT), socket(SocketType.CLIENT));
        int[] ids = new int[clients.size()];
        for (int i = 0; i < clients.size(); i++) {
            clients.get(i).connect(endpoint);
        }
        for (int i = 0; i < clients.size(); i++) {
            send(clients.get(i), Integer.toString(i));
        }
        for (int n = 0; n < clients.size(); n++) {
            Message message = receive(server);
            assertThat(message.routingId()).as("routing id of %s", message).isPresent();
            int sender = Integer.parseInt(message.frameAsString(0));
            ids[sender] = message.routingId().getAsInt();
        }
        assertThat(ids[0]).as("routing id of client 0").isNotZero();
        assertThat(ids[1]).as("routing id of client 1").isNotZero();
        assertThat(ids[0]).as("distinct clients, distinct routing ids").isNotEqualTo(ids[1]);

        for (int round = 0; round < 2; round++) {
            send(clients.get(1), "again");
            assertThat(receive(server).routingId())
                    .as("a client keeps its routing id")
                    .hasValue(ids[1]);
        }
        server.send(Message.ofStrings("r0").withRoutingId(ids[0]), expect());
        assertThat(strings(receive(clients.get(0)))).containsExactly("r0");
        expectNothing(clients.get(1));
    }

    @EachTransport
    @RuleId("SERVER-UNKNOWN-ROUTING-ID-ERROR")
    void serverRefusesUnknownRoutingIds(String transport) throws Exception {
        ZmqSocket server = socket(SocketType.SERVER);
        String endpoint = server.bind(endpoint(transport));
        ZmqSocket client = socket(SocketType.CLIENT);
        client.connect(endpoint);
        send(client, "hello");
        int id = receive(server).routingId().orElseThrow();

        expectSendError(server, Message.ofStrings("no id"), ErrorKind.HOST_UNREACHABLE);
        int unused = id + 7919 == 0 ? 1 : id + 7919;
        expectSendError(server, Message.ofStrings("unused id").withRoutingId(unused), ErrorKind.HOST_UNREACHABLE);
        server.send(Message.ofStrings("ok").withRoutingId(id), expect());
        assertThat(strings(receive(client))).as("refused messages went nowhere").containsExactly("ok");

        close(client);
        eventually("a send to the departed client fails with HOST_UNREACHABLE", () -> {
            try {
                server.send(Message.ofStrings("late").withRoutingId(id), silence());
                return false;
            } catch (ZmqException e) {
                assertThat(e.kind())
                        .as("send to a departed client: %s", e.getMessage())
                        .isEqualTo(ErrorKind.HOST_UNREACHABLE);
                return true;
            }
        });
    }

    @EachTransport
    @RuleId("SERVER-BLOCK-WHEN-FULL")
    void serverWaitsOnAFullClient(String transport) throws Exception {
        requireOptions(SocketOption.SNDHWM, SocketOption.RCVHWM);
        ZmqSocket server = socket(SocketType.SERVER);
        server.set(SocketOption.SNDHWM, 1);
        String endpoint = server.bind(endpoint(transport));
        ZmqSocket client = socket(SocketType.CLIENT);
        client.set(SocketOption.RCVHWM, 1);
        client.connect(endpoint);
        send(client, "hello");
        int id = receive(server).routingId().orElseThrow();

        int size = 64 * 1024;
        long deadline = System.nanoTime() + expect().toNanos();
        int accepted = 0;
        while (true) {
            assertThat(System.nanoTime())
                    .as("%d sends and still no would-block", accepted)
                    .isLessThan(deadline);
            try {
                sendNow(server, Message.of(payload(accepted, size)).withRoutingId(id));
                accepted++;
            } catch (ZmqException e) {
                assertThat(e.kind())
                        .as("send to a full client: %s", e.getMessage())
                        .isEqualTo(ErrorKind.WOULD_BLOCK);
                break;
            }
        }
        assertThat(accepted).as("some messages fit before the queue is full").isPositive();
        expectBlockedSend(server, Message.of(payload(accepted, size)).withRoutingId(id), Duration.ofMillis(200));

        for (int i = 0; i < accepted; i++) {
            assertThat(seqOf(receive(client).frame(0)))
                    .as("accepted message %d of %d, none lost", i, accepted)
                    .isEqualTo(i);
        }
        server.send(Message.ofStrings("after").withRoutingId(id), expect());
        assertThat(strings(receive(client)))
                .as("the timed-out send left nothing")
                .containsExactly("after");
    }
}
