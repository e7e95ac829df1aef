package dev.zck.suites.wire;

import static dev.zck.engine.rawpeer.ZmtpBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import dev.zck.engine.rawpeer.RawFrame;
import dev.zck.engine.rawpeer.RawPeer;
import dev.zck.engine.rawpeer.RawPeerException;
import dev.zck.engine.rawpeer.RawPeerListener;
import dev.zck.engine.rawpeer.ZmtpBytes;
import dev.zck.rules.RuleId;
import dev.zck.spec.Timeouts;
import dev.zck.spi.ErrorKind;
import dev.zck.spi.Message;
import dev.zck.spi.SocketOption;
import dev.zck.spi.SocketType;
import dev.zck.spi.Transport;
import dev.zck.spi.ZmqException;
import dev.zck.spi.ZmqSocket;
import dev.zck.suites.SuiteBase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Socket options and lifecycle rules that only show on the wire: the implementation is driven through the SPI on one
 * side and a scripted ZMTP 3.1 peer (NULL mechanism) talks to it over loopback TCP on the other, reading exactly what
 * it writes and timing when it writes, closes or connects. Time bounds are generous: the suite tells "about IVL" from
 * "never" or "at once", not milliseconds apart.
 */
public abstract class OptionsWireSuite extends SuiteBase {
    /** The PING the implementation sends with no TTL: command PING, TTL 00 00, no context. */
    private static final byte[] PING_BODY = hex("04 50 49 4e 47 00 00");

    // ------------------------------------------------------------------ SOCK

    @Test
    @RuleId("SOCK-RECONNECT")
    void reconnectsAfterTheConnectionBreaksOrTheHandshakeIsCut() throws Exception {
        requireTransports(Transport.TCP);
        requireOptions(SocketOption.RECONNECT_IVL);
        try (RawPeerListener mock = RawPeerListener.listen(timeouts)) {
            ZmqSocket dealer = socket(SocketType.DEALER);
            dealer.set(SocketOption.RECONNECT_IVL, 100);
            dealer.connect(mock.endpoint());

            RawPeer first = mock.accept();
            handshake(first, "ROUTER");
            first.close();
            long closed = System.nanoTime();
            RawPeer second = mock.accept();
            long afterHandshake = millisSince(closed);

            second.readSignature();
            second.close();
            closed = System.nanoTime();
            RawPeer third = mock.accept();
            long inGreeting = millisSince(closed);
            third.readSignature();

            assertThat(afterHandshake)
                    .as("a connection closed after the handshake is made again after a short delay (RECONNECT_IVL=100)")
                    .isBetween(50L, 2_000L);
            assertThat(inGreeting)
                    .as("a connection closed during the greeting is made again after a short delay (RECONNECT_IVL=100)")
                    .isBetween(50L, 2_000L);
        }
    }

    /**
     * The SPI sends whole messages only, so the slow build of the catalog (first frame, 500 ms, last frame) cannot be
     * driven through it; what the suite can see is that the frames reach the wire together, in order, with nothing
     * before or after them.
     */
    @Test
    @RuleId("SOCK-QUEUE-UNTIL-LAST-FRAME")
    void multipartMessageReachesTheWireWhole() throws Exception {
        requireTransports(Transport.TCP);
        requireTypes(SocketType.DEALER);
        try (RawPeerListener mock = RawPeerListener.listen(timeouts)) {
            ZmqSocket dealer = socket(SocketType.DEALER);
            dealer.connect(mock.endpoint());
            RawPeer peer = mock.accept();
            handshake(peer, "ROUTER");
            peer.expectSilence();
            send(dealer, "A", "B");
            peer.expectBytes(hex("01 01 41 00 01 42"));
            peer.expectSilence();
        }
    }

    // ------------------------------------------------------------------ HEARTBEAT

