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
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * REQUEST-REPLY (RFC 28): REQ and REP, with libzmq's REQ_RELAXED and REQ_CORRELATE. Envelopes that the catalog
 * checks on the wire are observed here through a ROUTER or DEALER peer of the same implementation, which shows every
 * frame as it travelled.
 */
public abstract class ReqRepSuite extends RequestReplySupport {

    // ------------------------------------------------------------------------------------------------------ REQ

    @EachTransport
    @RuleId("REQ-DELIMITER")
    void reqPutsAnEmptyDelimiterBeforeEachRequest(String transport) throws Exception {
        ZmqSocket router = socket(SocketType.ROUTER);
        String endpoint = router.bind(endpoint(transport));
        ZmqSocket req = socket(SocketType.REQ);
        req.connect(endpoint);

        send(req, "Hello");
        Message first = receive(router);
        assertThat(strings(first, 1)).as("request after the address").containsExactly("", "Hello");
        router.send(addressed(first.frame(0), "", "World"), expect());
        assertThat(strings(receive(req))).containsExactly("World");

        send(req, "A", "B");
        Message second = receive(router);
        assertThat(strings(second, 1)).as("request after the address").containsExactly("", "A", "B");
    }

    @EachTransport
    @RuleId("REQ-ROUND-ROBIN")
    void reqSendsSuccessiveRequestsToPeersInTurn(String transport) throws Exception {
        ZmqSocket req = socket(SocketType.REQ);
        String endpoint = req.bind(endpoint(transport));
        List<ZmqSocket> reps = List.of(socket(SocketType.REP), socket(SocketType.REP), socket(SocketType.REP));
        for (ZmqSocket rep : reps) {
            rep.connect(endpoint);
        }
        awaitHandshakes(req, reps.size());

        List<Integer> order = new ArrayList<>();
        for (int cycle = 0; cycle < 2 * reps.size(); cycle++) {
            send(req, "q" + cycle);
            Received got = receiveAny(reps);
            assertThat(strings(got.message())).containsExactly("q" + cycle);
            send(reps.get(got.index()), "r" + got.index());
            assertThat(strings(receive(req))).as("reply of cycle %d", cycle).containsExactly("r" + got.index());
            order.add(got.index());
        }
        assertThat(order.subList(0, 3)).as("first round: every REP once").containsExactlyInAnyOrder(0, 1, 2);
        assertThat(order.subList(3, 6)).as("second round repeats the order").isEqualTo(order.subList(0, 3));
    }

    @EachTransport
    @RuleId("REQ-BLOCK-NO-PEERS")
    void reqWithoutPeersBlocksAndKeepsNothing(String transport) throws Exception {
        ZmqSocket unconnected = socket(SocketType.REQ);
        expectWouldBlockNow(unconnected, Message.ofStrings("x"));
        expectBlockedSend(unconnected, Message.ofStrings("x"), Duration.ofMillis(250));

        ZmqSocket req = socket(SocketType.REQ);
        String endpoint = req.bind(endpoint(transport));
        expectWouldBlockNow(req, Message.ofStrings("refused"));
        expectBlockedSend(req, Message.ofStrings("refused"), Duration.ofMillis(250));

        // The refused sends left nothing behind: the first request a new peer sees is the next one.
        ZmqSocket rep = socket(SocketType.REP);
        rep.connect(endpoint);
        send(req, "real");
        assertThat(strings(receive(rep))).containsExactly("real");
    }

    @EachTransport
    @RuleId("REQ-SEND-TWICE-REFUSED")
    void reqRefusesASecondRequestBeforeTheReply(String transport) throws Exception {
        ZmqSocket rep = socket(SocketType.REP);
        String endpoint = rep.bind(endpoint(transport));
        ZmqSocket req = socket(SocketType.REQ);
        req.connect(endpoint);

        send(req, "A");
        expectSendError(req, Message.ofStrings("B"), ErrorKind.WRONG_STATE);
        assertThat(strings(receive(rep))).containsExactly("A");
        send(rep, "reply to A");
        assertThat(strings(receive(req))).containsExactly("reply to A");

        send(req, "C");
        assertThat(strings(receive(rep))).as("the refused B never left").containsExactly("C");
    }

