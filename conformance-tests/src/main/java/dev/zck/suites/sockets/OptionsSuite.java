package dev.zck.suites.sockets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.zck.rules.RuleId;
import dev.zck.spi.ErrorKind;
import dev.zck.spi.Message;
import dev.zck.spi.SocketOption;
import dev.zck.spi.SocketType;
import dev.zck.spi.Transport;
import dev.zck.spi.ZmqException;
import dev.zck.spi.ZmqSocket;
import dev.zck.suites.EachTransport;
import dev.zck.suites.SuiteBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Socket options seen from the application (libzmq behaviour): connecting before the peer binds, the routing id's
 * limits and how a ROUTER shows it, and CONFLATE. The options that show only on the wire (HANDSHAKE_IVL, MAXMSGSIZE,
 * heartbeats) are in {@code dev.zck.suites.wire.OptionsWireSuite}.
 */
public abstract class OptionsSuite extends SuiteBase {

    @EachTransport
    @RuleId("OPT-CONNECT-BEFORE-BIND")
    void connectBeforeBindQueuesUntilThePeerBinds(String transport) throws Exception {
        String endpoint = transport.equals("tcp") ? Loopback.freeEndpoint() : endpoint(transport);
        ZmqSocket push = socket(SocketType.PUSH);
        push.connect(endpoint);
        for (String m : List.of("a", "b", "c")) {
            send(push, m);
        }
        ZmqSocket pull = socket(SocketType.PULL);
        pull.bind(endpoint);
        for (String m : List.of("a", "b", "c")) {
            assertThat(receive(pull).frameAsString(0))
                    .as("messages sent before the bind arrive after it, in order")
                    .isEqualTo(m);
        }
        expectNothing(pull);
    }

    @EachTransport
    @RuleId("OPT-ROUTING-ID")
    void routingIdLimitsAndHowARouterSeesIt(String transport) throws Exception {
        requireOptions(SocketOption.ROUTING_ID);
        ZmqSocket probe = socket(SocketType.DEALER);
        expectInvalid(probe, new byte[0]);
        expectInvalid(probe, new byte[256]);
        byte[] longest = new byte[255];
        Arrays.fill(longest, (byte) 'x');
        probe.set(SocketOption.ROUTING_ID, longest);

        ZmqSocket router = socket(SocketType.ROUTER);
        String endpoint = router.bind(endpoint(transport));
        ZmqSocket named = socket(SocketType.DEALER);
        named.set(SocketOption.ROUTING_ID, "PEER2".getBytes());
        named.connect(endpoint);
        ZmqSocket anonymous = socket(SocketType.DEALER);
        anonymous.connect(endpoint);
        send(named, "from named");
        send(anonymous, "from anonymous");

        List<Message> got = List.of(receive(router), receive(router));
        for (Message m : got) {
            if (m.frameAsString(1).equals("from named")) {
                assertThat(m.frameAsString(0))
                        .as("a ROUTER routes a peer by the ROUTING_ID it set")
                        .isEqualTo("PEER2");
            } else {
                assertThat(m.frameAsString(1)).isEqualTo("from anonymous");
                assertThat(m.frame(0))
                        .as("a peer without ROUTING_ID gets a generated 5-octet id starting with 00")
                        .hasSize(5)
                        .startsWith((byte) 0);
            }
        }
        assertThat(got).extracting(m -> m.frameAsString(1)).containsExactlyInAnyOrder("from named", "from anonymous");
    }

    private static void expectInvalid(ZmqSocket socket, byte[] id) {
        try {
            socket.set(SocketOption.ROUTING_ID, id);
        } catch (ZmqException e) {
            assertThat(e.kind())
                    .as("a %d-octet ROUTING_ID is an invalid value (%s)", id.length, e.getMessage())
                    .isEqualTo(ErrorKind.OTHER);
            return;
        }
        fail("a ROUTING_ID of " + id.length + " octets was accepted; it must be 1 to 255");
    }

    @Test
    @RuleId("OPT-CONFLATE")
    void conflateKeepsOnlyTheNewestMessage() throws Exception {
        requireTransports(Transport.TCP);
        requireOptions(SocketOption.CONFLATE);
        ZmqSocket pull = socket(SocketType.PULL);
        pull.set(SocketOption.CONFLATE, true);
        String endpoint = pull.bind(endpoint("tcp"));
        ZmqSocket push = socket(SocketType.PUSH);
        push.connect(endpoint);
        send(push, "0");
        assertThat(receive(pull).frameAsString(0)).as("the connection is up").isEqualTo("0");

        for (int i = 1; i <= 10; i++) {
            send(push, Integer.toString(i));
        }
        Loopback.letTimePass(Duration.ofMillis(200));
        List<Integer> got = new ArrayList<>();
        while (got.isEmpty() || got.get(got.size() - 1) != 10) {
            Optional<Message> m = tryReceive(pull, expect());
            assertThat(m).as("the newest message, 10, arrives (got %s)", got).isPresent();
            got.add(Integer.parseInt(m.get().frameAsString(0)));
        }
        assertThat(got)
                .as("a CONFLATE queue holds one message, replaced by each newer one; over TCP one may still have been"
                        + " on its way after 200 ms, but never all ten")
                .isSorted()
                .doesNotHaveDuplicates()
                .hasSizeLessThan(10);
        try {
            pull.receive(Duration.ZERO);
            fail("nothing is left after the newest message");
        } catch (ZmqException e) {
            assertThat(e.kind()).isEqualTo(ErrorKind.WOULD_BLOCK);
        }
    }
}
