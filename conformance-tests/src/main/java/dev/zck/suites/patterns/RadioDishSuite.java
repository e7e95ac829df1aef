package dev.zck.suites.patterns;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.engine.rawpeer.RawPeer;
import dev.zck.engine.rawpeer.RawPeerListener;
import dev.zck.engine.rawpeer.ZmtpBytes;
import dev.zck.rules.RuleId;
import dev.zck.spi.ErrorKind;
import dev.zck.spi.Message;
import dev.zck.spi.SocketOption;
import dev.zck.spi.SocketType;
import dev.zck.spi.Transport;
import dev.zck.spi.ZmqException;
import dev.zck.spi.ZmqSocket;
import dev.zck.suites.EachTransport;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * RADIO-DISH (RFC 48): exact group matching, drop at the high-water mark, single-part messages, groups of up to 255
 * octets. Every test that publishes first proves the dish's JOINs arrived by publishing probes to a group it joined
 * last (see {@link #synchroniseGroups}).
 */
public abstract class RadioDishSuite extends PatternsBase {
    private static final String PROBE = "zck-probe";

    @EachTransport
    @RuleId("RADIO-EXACT-GROUP-MATCH")
    void radioMatchesGroupsExactly(String transport) throws Exception {
        requireOptions(SocketOption.JOIN);
        ZmqSocket radio = socket(SocketType.RADIO);
        String endpoint = radio.bind(endpoint(transport));
        ZmqSocket dish = socket(SocketType.DISH);
        dish.set(SocketOption.JOIN, "abc");
        dish.set(SocketOption.JOIN, "end");
        dish.set(SocketOption.JOIN, PROBE);
        dish.connect(endpoint);
        synchroniseGroups(radio, PROBE, dish);

        String[] groups = {"ab", "abcd", "ABC", "abc"};
        for (int i = 0; i < groups.length; i++) {
            radio.send(Message.ofStrings(Integer.toString(i)).withGroup(groups[i]), expect());
        }
        radio.send(Message.ofStrings("last").withGroup("end"), expect());

        assertThat(receiveGroupUntil(dish, "end", "last"))
                .as("a dish that joined abc and end")
                .containsExactly(Message.ofStrings("3").withGroup("abc"));
        expectNothing(dish);
    }

    @EachTransport
    @RuleId("RADIO-DROP-AT-HWM")
    void radioDropsForAFullDish(String transport) throws Exception {
        requireOptions(SocketOption.SNDHWM, SocketOption.RCVHWM, SocketOption.JOIN);
        ZmqSocket radio = socket(SocketType.RADIO);
        radio.set(SocketOption.SNDHWM, 10);
        String endpoint = radio.bind(endpoint(transport));
        ZmqSocket dish = socket(SocketType.DISH);
        dish.set(SocketOption.RCVHWM, 10);
        dish.set(SocketOption.JOIN, "g");
        dish.set(SocketOption.JOIN, PROBE);
        dish.connect(endpoint);
        synchroniseGroups(radio, PROBE, dish);

        int total = 20_000;
        long slowest = 0;
        for (int i = 0; i < total; i++) {
            long start = System.nanoTime();
            radio.send(numbered(i, 1024).withGroup("g"), expect());
            slowest = Math.max(slowest, System.nanoTime() - start);
        }
        assertThat(Duration.ofNanos(slowest))
                .as("the slowest RADIO send (a RADIO never blocks)")
                .isLessThan(Duration.ofSeconds(1));

        List<Integer> got = new ArrayList<>();
        for (Message m : drain(dish)) {
            assertThat(m.group()).contains("g");
            got.add(sequence(m));
        }
        assertThat(got).as("what the stalled dish kept, in order").isSorted().doesNotHaveDuplicates();
        assertThat(got.size()).as("messages kept by a stalled dish with HWM 10").isLessThan(total);
    }

    @EachTransport
    @RuleId("RADIO-NO-MULTIPART-SEND")
    void radioRefusesMultipartMessages(String transport) throws Exception {
        requireOptions(SocketOption.JOIN);
        ZmqSocket radio = socket(SocketType.RADIO);
        String endpoint = radio.bind(endpoint(transport));
        ZmqSocket dish = socket(SocketType.DISH);
        dish.set(SocketOption.JOIN, "g");
        dish.set(SocketOption.JOIN, PROBE);
        dish.connect(endpoint);
        synchroniseGroups(radio, PROBE, dish);

        try {
            radio.send(Message.ofStrings("A", "B").withGroup("g"), expect());
            throw new AssertionError("RADIO accepted a two-frame message");
        } catch (ZmqException e) {
            assertThat(e.kind())
                    .as("multipart send on RADIO: %s", e.getMessage())
                    .isEqualTo(ErrorKind.OTHER);
        }
        radio.send(Message.ofStrings("whole").withGroup("g"), expect());
        assertThat(receive(dish)).isEqualTo(Message.ofStrings("whole").withGroup("g"));
        expectNothing(dish);
    }

    @EachTransport
    @RuleId("DISH-GROUP-ATTACHED")
    void dishReportsTheGroupOfEachMessage(String transport) throws Exception {
        requireOptions(SocketOption.JOIN);
        ZmqSocket radio = socket(SocketType.RADIO);
        String endpoint = radio.bind(endpoint(transport));
        ZmqSocket dish = socket(SocketType.DISH);
        dish.set(SocketOption.JOIN, "weather");
        dish.set(SocketOption.JOIN, "news");
        dish.set(SocketOption.JOIN, PROBE);
        dish.connect(endpoint);
        synchroniseGroups(radio, PROBE, dish);

        radio.send(Message.ofStrings("w1").withGroup("weather"), expect());
        radio.send(Message.ofStrings("n1").withGroup("news"), expect());
        assertThat(receive(dish)).isEqualTo(Message.ofStrings("w1").withGroup("weather"));
        assertThat(receive(dish)).isEqualTo(Message.ofStrings("n1").withGroup("news"));
        expectNothing(dish);
    }

    @EachTransport
    @RuleId("DISH-GROUP-LENGTH")
    void groupsHaveAtMost255Octets(String transport) throws Exception {
        requireOptions(SocketOption.JOIN);
        String longest = "g".repeat(255);
        ZmqSocket radio = socket(SocketType.RADIO);
        String endpoint = radio.bind(endpoint(transport));
        ZmqSocket dish = socket(SocketType.DISH);
        dish.set(SocketOption.JOIN, longest);
        dish.set(SocketOption.JOIN, PROBE);
        dish.connect(endpoint);
        synchroniseGroups(radio, PROBE, dish);

        radio.send(Message.ofStrings("long").withGroup(longest), expect());
        assertThat(receive(dish)).isEqualTo(Message.ofStrings("long").withGroup(longest));

        try {
            dish.set(SocketOption.JOIN, "g".repeat(256));
            throw new AssertionError("DISH joined a group of 256 octets");
        } catch (ZmqException e) {
            assertThat(e.kind()).as("JOIN of 256 octets: %s", e.getMessage()).isEqualTo(ErrorKind.OTHER);
        }
    }

    @Test
    @RuleId("DISH-DISCARD-MULTIPART")
    void dishNeverDeliversMultipartBodies() throws Exception {
        requireTransport(Transport.TCP);
        requireOptions(SocketOption.JOIN);
        try (RawPeerListener listener = RawPeerListener.listen(timeouts)) {
            ZmqSocket dish = socket(SocketType.DISH);
            dish.set(SocketOption.JOIN, "g");
            dish.connect(listener.endpoint());
            RawPeer radio = handshake(listener.accept(), "RADIO");
            assertThat(text(radio.expectCommand("JOIN").commandData())).isEqualTo("g");

            radio.send(ZmtpBytes.concat(
                    ZmtpBytes.message(bytes("g"), bytes("A"), bytes("B")), ZmtpBytes.message(bytes("g"), bytes("C"))));
            Optional<Message> got = receiveOrDisconnect(dish, radio);
            if (got.isPresent()) {
                assertThat(got.get()).isEqualTo(Message.ofStrings("C").withGroup("g"));
            }
            expectNothing(dish);
        }
    }
}