    @EachTransport
    @RuleId("REQ-RECV-BEFORE-SEND-REFUSED")
    void reqRefusesToReceiveWithoutAnOutstandingRequest(String transport) throws Exception {
        ZmqSocket rep = socket(SocketType.REP);
        String endpoint = rep.bind(endpoint(transport));
        ZmqSocket req = socket(SocketType.REQ);
        req.connect(endpoint);

        expectReceiveError(req, Duration.ZERO, ErrorKind.WRONG_STATE);
        expectReceiveError(req, expect(), ErrorKind.WRONG_STATE);

        send(req, "Q");
        assertThat(strings(receive(rep))).containsExactly("Q");
        send(rep, "R");
        assertThat(strings(receive(req))).containsExactly("R");
        expectReceiveError(req, expect(), ErrorKind.WRONG_STATE);
    }

    @EachTransport
    @RuleId("REQ-LAST-PEER-ONLY")
    void reqTakesTheReplyOnlyFromThePeerItAsked(String transport) throws Exception {
        List<ZmqSocket> routers = List.of(socket(SocketType.ROUTER), socket(SocketType.ROUTER));
        ZmqSocket req = socket(SocketType.REQ);
        for (ZmqSocket router : routers) {
            req.connect(router.bind(endpoint(transport)));
        }
        awaitHandshakes(req, routers.size());

        // Two warm-up cycles: with round robin each ROUTER gets one request and learns the REQ's address.
        Map<Integer, byte[]> addresses = new HashMap<>();
        for (int cycle = 0; cycle < 2; cycle++) {
            send(req, "warm-up");
            Received got = receiveAny(routers);
            addresses.put(got.index(), got.message().frame(0));
            routers.get(got.index()).send(addressed(got.message().frame(0), "", "warm"), expect());
            assertThat(strings(receive(req))).containsExactly("warm");
        }
        assertThat(addresses).as("both ROUTERs were asked once (round robin)").containsOnlyKeys(0, 1);

        send(req, "Q");
        Received asked = receiveAny(routers);
        int other = 1 - asked.index();
        routers.get(other).send(addressed(addresses.get(other), "", "WRONG"), expect());
        expectNothing(req);
        routers.get(asked.index()).send(addressed(addresses.get(asked.index()), "", "OK"), expect());
        assertThat(strings(receive(req))).containsExactly("OK");

        // A stray that arrives while no request is outstanding is dropped too: it must not pass for the reply to
        // the next request, even when that request goes to the stray's sender (round robin: the other ROUTER).
        routers.get(other).send(addressed(addresses.get(other), "", "STRAY"), expect());
        expectNothing(routers); // gives the stray time to arrive while the REQ is idle
        send(req, "Q2");
        Received next = receiveAny(routers);
        routers.get(next.index()).send(addressed(addresses.get(next.index()), "", "OK2"), expect());
        assertThat(strings(receive(req)))
                .as("neither WRONG nor STRAY surfaces later")
                .containsExactly("OK2");
    }

    @EachTransport
    @RuleId("REQ-REPLY-NO-DELIMITER-DROPPED")
    void reqNeverDeliversAReplyWithoutDelimiter(String transport) throws Exception {
        ZmqSocket router = socket(SocketType.ROUTER);
        String endpoint = router.bind(endpoint(transport));
        ZmqSocket req = socket(SocketType.REQ);
        req.connect(endpoint);

        send(req, "Q");
        Message request = receive(router);
        router.send(addressed(request.frame(0), "X"), expect());
        // Over a stream transport libzmq also drops the connection; only the application's view is checked.
        expectNothing(req);
    }

    @EachTransport
    @RuleId("REQ-RELAXED")
    void relaxedReqMayResendAndTakesOnlyTheNewReply(String transport) throws Exception {
        requireOptions(SocketOption.REQ_RELAXED, SocketOption.REQ_CORRELATE);
        ZmqSocket req = socket(SocketType.REQ);
        req.set(SocketOption.REQ_RELAXED, true);
        req.set(SocketOption.REQ_CORRELATE, true);
        String endpoint = req.bind(endpoint(transport));
        List<ZmqSocket> reps = List.of(socket(SocketType.REP), socket(SocketType.REP));
        for (ZmqSocket rep : reps) {
            rep.connect(endpoint);
            awaitHandshakes(req, 1);
        }

        send(req, "A");
        Received first = receiveAny(reps);
        assertThat(strings(first.message())).containsExactly("A");
        send(req, "C");
        ZmqSocket second = reps.get(1 - first.index());
        assertThat(strings(receive(second)))
                .as("the new request goes to the next peer")
                .containsExactly("C");

        send(reps.get(first.index()), "WRONG");
        expectNothing(req);
        send(second, "OK");
        assertThat(strings(receive(req))).containsExactly("OK");
    }

