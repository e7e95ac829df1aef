package dev.zck.suites.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.rules.RuleId;
import dev.zck.spi.ErrorKind;
import dev.zck.spi.Message;
import dev.zck.spi.SocketOption;
import dev.zck.spi.SocketType;
import dev.zck.spi.Transport;
import dev.zck.spi.ZmqSocket;
import dev.zck.suites.EachTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** PIPELINE (RFC 30): PUSH and PULL. */
public abstract class PushPullSuite extends PatternsBase {

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
        bindOnceFree(late, endpoint);
        for (int i = 0; i < 5; i++) {
            assertThat(receive(late).frameAsString(0)).isEqualTo("early " + i);
        }
    }

    @Test
    @RuleId("PUSH-BLOCK-NO-PEERS")
    void pushWithOnlyAFullPeerWouldBlock() throws Exception {
        requireTransport(Transport.INPROC);
        requireOptions(SocketOption.SNDHWM, SocketOption.RCVHWM);
        ZmqSocket push = socket(SocketType.PUSH);
        push.set(SocketOption.SNDHWM, 1);
        String endpoint = push.bind(endpoint("inproc"));
        ZmqSocket pull = socket(SocketType.PULL);
        pull.set(SocketOption.RCVHWM, 1);
        pull.connect(endpoint);
        send(push, "0");

        int accepted = 1 + sendUntilWouldBlock(push, 10, i -> Message.ofStrings(Integer.toString(i + 1)));
        expectSendError(push, Message.ofStrings("refused"), ErrorKind.WOULD_BLOCK);
        for (int i = 0; i < accepted; i++) {
            assertThat(receive(pull).frameAsString(0)).isEqualTo(Integer.toString(i));
        }
        expectNothing(pull);
    }

    @EachTransport
    @RuleId("PUSH-SKIP-FULL-PEER")
    void pushSkipsAFullPeer(String transport) throws Exception {
        // 4 KiB messages, so that what the kernel buffers of the stalled connection hold stays small beside the total.
        requireOptions(SocketOption.SNDHWM, SocketOption.RCVHWM);
        int total = 10_000;
        ZmqSocket push = socket(SocketType.PUSH);
        push.set(SocketOption.SNDHWM, 5);
        String endpoint = push.bind(endpoint(transport));
        ZmqSocket stalled = socket(SocketType.PULL);
        stalled.set(SocketOption.RCVHWM, 5);
        stalled.connect(endpoint);
        ZmqSocket reading = socket(SocketType.PULL);
        reading.connect(endpoint);
        awaitHandshakes(push, 2);

        List<Integer> atReading = Collections.synchronizedList(new ArrayList<>());
        AtomicBoolean sent = new AtomicBoolean();
        AtomicReference<Throwable> readerFailure = new AtomicReference<>();
        Thread reader = new Thread(
                () -> {
                    try {
                        while (true) {
                            Optional<Message> m = tryReceive(reading, silence());
                            if (m.isPresent()) {
                                atReading.add(Integer.parseInt(
                                        m.get().frameAsString(0).substring(0, 8)));
                            } else if (sent.get()) {
                                return;
                            }
                        }
                    } catch (Throwable t) {
                        readerFailure.set(t);
                    }
                },
                "zck-reading-pull");
        reader.start();
        try {
            for (int i = 0; i < total; i++) {
                push.send(numbered(i, 4096), expect());
            }
        } finally {
            sent.set(true);
            reader.join(expect().toMillis() * 2);
        }
        if (readerFailure.get() != null) {
            throw new AssertionError("the reading PULL", readerFailure.get());
        }
        List<Integer> atStalled = new ArrayList<>();
        for (Message m : drain(stalled)) {
            atStalled.add(sequence(m));
        }
        List<Integer> all = new ArrayList<>(atReading);
        all.addAll(atStalled);
        Collections.sort(all);
        assertThat(all)
                .as("every message exactly once over both PULLs")
                .isEqualTo(IntStream.range(0, total).boxed().toList());
        assertThat(atStalled.size())
                .as("messages the stalled PULL got (it is skipped once full)")
                .isLessThan(total / 4);
    }

    @EachTransport
    @RuleId("PUSH-DESTROY-QUEUE-ON-DISCONNECT")
    void pushDropsTheQueueOfADisconnectedPeer(String transport) throws Exception {
        requireOptions(SocketOption.SNDHWM, SocketOption.RCVHWM);
        ZmqSocket push = socket(SocketType.PUSH);
        push.set(SocketOption.SNDHWM, 1);
        String endpoint = push.bind(endpoint(transport));
        ZmqSocket pull = socket(SocketType.PULL);
        pull.set(SocketOption.RCVHWM, 1);
        pull.connect(endpoint);
        push.send(old(0), expect());
        int queued = 1 + sendUntilWouldBlock(push, 1_000_000, i -> old(i + 1));

        pull.disconnect(endpoint);
        assertThat(tryReceive(pull, Duration.ZERO))
                .as("the disconnected PULL's own queue")
                .isEmpty();
        pull.connect(endpoint);

        // Until the PUSH has noticed the disconnection it may still route into the dead queue: resend until the
        // reconnected PULL gets something, which must be new.
        long deadline = System.nanoTime() + expect().toNanos();
        Optional<Message> first = Optional.empty();
        for (int n = 0; first.isEmpty(); n++) {
            assertThat(System.nanoTime() - deadline)
                    .as("a message through the new connection")
                    .isNegative();
            push.send(Message.ofStrings("new#" + n), expect());
            first = tryReceive(pull, PROBE_INTERVAL);
        }
        List<Message> got = new ArrayList<>(List.of(first.get()));
        got.addAll(drain(pull));
        assertThat(got)
                .as("none of the %d messages queued for the old connection", queued)
                .allMatch(m -> m.frameAsString(0).startsWith("new#"));
        send(push, "after");
        assertThat(receive(pull)).isEqualTo(Message.ofStrings("after"));
    }

    @EachTransport
    @RuleId("PUSH-MULTIPART-ROLLBACK")
    void noPartialMessageAfterThePeerVanished(String transport) throws Exception {
        requireOptions(SocketOption.SNDHWM, SocketOption.RCVHWM, SocketOption.LINGER);
        byte[] big = new byte[16 * 1024 * 1024];
        Arrays.fill(big, (byte) 'z');
        ZmqSocket push = socket(SocketType.PUSH);
        push.set(SocketOption.SNDHWM, 1);
        push.set(SocketOption.LINGER, 0);
        String endpoint = push.bind(endpoint(transport));
        ZmqSocket pull = socket(SocketType.PULL);
        pull.set(SocketOption.RCVHWM, 1);
        pull.connect(endpoint);
        push.send(Message.of(bytes("1"), bytes("1"), big), expect());
        sendUntilWouldBlock(push, 100, i -> Message.of(bytes("1"), bytes("1"), big));

        pull.disconnect(endpoint);
        pull.connect(endpoint);
        push.send(Message.of(bytes("3"), bytes("3"), big), expect());
        push.send(Message.of(bytes("5"), bytes("5"), big), expect());

        Message first = receive(pull);
        assertThat(first.frameAsString(0))
                .as("the first message after reconnecting")
                .isIn("3", "5");
        List<Message> got = new ArrayList<>(List.of(first));
        got.addAll(drain(pull));
        for (Message m : got) {
            assertThat(m.size()).as("frames of %s", m).isEqualTo(3);
            assertThat(m.frameAsString(1)).isEqualTo(m.frameAsString(0)).isIn("3", "5");
            assertThat(Arrays.equals(m.frame(2), big))
                    .as("the 16 MiB frame is whole")
                    .isTrue();
        }
    }

    @EachTransport
    @RuleId("PULL-FAIR-QUEUE")
    void pullTakesFromItsPeersInTurn(String transport) throws Exception {
        ZmqSocket pull = socket(SocketType.PULL);
        List<ZmqSocket> pushes = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            pushes.add(socket(SocketType.PUSH));
        }
        prepareFairQueueing(pull, pushes);
        String endpoint = pull.bind(endpoint(transport));
        for (ZmqSocket push : pushes) {
            push.connect(endpoint);
        }
        awaitHandshakes(pull, pushes.size());
        expectFairQueueing(pull, pushes);
    }

    private static Message old(int n) {
        byte[] frame = new byte[1024];
        byte[] label = bytes("old#" + n + "#");
        System.arraycopy(label, 0, frame, 0, label.length);
        return Message.of(frame);
    }
}