    @Test
    @RuleId("HEARTBEAT-IVL-PING")
    void heartbeatIntervalSendsPings() throws Exception {
        requireTransports(Transport.TCP);
        requireOptions(SocketOption.HEARTBEAT_IVL);
        try (RawPeerListener mock = RawPeerListener.listen(timeouts)) {
            ZmqSocket dealer = socket(SocketType.DEALER);
            assertThat(dealer.get(SocketOption.HEARTBEAT_IVL))
                    .as("default HEARTBEAT_IVL")
                    .isZero();
            dealer.set(SocketOption.HEARTBEAT_IVL, 100);
            if (implementation().capabilities().supports(SocketOption.HEARTBEAT_TIMEOUT)) {
                // The PONGs come from a test thread that a loaded machine may delay past the default timeout (IVL).
                dealer.set(SocketOption.HEARTBEAT_TIMEOUT, 5_000);
            }
            dealer.connect(mock.endpoint());
            RawPeer peer = mock.accept();
            handshake(peer);
            long ready = System.nanoTime();
            List<Long> at = new ArrayList<>();
            while (millisSince(ready) < 1_000) {
                RawFrame frame = peer.readFrame();
                at.add(millisSince(ready));
                assertThat(frame.isCommand())
                        .as("only PINGs come from an idle socket: %s", frame)
                        .isTrue();
                assertThat(frame.body())
                        .as("a PING with no TTL and no context: 04 'PING' 00 00")
                        .isEqualTo(PING_BODY);
                peer.send(ZmtpBytes.pong(new byte[0]));
            }
            assertThat(at.get(0))
                    .as("the first PING comes about HEARTBEAT_IVL after READY, not before (PINGs at %s ms)", at)
                    .isGreaterThanOrEqualTo(50);
            assertThat(at.size())
                    .as("about one PING per 100 ms over a second (PINGs at %s ms)", at)
                    .isBetween(5, 12);
            List<Long> gaps = new ArrayList<>();
            for (int i = 1; i < at.size(); i++) {
                gaps.add(at.get(i) - at.get(i - 1));
            }
            assertThat(gaps.stream().sorted().toList().get(gaps.size() / 2))
                    .as("PINGs about every HEARTBEAT_IVL=100 ms (median gap; PINGs at %s ms)", at)
                    .isBetween(70L, 250L);
        }
    }

    @ParameterizedTest(name = "HEARTBEAT_TTL={0}")
    @CsvSource({"1599, 1500, 00 0f", "99, 0, 00 00"})
    @RuleId("HEARTBEAT-TTL-DECISECONDS")
    void heartbeatTtlIsSentInDeciseconds(int ttl, int readBack, String octets) throws Exception {
        requireTransports(Transport.TCP);
        requireOptions(SocketOption.HEARTBEAT_IVL, SocketOption.HEARTBEAT_TTL);
        ZmqSocket limits = socket(SocketType.DEALER);
        limits.set(SocketOption.HEARTBEAT_TTL, 6_553_599);
        try {
            limits.set(SocketOption.HEARTBEAT_TTL, 6_553_600);
            fail("HEARTBEAT_TTL 6553600 ms does not fit the PING's 16-bit decisecond field and must be refused");
        } catch (ZmqException e) {
            assertThat(e.kind())
                    .as("refusal of HEARTBEAT_TTL 6553600: %s", e.getMessage())
                    .isEqualTo(ErrorKind.OTHER);
        }

        try (RawPeerListener mock = RawPeerListener.listen(timeouts)) {
            ZmqSocket dealer = socket(SocketType.DEALER);
            dealer.set(SocketOption.HEARTBEAT_IVL, 100);
            dealer.set(SocketOption.HEARTBEAT_TTL, ttl);
            assertThat(dealer.get(SocketOption.HEARTBEAT_TTL))
                    .as("HEARTBEAT_TTL %d reads back rounded down to whole deciseconds", ttl)
                    .isEqualTo(readBack);
            dealer.connect(mock.endpoint());
            RawPeer peer = mock.accept();
            handshake(peer);
            RawFrame ping = peer.expectCommand("PING");
            assertThat(Arrays.copyOf(ping.commandData(), 2))
                    .as("TTL %d ms goes into the PING as %s deciseconds", ttl, octets)
                    .isEqualTo(hex(octets));
        }
    }