    @EachTransport
    @RuleId("REQ-CORRELATE-ID-FRAME")
    void correlatingReqPrefixesARequestId(String transport) throws Exception {
        requireOptions(SocketOption.REQ_CORRELATE);
        ZmqSocket router = socket(SocketType.ROUTER);
        String endpoint = router.bind(endpoint(transport));
        ZmqSocket req = socket(SocketType.REQ);
        req.set(SocketOption.REQ_CORRELATE, true);
        req.connect(endpoint);

        send(req, "ABC", "DEF");
        Message first = receive(router);
        assertThat(first.size())
                .as("address, id, delimiter, 2 frames: %s", first)
                .isEqualTo(5);
        byte[] id = first.frame(1);
        assertThat(id).as("request id frame").hasSize(4);
        assertThat(strings(first, 2)).containsExactly("", "ABC", "DEF");
        router.send(Message.of(first.frame(0), id, EMPTY, bytes("R")), expect());
        assertThat(strings(receive(req))).containsExactly("R");

        send(req, "GHI");
        Message second = receive(router);
        assertThat(second.size())
                .as("address, id, delimiter, 1 frame: %s", second)
                .isEqualTo(4);
        byte[] next = second.frame(1);
        assertThat(next).hasSize(4);
        boolean bigEndianPlusOne = plusOne(id, next, ByteOrder.BIG_ENDIAN);
        boolean littleEndianPlusOne = plusOne(id, next, ByteOrder.LITTLE_ENDIAN);
        assertThat(bigEndianPlusOne || littleEndianPlusOne)
                .as("the next request id is the previous one plus 1 in the sender's byte order")
                .isTrue();
        assertThat(strings(second, 2)).containsExactly("", "GHI");
    }

    private static boolean plusOne(byte[] previous, byte[] next, ByteOrder order) {
        int a = ByteBuffer.wrap(previous).order(order).getInt();
        int b = ByteBuffer.wrap(next).order(order).getInt();
        return b == a + 1;
    }

    @EachTransport
    @RuleId("REQ-CORRELATE-MISMATCH-DROPPED")
    void correlatingReqSkipsRepliesWithAnotherId(String transport) throws Exception {
        requireOptions(SocketOption.REQ_CORRELATE);
        ZmqSocket router = socket(SocketType.ROUTER);
        String endpoint = router.bind(endpoint(transport));
        ZmqSocket req = socket(SocketType.REQ);
        req.set(SocketOption.REQ_CORRELATE, true);
        req.connect(endpoint);

        send(req, "ABC");
        Message request = receive(router);
        assertThat(request.size())
                .as("address, id, delimiter, data: %s", request)
                .isEqualTo(4);
        byte[] address = request.frame(0);
        byte[] id = request.frame(1);
        byte[] wrong = id.clone();
        wrong[0] ^= 1;
        wrong[3] ^= 1;
        router.send(Message.of(address, wrong, EMPTY, bytes("DATA")), expect());
        router.send(Message.of(address, id, EMPTY, bytes("GHI")), expect());
        assertThat(strings(receive(req))).containsExactly("GHI");
    }

    // ------------------------------------------------------------------------------------------------------ REP

