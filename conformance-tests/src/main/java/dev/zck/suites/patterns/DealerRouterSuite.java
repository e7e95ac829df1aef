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
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** REQUEST-REPLY (RFC 28): DEALER and ROUTER, with libzmq's PROBE_ROUTER, ROUTER_MANDATORY and ROUTER_HANDOVER. */
public abstract class DealerRouterSuite extends RequestReplySupport {

    // --------------------------------------------------------------------------------------------------- DEALER

    @EachTransport
    @RuleId("DEALER-ROUND-ROBIN")
    void dealerDealsToPeersInTurn(String transport) throws Exception {
        ZmqSocket dealer = socket(SocketType.DEALER);
        String endpoint = dealer.bind(endpoint(transport));
        List<ZmqSocket> reps = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ZmqSocket rep = socket(SocketType.REP);
            rep.connect(endpoint);
            reps.add(rep);
        }
        awaitHandshakes(dealer, reps.size());

        for (int i = 0; i < reps.size(); i++) {
            send(dealer, "", "ABC");
        }
        for (int i = 0; i < reps.size(); i++) {
            send(dealer, "", "DEF");
        }
        for (ZmqSocket rep : reps) {
            assertThat(strings(receive(rep))).as("first message of each REP").containsExactly("ABC");
            send(rep, "got ABC");
            assertThat(strings(receive(rep))).as("second message of each REP").containsExactly("DEF");
            send(rep, "got DEF");
        }
        for (int i = 0; i < 2 * reps.size(); i++) {
            assertThat(receive(dealer).frameAsString(0)).isEmpty();
        }
    }

    @EachTransport
    @RuleId("DEALER-FAIR-QUEUE")
    void dealerReadsFromPeersInFairRotation(String transport) throws Exception {
        ZmqSocket dealer = socket(SocketType.DEALER);
        String endpoint = dealer.bind(endpoint(transport));
        ZmqSocket busy = socket(SocketType.DEALER);
        busy.connect(endpoint);
        List<ZmqSocket> quiet = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ZmqSocket peer = socket(SocketType.DEALER);
            peer.connect(endpoint);
            quiet.add(peer);
        }
        awaitHandshakes(dealer, quiet.size() + 1);

        for (int i = 0; i < quiet.size(); i++) {
            send(quiet.get(i), "q" + i + "-0");
            send(quiet.get(i), "q" + i + "-1");
        }
        int busyMessages = 100;
        for (int i = 0; i < busyMessages; i++) {
            send(busy, "busy-" + i);
        }
        int total = busyMessages + 2 * quiet.size();
        List<String> received = new ArrayList<>();
        for (int n = 0; n < total; n++) {
            Message message = receive(dealer);
            assertThat(message.size()).isEqualTo(1);
            received.add(message.frameAsString(0));
        }
        expectNothing(dealer);
        assertThat(new HashSet<>(received)).as("no duplicates").hasSize(total);
        List<String> busyOrder =
                received.stream().filter(s -> s.startsWith("busy-")).toList();
        for (int i = 0; i < busyMessages; i++) {
            assertThat(busyOrder.get(i)).as("busy peer's order").isEqualTo("busy-" + i);
        }
        for (int i = 0; i < quiet.size(); i++) {
            int first = received.indexOf("q" + i + "-0");
            int second = received.indexOf("q" + i + "-1");
            assertThat(first).as("per-peer order of peer %d", i).isLessThan(second);
            assertThat(second)
                    .as("quiet peer %d read in the first half, not starved by the busy one: %s", i, received)
                    .isLessThan(total / 2);
        }
    }

    @EachTransport
    @RuleId("DEALER-NO-ENVELOPE-CHANGE")
    void dealerPassesFramesUnchanged(String transport) throws Exception {
        ZmqSocket router = socket(SocketType.ROUTER);
        String endpoint = router.bind(endpoint(transport));
        ZmqSocket dealer = socket(SocketType.DEALER);
        dealer.connect(endpoint);

        send(dealer, "A", "B");
        Message first = receive(router);
        assertThat(strings(first, 1)).containsExactly("A", "B");
        send(dealer, "", "X", "");
        assertThat(strings(receive(router), 1)).as("empty frames kept").containsExactly("", "X", "");

        byte[] address = first.frame(0);
        router.send(addressed(address, "", "C"), expect());
        assertThat(strings(receive(dealer))).containsExactly("", "C");
        router.send(addressed(address, "D"), expect());
        assertThat(strings(receive(dealer))).containsExactly("D");
    }

    @EachTransport
    @RuleId("DEALER-BLOCK-NO-PEERS")
    void dealerWithoutPeersBlocks(String transport) throws Exception {
        ZmqSocket unconnected = socket(SocketType.DEALER);
        expectWouldBlockNow(unconnected, Message.ofStrings("x"));
        expectBlockedSend(unconnected, Message.ofStrings("x"), Duration.ofMillis(250));

        ZmqSocket dealer = socket(SocketType.DEALER);
        String endpoint = dealer.bind(endpoint(transport));
        expectWouldBlockNow(dealer, Message.ofStrings("refused"));
        expectBlockedSend(dealer, Message.ofStrings("refused"), Duration.ofMillis(250));

        ZmqSocket peer = socket(SocketType.DEALER);
        peer.connect(endpoint);
        send(dealer, "real");
        assertThat(strings(receive(peer))).as("refused messages were not kept").containsExactly("real");
    }

    @EachTransport
    @RuleId("DEALER-QUEUE-ON-CONNECT")
    void dealerQueuesForAPeerThatIsNotUpYet(String transport) throws Exception {
        ZmqSocket first = socket(SocketType.ROUTER);
        String endpoint = first.bind(endpoint(transport));
        close(first);
        ZmqSocket dealer = socket(SocketType.DEALER);
        dealer.connect(endpoint);
        for (int i = 0; i < 5; i++) {
            sendNow(dealer, Message.ofStrings("early " + i));
        }
        ZmqSocket router = socket(SocketType.ROUTER);
        bindOnceFree(router, endpoint);
        byte[] address = null;
        for (int i = 0; i < 5; i++) {
            Message message = receive(router);
            assertThat(strings(message, 1)).containsExactly("early " + i);
            if (address == null) {
                address = message.frame(0);
            }
            assertThat(message.frame(0)).as("all from one peer").isEqualTo(address);
        }
    }

    @EachTransport
    @RuleId("DEALER-DESTROY-QUEUE-ON-DISCONNECT")
    void queuesOfADisconnectedPeerAreDestroyed(String transport) throws Exception {
        ZmqSocket a = socket(SocketType.DEALER);
        String endpoint = a.bind(endpoint(transport));
        ZmqSocket b = socket(SocketType.DEALER);
        b.connect(endpoint);

        // Each side reads the first of two messages, so the second one is (as good as certainly) queued.
        send(a, "ABC-1");
        send(a, "ABC-2");
        send(b, "DEF-1");
        send(b, "DEF-2");
        assertThat(strings(receive(a))).containsExactly("DEF-1");
        assertThat(strings(receive(b))).containsExactly("ABC-1");

        b.disconnect(endpoint);
        awaitPeerGone(a, transport);
        expectNothing(a);
        b.connect(endpoint);
        expectNothing(List.of(a, b));

        send(b, "GHI");
        assertThat(strings(receive(a)))
                .as("the new queue works, the old one is gone")
                .containsExactly("GHI");
        send(a, "JKL");
        assertThat(strings(receive(b))).containsExactly("JKL");
    }

    @EachTransport
    @RuleId("DEALER-PROBE-ROUTER")
    void probingDealerAnnouncesItselfWithAnEmptyMessage(String transport) throws Exception {
        requireOptions(SocketOption.PROBE_ROUTER, SocketOption.ROUTING_ID);
        ZmqSocket router = socket(SocketType.ROUTER);
        String endpoint = router.bind(endpoint(transport));
        ZmqSocket dealer = socket(SocketType.DEALER);
        dealer.set(SocketOption.ROUTING_ID, bytes("X"));
        dealer.set(SocketOption.PROBE_ROUTER, true);
        dealer.connect(endpoint);

        Message probe = receive(router);
        assertThat(probe.size()).as("address and one empty frame: %s", probe).isEqualTo(2);
        assertThat(probe.frameAsString(0)).isEqualTo("X");
        assertThat(probe.frame(1)).isEmpty();
        router.send(addressed(bytes("X"), "Hi"), expect());
        assertThat(strings(receive(dealer))).containsExactly("Hi");
    }

    // --------------------------------------------------------------------------------------------------- ROUTER

    @EachTransport
    @RuleId("ROUTER-IDENTITY-PREFIX")
    void routerPrefixesEachMessageWithItsSender(String transport) throws Exception {
        ZmqSocket router = socket(SocketType.ROUTER);
        String endpoint = router.bind(endpoint(transport));
        List<ZmqSocket> dealers = List.of(socket(SocketType.DEALER), socket(SocketType.DEALER));
        for (ZmqSocket dealer : dealers) {
            dealer.connect(endpoint);
        }
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < dealers.size(); i++) {
                send(dealers.get(i), "a", "d" + i);
            }
        }
        Map<String, Set<String>> addressesBySender = new HashMap<>();
        for (int n = 0; n < 4; n++) {
            Message message = receive(router);
            assertThat(message.size()).as("address + 2 frames: %s", message).isEqualTo(3);
            assertThat(message.frame(0)).as("address frame").isNotEmpty();
            assertThat(message.frameAsString(1)).isEqualTo("a");
            addressesBySender
                    .computeIfAbsent(message.frameAsString(2), k -> new HashSet<>())
                    .add(hex(message.frame(0)));
        }
        assertThat(addressesBySender).containsOnlyKeys("d0", "d1");
        assertThat(addressesBySender.get("d0")).as("one address per peer").hasSize(1);
        assertThat(addressesBySender.get("d1")).as("one address per peer").hasSize(1);
        assertThat(addressesBySender.get("d0"))
                .as("distinct peers, distinct addresses")
                .doesNotContainAnyElementsOf(addressesBySender.get("d1"));
    }

    @EachTransport
    @RuleId("ROUTER-STRIP-FIRST-FRAME")
    void routerSendsOnlyTheFramesAfterTheAddress(String transport) throws Exception {
        ZmqSocket router = socket(SocketType.ROUTER);
        String endpoint = router.bind(endpoint(transport));
        ZmqSocket dealer = socket(SocketType.DEALER);
        dealer.connect(endpoint);
        send(dealer, "hello");
        byte[] address = receive(router).frame(0);

        router.send(addressed(address, "A", "B"), expect());
        assertThat(strings(receive(dealer))).containsExactly("A", "B");
        router.send(addressed(address, "", "C"), expect());
        assertThat(strings(receive(dealer))).as("only the first frame is taken").containsExactly("", "C");
    }

    @EachTransport
    @RuleId("ROUTER-PEER-IDENTITY")
    void routerUsesTheIdentityAPeerAnnounces(String transport) throws Exception {
        requireOptions(SocketOption.ROUTING_ID);
        ZmqSocket router = socket(SocketType.ROUTER);
        String endpoint = router.bind(endpoint(transport));
        ZmqSocket dealer = socket(SocketType.DEALER);
        dealer.set(SocketOption.ROUTING_ID, bytes("PEER2"));
        dealer.connect(endpoint);

        send(dealer, "hi");
        assertThat(strings(receive(router))).containsExactly("PEER2", "hi");
        router.send(addressed(bytes("PEER2"), "back"), expect());
        assertThat(strings(receive(dealer))).containsExactly("back");
    }

    @EachTransport
    @RuleId("ROUTER-UNROUTABLE-DROP")
    void routerDropsMessagesForUnknownPeers(String transport) throws Exception {
        ZmqSocket router = socket(SocketType.ROUTER);
        String endpoint = router.bind(endpoint(transport));
        List<ZmqSocket> dealers = List.of(socket(SocketType.DEALER), socket(SocketType.DEALER));
        List<byte[]> addresses = new ArrayList<>();
        for (ZmqSocket dealer : dealers) {
            dealer.connect(endpoint);
            send(dealer, "hello");
            addresses.add(receive(router).frame(0));
        }

        router.send(addressed(bytes("UNKNOWN"), "x"), expect());
        for (int i = 0; i < dealers.size(); i++) {
            router.send(addressed(addresses.get(i), "ok"), expect());
            assertThat(strings(receive(dealers.get(i))))
                    .as("first message of peer %d", i)
                    .containsExactly("ok");
        }
    }

    @EachTransport
    @RuleId("ROUTER-FULL-NO-BLOCK")
    void routerDropsInsteadOfBlockingOnAFullPeer(String transport) throws Exception {
        requireOptions(SocketOption.SNDHWM, SocketOption.RCVHWM);
        ZmqSocket router = socket(SocketType.ROUTER);
        router.set(SocketOption.SNDHWM, 1);
        String endpoint = router.bind(endpoint(transport));
        ZmqSocket dealer = socket(SocketType.DEALER);
        dealer.set(SocketOption.RCVHWM, 1);
        dealer.connect(endpoint);
        send(dealer, "hello");
        byte[] address = receive(router).frame(0);

        // 1500 messages of 16 KiB (24 MB) overflow every buffer between the two while the DEALER does not read.
        int messages = 1500;
        for (int i = 0; i < messages; i++) {
            sendNow(router, Message.of(address, payload(i, 16 * 1024)));
        }
        List<Message> got = drain(dealer);
        assertThat(got.size()).as("messages beyond a full queue were dropped").isLessThan(messages);
        int last = -1;
        for (Message message : got) {
            int seq = seqOf(message.frame(0));
            assertThat(seq).as("neither duplicated nor reordered").isGreaterThan(last);
            last = seq;
        }
    }

    @EachTransport
    @RuleId("ROUTER-AUTO-ID-FORMAT")
    void routerNamesAnonymousPeersWithACounter(String transport) throws Exception {
        ZmqSocket router = socket(SocketType.ROUTER);
        String endpoint = router.bind(endpoint(transport));
        List<byte[]> addresses = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ZmqSocket dealer = socket(SocketType.DEALER);
            dealer.connect(endpoint);
            awaitHandshakes(router, 1);
            send(dealer, "x");
            addresses.add(receive(router).frame(0));
        }
        for (byte[] address : addresses) {
            assertThat(address).as("generated routing id").hasSize(5);
            assertThat(address[0]).as("first octet").isZero();
        }
        int first = ByteBuffer.wrap(addresses.get(0), 1, 4).getInt();
        int second = ByteBuffer.wrap(addresses.get(1), 1, 4).getInt();
        assertThat(second).as("the counter advances by one per peer").isEqualTo(first + 1);
    }

    @EachTransport
    @RuleId("ROUTER-MANDATORY-UNROUTABLE")
    void mandatoryRouterReportsUnknownPeers(String transport) throws Exception {
        requireOptions(SocketOption.ROUTER_MANDATORY, SocketOption.ROUTING_ID);
        ZmqSocket router = socket(SocketType.ROUTER);
        router.set(SocketOption.ROUTER_MANDATORY, true);
        String endpoint = router.bind(endpoint(transport));

        expectSendError(router, addressed(bytes("UNKNOWN"), "x"), ErrorKind.HOST_UNREACHABLE);
        expectSendError(router, addressed(bytes("X"), "early"), ErrorKind.HOST_UNREACHABLE);

        ZmqSocket dealer = socket(SocketType.DEALER);
        dealer.set(SocketOption.ROUTING_ID, bytes("X"));
        dealer.connect(endpoint);
        send(dealer, "hello");
        assertThat(strings(receive(router))).containsExactly("X", "hello");
        router.send(addressed(bytes("X"), "DATA"), expect());
        assertThat(strings(receive(dealer)))
                .as("the refused sends left nothing")
                .containsExactly("DATA");

        // A peer that is gone is unknown again.
        close(dealer);
        eventually("a send to the departed X fails with HOST_UNREACHABLE", () -> {
            try {
                router.send(addressed(bytes("X"), "late"), silence());
                return false;
            } catch (ZmqException e) {
                assertThat(e.kind())
                        .as("send to a departed peer: %s", e.getMessage())
                        .isIn(ErrorKind.HOST_UNREACHABLE);
                return true;
            }
        });
    }

    @EachTransport
    @RuleId("ROUTER-MANDATORY-HWM")
    void mandatoryRouterBlocksOnAFullPeer(String transport) throws Exception {
        requireOptions(SocketOption.ROUTER_MANDATORY, SocketOption.SNDHWM, SocketOption.RCVHWM);
        ZmqSocket router = socket(SocketType.ROUTER);
        router.set(SocketOption.ROUTER_MANDATORY, true);
        router.set(SocketOption.SNDHWM, 1);
        String endpoint = router.bind(endpoint(transport));
        ZmqSocket dealer = socket(SocketType.DEALER);
        dealer.set(SocketOption.RCVHWM, 1);
        dealer.connect(endpoint);
        send(dealer, "hello");
        byte[] address = receive(router).frame(0);

        int accepted = fillUntilWouldBlock(router, address);
        expectBlockedSend(router, Message.of(address, payload(accepted, 64 * 1024)), Duration.ofMillis(200));

        for (int i = 0; i < accepted; i++) {
            Message message = receive(dealer);
            assertThat(seqOf(message.frame(0)))
                    .as("accepted message %d of %d, none lost", i, accepted)
                    .isEqualTo(i);
        }
        router.send(Message.of(address, bytes("after")), expect());
        assertThat(strings(receive(dealer)))
                .as("the timed-out send left nothing")
                .containsExactly("after");
    }

    /** Sends 64 KiB messages without waiting until one would block; returns how many were accepted. */
    private int fillUntilWouldBlock(ZmqSocket router, byte[] address) throws ZmqException {
        long deadline = System.nanoTime() + expect().toNanos();
        for (int i = 0; ; i++) {
            assertThat(System.nanoTime())
                    .as("%d sends and still no would-block", i)
                    .isLessThan(deadline);
            try {
                sendNow(router, Message.of(address, payload(i, 64 * 1024)));
            } catch (ZmqException e) {
                assertThat(e.kind())
                        .as("send to a full peer: %s", e.getMessage())
                        .isEqualTo(ErrorKind.WOULD_BLOCK);
                assertThat(i).as("some messages fit before the queue is full").isPositive();
                return i;
            }
        }
    }

    @EachTransport
    @RuleId("ROUTER-DUPLICATE-ID-REJECTED")
    void routerIgnoresASecondPeerWithAnIdentityInUse(String transport) throws Exception {
        requireOptions(SocketOption.ROUTING_ID);
        ZmqSocket router = socket(SocketType.ROUTER);
        String endpoint = router.bind(endpoint(transport));
        ZmqSocket first = socket(SocketType.DEALER);
        first.set(SocketOption.ROUTING_ID, bytes("X"));
        first.connect(endpoint);
        send(first, "a");
        assertThat(strings(receive(router))).containsExactly("X", "a");

        ZmqSocket second = socket(SocketType.DEALER);
        second.set(SocketOption.ROUTING_ID, bytes("X"));
        second.connect(endpoint);
        awaitHandshakes(second, 1);
        try {
            second.send(Message.ofStrings("b"), silence());
        } catch (ZmqException e) {
            // a refused peer may have no queue left to take the message
            assertThat(e.kind())
                    .as("send of the refused peer: %s", e.getMessage())
                    .isEqualTo(ErrorKind.WOULD_BLOCK);
        }
        expectNothing(router);

        router.send(addressed(bytes("X"), "m"), expect());
        assertThat(strings(receive(first))).containsExactly("m");
        expectNothing(second);
    }

    @EachTransport
    @RuleId("ROUTER-HANDOVER")
    void handoverRouterGivesTheIdentityToTheNewPeer(String transport) throws Exception {
        requireOptions(SocketOption.ROUTER_HANDOVER, SocketOption.ROUTING_ID);
        ZmqSocket router = socket(SocketType.ROUTER);
        router.set(SocketOption.ROUTER_HANDOVER, true);
        String endpoint = router.bind(endpoint(transport));
        ZmqSocket first = socket(SocketType.DEALER);
        first.set(SocketOption.ROUTING_ID, bytes("X"));
        if (implementation().capabilities().supports(SocketOption.RECONNECT_IVL)) {
            // Once handed over, the first peer's connection is closed; reconnecting would take the identity back.
            first.set(SocketOption.RECONNECT_IVL, -1);
        }
        first.connect(endpoint);
        send(first, "a");
        assertThat(strings(receive(router))).containsExactly("X", "a");

        ZmqSocket second = socket(SocketType.DEALER);
        second.set(SocketOption.ROUTING_ID, bytes("X"));
        second.connect(endpoint);
        send(second, "b");
        assertThat(strings(receive(router))).containsExactly("X", "b");

        router.send(addressed(bytes("X"), "Hello"), expect());
        assertThat(strings(receive(second))).containsExactly("Hello");
        expectNothing(first);
    }

    private static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder();
        for (byte b : bytes) {
            out.append(String.format("%02x", b & 0xff));
        }
        return out.toString();
    }
}