    @Test
    @RuleId("HEARTBEAT-TIMEOUT-CLOSES")
    void silentPeerIsDroppedAfterTheHeartbeatTimeout() throws Exception {
        requireTransports(Transport.TCP);
        requireOptions(SocketOption.HEARTBEAT_IVL, SocketOption.HEARTBEAT_TIMEOUT);
        try (RawPeerListener mock = RawPeerListener.listen(timeouts)) {
            ZmqSocket dealer = socket(SocketType.DEALER);
            assertThat(dealer.get(SocketOption.HEARTBEAT_TIMEOUT))
                    .as("default HEARTBEAT_TIMEOUT (-1: the interval)")
                    .isEqualTo(-1);
            dealer.set(SocketOption.HEARTBEAT_IVL, 100);
            dealer.connect(mock.endpoint());
            RawPeer silent = mock.accept();
            handshake(silent);
            long ready = System.nanoTime();
            silent.expectClose();
            long closedAfter = millisSince(ready);
            long eof = System.nanoTime();
            RawPeer next = mock.accept();
            long reconnectedAfter = millisSince(eof);
            next.readSignature();
            assertThat(closedAfter)
                    .as("a peer silent after a PING is dropped HEARTBEAT_TIMEOUT (default: IVL) after it,"
                            + " about 200 ms after READY")
                    .isBetween(150L, 2_000L);
            assertThat(reconnectedAfter)
                    .as("the connecting side then reconnects as after any lost connection")
                    .isLessThan(2_000L);
        }
    }

    /**
     * HEARTBEAT_TIMEOUT is 1 s here, not the default 100 ms, so that a test thread slowed down by a loaded machine
     * still answers in time; an implementation that wants PONG and nothing else still drops the peer within the 2 s.
     */
    @Test
    @RuleId("HEARTBEAT-TIMEOUT-CLOSES")
    void anyTrafficKeepsTheConnectionAlive() throws Exception {
        requireTransports(Transport.TCP);
        requireOptions(SocketOption.HEARTBEAT_IVL, SocketOption.HEARTBEAT_TIMEOUT);
        try (RawPeerListener mock = RawPeerListener.listen(timeouts)) {
            ZmqSocket dealer = socket(SocketType.DEALER);
            dealer.set(SocketOption.HEARTBEAT_IVL, 100);
            dealer.set(SocketOption.HEARTBEAT_TIMEOUT, 1_000);
            dealer.connect(mock.endpoint());
            RawPeer peer = mock.accept();
            handshake(peer);
            long ready = System.nanoTime();
            int pings = 0;
            while (millisSince(ready) < 2_000) {
                RawFrame frame;
                try {
                    frame = peer.readFrame();
                } catch (RawPeerException e) {
                    throw new AssertionError(
                            "a peer that answers every PING with data (never PONG) must not be dropped; after "
                                    + millisSince(ready) + " ms: " + e.getMessage(),
                            e);
                }
                if (frame.isCommand() && frame.commandName().equals("PING")) {
                    pings++;
                    peer.send(ZmtpBytes.message(("tick " + pings).getBytes()));
                }
            }
            assertThat(pings).as("the implementation kept sending PINGs").isPositive();
            assertThat(peer.isClosed()).as("still connected after 2 s").isFalse();
            assertThat(receive(dealer).frameAsString(0)).isEqualTo("tick 1");
        }
    }

    // ------------------------------------------------------------------ OPT