    @EachTransport
    @RuleId("REP-FAIR-QUEUE")
    void repServesClientsInFairRotation(String transport) throws Exception {
        ZmqSocket rep = socket(SocketType.REP);
        String endpoint = rep.bind(endpoint(transport));
        ZmqSocket busy = socket(SocketType.DEALER);
        busy.connect(endpoint);
        List<ZmqSocket> reqs = List.of(socket(SocketType.REQ), socket(SocketType.REQ), socket(SocketType.REQ));
        for (ZmqSocket req : reqs) {
            req.connect(endpoint);
        }
        awaitHandshakes(rep, reqs.size() + 1);

        int busyRequests = 100;
        for (int i = 0; i < reqs.size(); i++) {
            send(reqs.get(i), "req-" + i);
        }
        for (int i = 0; i < busyRequests; i++) {
            send(busy, "", "busy-" + i);
        }
        int total = busyRequests + reqs.size();
        List<String> served = new ArrayList<>();
        for (int n = 0; n < total; n++) {
            Message request = receive(rep);
            assertThat(request.size()).as("request %d: %s", n, request).isEqualTo(1);
            served.add(request.frameAsString(0));
            send(rep, "re:" + request.frameAsString(0));
        }
        List<String> busyOrder = new ArrayList<>();
        for (String s : served) {
            if (s.startsWith("busy-")) {
                busyOrder.add(s);
            }
        }
        List<String> expectedBusy = new ArrayList<>();
        for (int i = 0; i < busyRequests; i++) {
            expectedBusy.add("busy-" + i);
        }
        assertThat(busyOrder)
                .as("the busy client's requests, each once, in order")
                .isEqualTo(expectedBusy);
        for (int i = 0; i < reqs.size(); i++) {
            assertThat(served.indexOf("req-" + i))
                    .as("REQ %d served in the first half, not starved by the busy client: %s", i, served)
                    .isBetween(0, total / 2);
            assertThat(served.lastIndexOf("req-" + i)).isEqualTo(served.indexOf("req-" + i));
            assertThat(strings(receive(reqs.get(i)))).containsExactly("re:req-" + i);
        }
        for (int i = 0; i < busyRequests; i++) {
            assertThat(strings(receive(busy))).containsExactly("", "re:busy-" + i);
        }
    }

    @EachTransport
    @RuleId("REP-ENVELOPE-STRIP")
    void repHandsOnlyTheDataFramesToTheApplication(String transport) throws Exception {
        ZmqSocket rep = socket(SocketType.REP);
        String endpoint = rep.bind(endpoint(transport));
        ZmqSocket dealer = socket(SocketType.DEALER);
        dealer.connect(endpoint);

        send(dealer, "abc", "", "hi");
        assertThat(strings(receive(rep))).containsExactly("hi");
        send(rep, "r1");
        assertThat(strings(receive(dealer))).containsExactly("abc", "", "r1");

        send(dealer, "", "A");
        assertThat(strings(receive(rep))).containsExactly("A");
        send(rep, "r2");
        assertThat(strings(receive(dealer))).containsExactly("", "r2");

        send(dealer, "", "B", "C");
        assertThat(strings(receive(rep))).as("multipart body").containsExactly("B", "C");
    }

    @EachTransport
    @RuleId("REP-ENVELOPE-RESTORE")
    void repSendsTheReplyWithTheEnvelopeToTheRequester(String transport) throws Exception {
        ZmqSocket rep = socket(SocketType.REP);
        String endpoint = rep.bind(endpoint(transport));
        ZmqSocket p1 = socket(SocketType.DEALER);
        ZmqSocket p2 = socket(SocketType.DEALER);
        p1.connect(endpoint);
        p2.connect(endpoint);

        send(p1, "X", "Y", "", "A");
        assertThat(strings(receive(rep))).containsExactly("A");
        send(rep, "B");
        assertThat(strings(receive(p1))).containsExactly("X", "Y", "", "B");
        expectNothing(p2);

        // Two requests queued at once: each reply goes back with its own envelope to its own requester.
        send(p1, "P1", "", "one");
        send(p2, "P2a", "P2b", "", "two");
        for (int n = 0; n < 2; n++) {
            String body = receive(rep).frameAsString(0);
            send(rep, "re:" + body);
        }
        assertThat(strings(receive(p1))).containsExactly("P1", "", "re:one");
        assertThat(strings(receive(p2))).containsExactly("P2a", "P2b", "", "re:two");
    }

    @EachTransport
    @RuleId("REP-SEND-BEFORE-RECV-REFUSED")
    void repRefusesToSendWithoutARequest(String transport) throws Exception {
        ZmqSocket rep = socket(SocketType.REP);
        String endpoint = rep.bind(endpoint(transport));
        ZmqSocket req = socket(SocketType.REQ);
        req.connect(endpoint);

        expectSendError(rep, Message.ofStrings("x"), ErrorKind.WRONG_STATE);
        send(req, "Q");
        assertThat(strings(receive(rep))).containsExactly("Q");
        send(rep, "R");
        assertThat(strings(receive(req))).as("the refused x never left").containsExactly("R");
        expectSendError(rep, Message.ofStrings("y"), ErrorKind.WRONG_STATE);
    }

