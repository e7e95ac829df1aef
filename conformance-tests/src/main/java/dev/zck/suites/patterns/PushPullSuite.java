package dev.zck.suites.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.rules.RuleId;
import dev.zck.spi.ErrorKind;
import dev.zck.spi.Message;
import dev.zck.spi.SocketType;
import dev.zck.spi.ZmqSocket;
import dev.zck.suites.EachTransport;
import dev.zck.suites.SuiteBase;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** PIPELINE (RFC 30): PUSH and PULL. */
public abstract class PushPullSuite extends SuiteBase {

    @EachTransport
    @RuleId("PUSH-ROUND-ROBIN")
    void pushDealsRoundRobin(String transport) throws Exception {
        ZmqSocket push = socket(SocketType.PUSH);
        String endpoint = push.bind(endpoint(transport));
        List<ZmqSocket> pulls = List.of(socket(SocketType.PULL), socket(SocketType.PULL), socket(SocketType.PULL));
        for (ZmqSocket pull : pulls) {
            pull.connect(endpoint);
        }
        awaitHandshakes(push, pulls.size());
        for (int i = 0; i < 6; i++) {
            send(push, Integer.toString(i));
        }
        Set<Integer> all = new TreeSet<>();
        for (ZmqSocket pull : pulls) {
            int first = Integer.parseInt(receive(pull).frameAsString(0));
            int second = Integer.parseInt(receive(pull).frameAsString(0));
            assertThat(second - first)
                    .as("a PULL gets one message per round of %d", pulls.size())
                    .isEqualTo(pulls.size());
            all.add(first);
            all.add(second);
            expectNothing(pull);
        }
        assertThat(all).containsExactly(0, 1, 2, 3, 4, 5);
    }

    @EachTransport
    @RuleId("PUSH-BLOCK-NO-PEERS")
    void pushWithoutPeersWouldBlock(String transport) throws Exception {
        ZmqSocket push = socket(SocketType.PUSH);
        push.bind(endpoint(transport));
        expectSendError(push, Message.ofStrings("nobody"), ErrorKind.WOULD_BLOCK);
    }

    @EachTransport
    @RuleId("PUSH-QUEUE-ON-CONNECT")
    void pushQueuesBeforeThePeerExists(String transport) throws Exception {
        ZmqSocket pull = socket(SocketType.PULL);
        String endpoint = pull.bind(endpoint(transport));
        pull.close();
        ZmqSocket push = socket(SocketType.PUSH);
        push.connect(endpoint);
        for (int i = 0; i < 5; i++) {
            send(push, "early " + i);
        }
        ZmqSocket late = socket(SocketType.PULL);
        late.bind(endpoint);
        for (int i = 0; i < 5; i++) {
            assertThat(receive(late).frameAsString(0)).isEqualTo("early " + i);
        }
    }
}