    @Test
    @RuleId("OPT-HANDSHAKE-IVL")
    void handshakeMustFinishWithinTheInterval() throws Exception {
        requireTransports(Transport.TCP);
        requireOptions(SocketOption.HANDSHAKE_IVL);
        ZmqSocket pull = socket(SocketType.PULL);
        assertThat(pull.get(SocketOption.HANDSHAKE_IVL))
                .as("default HANDSHAKE_IVL")
                .isEqualTo(30_000);
        pull.set(SocketOption.HANDSHAKE_IVL, 200);
        String endpoint = pull.bind(endpoint("tcp"));
        long start = System.nanoTime();
        try (RawPeer peer = RawPeer.connect(endpoint, timeouts)) {
            peer.expectClose();
            assertThat(millisSince(start))
                    .as("a client that sends nothing is dropped HANDSHAKE_IVL=200 ms after connecting")
                    .isBetween(195L, 2_000L);
        }

        ZmqSocket patient = socket(SocketType.PULL);
        patient.set(SocketOption.HANDSHAKE_IVL, 0);
        String other = patient.bind(endpoint("tcp"));
        Duration watch = Duration.ofSeconds(1);
        try (RawPeer peer = RawPeer.connect(other, new Timeouts(watch, timeouts.silence()))) {
            assertThatThrownBy(peer::expectClose)
                    .as("HANDSHAKE_IVL=0 means no limit: a silent client is still connected after %s", watch)
                    .isInstanceOfSatisfying(
                            RawPeerException.class, e -> assertThat(e.kind()).isEqualTo(RawPeerException.Kind.TIMEOUT));
        }
    }

    /**
     * The limit stays above the peer's READY (about 25 octets here): libzmq checks handshake commands against
     * MAXMSGSIZE too, so a smaller limit fails every handshake (ZMTP3-MAXMSGSIZE-PER-FRAME).
     */
    @Test
    @RuleId("OPT-MAXMSGSIZE-PER-FRAME")
    void maxMsgSizeLimitsEachFrame() throws Exception {
        requireTransports(Transport.TCP);
        requireOptions(SocketOption.MAXMSGSIZE);
        ZmqSocket pull = socket(SocketType.PULL);
        assertThat(pull.get(SocketOption.MAXMSGSIZE)).as("default MAXMSGSIZE").isEqualTo(-1);
        pull.set(SocketOption.MAXMSGSIZE, 100);
        String endpoint = pull.bind(endpoint("tcp"));
        byte[] limit = new byte[100];
        Arrays.fill(limit, (byte) 'x');
        try (RawPeer peer = RawPeer.connect(endpoint, timeouts)) {
            handshake(peer, "PUSH");
            peer.send(ZmtpBytes.message(limit, limit, limit));
            assertThat(receive(pull))
                    .as("three frames of 100 octets each pass MAXMSGSIZE=100: it limits frames, not messages")
                    .isEqualTo(Message.of(limit, limit, limit));
        }
        try (RawPeer peer = RawPeer.connect(endpoint, timeouts)) {
            handshake(peer, "PUSH");
            peer.send(ZmtpBytes.message(new byte[101]));
            peer.expectClose();
        }
        expectNothing(pull);
    }

    // ------------------------------------------------------------------ helpers

    /** Completes a ZMTP 3.1 NULL handshake as a peer of type DEALER's partner ROUTER. */
    private static void handshake(RawPeer peer) {
        handshake(peer, "ROUTER");
    }

    /**
     * Completes a ZMTP 3.1 NULL handshake as a peer of type {@code socketType}: greeting both ways, then READY both
     * ways (ours first, which suits either side of the connection).
     */
    private static void handshake(RawPeer peer, String socketType) {
        peer.send(ZmtpBytes.greeting(3, 1, "NULL", false));
        peer.readGreeting();
        peer.send(ZmtpBytes.ready(socketType));
        peer.expectCommand("READY");
    }

    private static long millisSince(long nanos) {
        return (System.nanoTime() - nanos) / 1_000_000;
    }
}