    @EachTransport
    @RuleId("REP-RECV-TWICE-REFUSED")
    void repRefusesASecondReceiveBeforeTheReply(String transport) throws Exception {
        ZmqSocket rep = socket(SocketType.REP);
        String endpoint = rep.bind(endpoint(transport));
        List<ZmqSocket> reqs = List.of(socket(SocketType.REQ), socket(SocketType.REQ));
        for (int i = 0; i < reqs.size(); i++) {
            reqs.get(i).connect(endpoint);
            send(reqs.get(i), "from-" + i);
        }

        String first = receive(rep).frameAsString(0);
        expectReceiveError(rep, Duration.ZERO, ErrorKind.WRONG_STATE);
        expectReceiveError(rep, expect(), ErrorKind.WRONG_STATE);
        send(rep, "re:" + first);
        String second = receive(rep).frameAsString(0);
        assertThat(List.of(first, second)).containsExactlyInAnyOrder("from-0", "from-1");
        send(rep, "re:" + second);
        for (int i = 0; i < reqs.size(); i++) {
            assertThat(strings(receive(reqs.get(i)))).containsExactly("re:from-" + i);
        }
    }

    @EachTransport
    @RuleId("REP-PEER-GONE-DISCARD")
    void repDropsAReplyToARequesterThatLeft(String transport) throws Exception {
        ZmqSocket rep = socket(SocketType.REP);
        String endpoint = rep.bind(endpoint(transport));
        ZmqSocket gone = socket(SocketType.REQ);
        ZmqSocket stays = socket(SocketType.REQ);
        gone.connect(endpoint);
        stays.connect(endpoint);

        send(gone, "from-gone");
        assertThat(strings(receive(rep))).containsExactly("from-gone");
        close(gone);
        awaitPeerGone(rep, transport);
        send(stays, "from-stays");

        try {
            rep.send(Message.ofStrings("reply-gone"), silence());
        } catch (ZmqException e) {
            assertThat(e.kind())
                    .as("a reply to a requester that left is dropped or refused, never waited on: %s", e.getMessage())
                    .isNotIn(ErrorKind.WOULD_BLOCK, ErrorKind.TERMINATED);
        }
        assertThat(strings(receive(rep)))
                .as("REP goes on with the next request")
                .containsExactly("from-stays");
        send(rep, "reply-stays");
        assertThat(strings(receive(stays))).as("the orphan reply went nowhere").containsExactly("reply-stays");
    }

    @EachTransport
    @RuleId("REP-SEND-NO-BLOCK")
    void repNeverBlocksOnAReply(String transport) throws Exception {
        requireOptions(SocketOption.SNDHWM, SocketOption.RCVHWM);
        ZmqSocket rep = socket(SocketType.REP);
        rep.set(SocketOption.SNDHWM, 1);
        String endpoint = rep.bind(endpoint(transport));
        ZmqSocket dealer = socket(SocketType.DEALER);
        dealer.set(SocketOption.RCVHWM, 1);
        dealer.connect(endpoint);

        // 1500 replies of 16 KiB (24 MB) overflow every buffer between the two; the DEALER never reads meanwhile.
        int requests = 1500;
        int size = 16 * 1024;
        for (int i = 0; i < requests; i++) {
            send(dealer, "", Integer.toString(i));
            assertThat(strings(receive(rep))).containsExactly(Integer.toString(i));
            sendNow(rep, Message.of(payload(i, size)));
        }
        List<Message> replies = drain(dealer);
        assertThat(replies.size())
                .as("the requester's queue filled up, so replies were dropped")
                .isLessThan(requests);
        int last = -1;
        for (Message reply : replies) {
            assertThat(reply.size()).isEqualTo(2);
            assertThat(reply.frame(0)).isEmpty();
            int seq = seqOf(reply.frame(1));
            assertThat(seq).as("replies neither duplicated nor reordered").isGreaterThan(last);
            last = seq;
        }
    }

    @EachTransport
    @RuleId("REP-NO-DELIMITER-DROPPED")
    void repDropsARequestWithoutDelimiter(String transport) throws Exception {
        ZmqSocket rep = socket(SocketType.REP);
        String endpoint = rep.bind(endpoint(transport));
        ZmqSocket dealer = socket(SocketType.DEALER);
        dealer.connect(endpoint);

        send(dealer, "X", "A");
        send(dealer, "", "B");
        assertThat(strings(receive(rep))).containsExactly("B");
        send(rep, "RB");
        assertThat(strings(receive(dealer))).as("only B's envelope").containsExactly("", "RB");
        expectNothing(dealer);
    }
}
