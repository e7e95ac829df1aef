package dev.zck.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.zck.engine.Greeting;
import dev.zck.engine.Hex;
import dev.zck.engine.Metadata;
import dev.zck.engine.NoLeaks;
import dev.zck.engine.ProtocolViolation;
import dev.zck.engine.SessionRecorder;
import dev.zck.engine.ZmtpChannels;
import dev.zck.engine.ZmtpCommand;
import dev.zck.engine.ZmtpCommands;
import dev.zck.engine.ZmtpFrame;
import dev.zck.engine.ZmtpMessage;
import dev.zck.engine.ZmtpSessionConfig;
import dev.zck.engine.ZmtpSessionEvent;
import dev.zck.engine.ZmtpSubscription;
import dev.zck.engine.ZmtpVersion;
import dev.zck.rules.RuleCatalog;
import dev.zck.spi.Mechanism;
import dev.zck.spi.SocketType;
import io.netty.buffer.AbstractByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.util.ReferenceCounted;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Generator-driven robustness of the whole session pipeline (greeting handler, frame decoder, NULL handshake, session):
 * {@value #DEFAULT_CASES} peer byte streams per run (property {@code zck.fuzz.cases}), each fed in a random
 * fragmentation into a fresh {@link EmbeddedChannel} with a random local socket type and configuration. The streams
 * are valid ZMTP 3.0/3.1 and 2.0 peer scripts, mutations of them at structural offsets (signature, version,
 * mechanism, as-server, flags, size fields up to 2^64-1, command and metadata lengths; truncation, duplication,
 * deletion, insertion of random octets and of hostile frames), and random noise. Some cases then let time pass so
 * the handshake, heartbeat and PING-TTL timers fire.
 *
 * <p>Oracle, per case: no exception reaches the end of the pipeline (the application's recorder or Netty's tail);
 * every inbound buffer fed in, every buffer the engine allocated and every outbound buffer is released; exactly one
 * HandshakeSucceeded or HandshakeFailed, then exactly one Closed, with deliveries only in between; when the engine
 * closed, both carry a reason whose rule ID is in the catalog, and when it did not, none; an unmutated valid script
 * with a plain configuration completes the handshake and delivers every message. Every {@value #LEAK_CHECK_EVERY}
 * cases and at the end, Netty's paranoid leak detector must have reported nothing ({@link NoLeaks}); to keep the run
 * fast it records where each buffer was allocated but not each access (set {@code zck.fuzz.accessRecords=true} for
 * the full paranoid records). The case mix is counted and asserted so that a degenerate generator fails the test.
 *
 * <p>One {@link Random} seeded from {@code zck.fuzz.seed} drives everything; the seed is printed, and a failure
 * prints the case number, configuration, fragmentation and input as hex. Rerunning with the same seed replays it.
 */
@ExtendWith(NoLeaks.class)
class HandshakeFuzzTest {
    static final int DEFAULT_CASES = 200_000;
    static final long SEED = Long.getLong("zck.fuzz.seed", 0x5eed_2026L);
    static final int CASES = Integer.getInteger("zck.fuzz.cases", DEFAULT_CASES);
    private static final int LEAK_CHECK_EVERY = 50_000;
    /** Paranoid access records for every buffer (slow); by default only allocations are recorded, see NoLeaks. */
    private static final boolean ACCESS_RECORDS = Boolean.getBoolean("zck.fuzz.accessRecords");

    private static final RuleCatalog CATALOG = RuleCatalog.standard();
    private static final SocketType[] TYPES = SocketType.values();
    private static final long[] TIME_STEPS_MILLIS = {600, 1_100, 1_500, 2_600, 31_000};

    /** Rules the generator must keep reaching; a degenerate generator fails the run. */
    private static final List<String> REQUIRED_RULES = List.of(
            "VER-DOWNGRADE-OR-CLOSE",
            "VER-DETECT-2.0",
            "ZMTP3-GREET-MECHANISM-MISMATCH",
            "ZMTP3-FRAME-RESERVED-BITS",
            "ZMTP3-FRAME-CMD-NO-MORE",
            "ZMTP3-FRAME-LONG-FOR-LARGE",
            "ZMTP3-MAXMSGSIZE-PER-FRAME",
            "ZMTP3-CMD-NAME-GRAMMAR",
            "ZMTP3-META-NAME-LENGTH",
            "ZMTP3-META-VALUE-LENGTH",
            "ZMTP3-META-PROPERTY-GRAMMAR",
            "ZMTP3-STYPE-SEND",
            "ZMTP3-STYPE-COMPAT",
            "ZMTP31-STYPE-COMPAT",
            "ZMTP3-NULL-READY-BOTH",
            "ZMTP31-NULL-SEND-AFTER-HANDSHAKE",
            "ZMTP3-ERROR-FATAL",
            "ZMTP3-ERROR-GRAMMAR",
            "ZMTP31-PING-GRAMMAR",
            "ZMTP3-HANDSHAKE-TIMEOUT",
            "ZMTP31-HB-TIMEOUT",
            "ZMTP31-PING-TTL");

    enum Kind {
        VALID,
        MUTATED,
        RANDOM
    }

    /** One generated case, kept whole so a failure can print it. */
    record Case(
            int index,
            Kind kind,
            ZmtpSessionConfig config,
            PeerScript script,
            byte[] input,
            int[] pieces,
            long[] timeSteps) {

        /** Whether the unmutated script must complete the handshake and deliver everything under this config. */
        boolean mustSucceed() {
            return kind == Kind.VALID
                    && script.benign()
                    && timeSteps.length == 0
                    && config.maxMessageSize() < 0
                    && (!script.zmtp20() || config.acceptZmtp20());
        }

        String describe() {
            return "case " + index + " (" + kind + ", seed " + SEED + ")\n  config: " + config.socketType() + " server="
                    + config.asServer() + " identity=" + Hex.of(config.identity()) + " maxMessageSize="
                    + config.maxMessageSize() + " handshakeIvl=" + config.handshakeIvlMillis() + " heartbeat="
                    + config.heartbeatIvlMillis() + "/" + config.heartbeatTtlMillis() + "/"
                    + config.heartbeatTimeoutMillis() + " acceptZmtp20=" + config.acceptZmtp20()
                    + "\n  pieces: " + Arrays.toString(pieces) + "\n  time steps (ms): " + Arrays.toString(timeSteps)
                    + "\n  input (" + input.length + " octets): " + Hex.of(input);
        }
    }

    /** What the run reached, for the case-mix assertions and the printed summary. */
    static final class Stats {
        final Map<String, Integer> closesByRule = new TreeMap<>();
        final Map<Kind, Integer> kinds = new TreeMap<>();
        int succeeded;
        int succeeded20;
        int succeeded30;
        int engineClosed;
        int openAtEnd;
        int deliveries;
        int timed;
        long outboundBytes;

        void closedFor(String rule) {
            closesByRule.merge(rule, 1, Integer::sum);
        }
    }

    @Test
    void everyBadPeerStreamEndsInACleanCloseNamingARule() {
        NoLeaks.requireActive();
        int leakBaseline = NoLeaks.collect().size();
        System.out.printf(
                "HandshakeFuzzTest: seed %d (0x%x), %d cases; replay with -Dzck.fuzz.seed=%d%n",
                SEED, SEED, CASES, SEED);
        Random random = new Random(SEED);
        PeerStreamGenerator generator = new PeerStreamGenerator(random);
        Stats stats = new Stats();
        long start = System.nanoTime();
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        long cpuStart = threads.getCurrentThreadCpuTime();
        Runnable all = () -> {
            for (int i = 0; i < CASES; i++) {
                Case c = generate(i, random, generator);
                stats.kinds.merge(c.kind(), 1, Integer::sum);
                try {
                    run(c, stats);
                } catch (Throwable t) {
                    fail("HandshakeFuzzTest failed at " + c.describe() + "\n  error: " + t, t);
                }
                if ((i + 1) % LEAK_CHECK_EVERY == 0 || i == CASES - 1) {
                    NoLeaks.assertNoLeaksSince(
                            leakBaseline, "handshake fuzz cases up to " + i + " (seed " + SEED + ")");
                }
            }
        };
        if (ACCESS_RECORDS) {
            all.run();
        } else {
            NoLeaks.withoutAccessRecords(all);
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        long cpuMillis = (threads.getCurrentThreadCpuTime() - cpuStart) / 1_000_000;
        System.out.printf(
                "HandshakeFuzzTest: %d cases in %d ms (%d ms CPU); kinds %s; handshakes succeeded %d (2.0: %d, 3.0: %d),"
                        + " closed by the engine %d, open at the end %d, deliveries %d, timed %d, outbound %d octets%n"
                        + "  closes by rule: %s%n",
                CASES,
                millis,
                cpuMillis,
                stats.kinds,
                stats.succeeded,
                stats.succeeded20,
                stats.succeeded30,
                stats.engineClosed,
                stats.openAtEnd,
                stats.deliveries,
                stats.timed,
                stats.outboundBytes,
                stats.closesByRule);
        assertCaseMix(stats);
    }

    /**
     * The first finding of this test, kept as a regression: with virtual time, the heartbeat timeout closed the
     * channel while the PING due at the same moment was being written, and the failed write's exception reached
     * Netty's tail through the torn-down pipeline (ZMTP31-HB-TIMEOUT must be the only outcome).
     */
    @Test
    void aTimeoutDuringAPingWriteClosesWithItsReasonAndRaisesNothing() {
        EmbeddedChannel channel = new EmbeddedChannel();
        SessionRecorder recorder = new SessionRecorder();
        ZmtpChannels.install(channel, ZmtpSessionConfig.of(SocketType.DEALER).withHeartbeat(1_000, 0, 2_500), recorder);
        byte[] ready = FrameCodecGoldenTest.encode(ZmtpFrame.command(
                ZmtpCommands.encode(new ZmtpCommand.Ready(Metadata.empty().with(Metadata.SOCKET_TYPE, "ROUTER")))));
        channel.writeInbound(
                Unpooled.wrappedBuffer(Greeting.of(Mechanism.NULL, false).encode(), ready));
        channel.advanceTimeBy(1_500, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        channel.advanceTimeBy(2_600, TimeUnit.MILLISECONDS);
        channel.runScheduledPendingTasks();
        drainOutbound(channel);
        channel.checkException();
        assertThat(channel.isOpen()).isFalse();
        assertThat(recorder.exceptions()).isEmpty();
        List<Object> arrivals = recorder.drain();
        assertThat(arrivals.get(0)).isInstanceOf(ZmtpSessionEvent.HandshakeSucceeded.class);
        assertThat(arrivals.get(1))
                .isInstanceOfSatisfying(
                        ZmtpSessionEvent.Closed.class,
                        closed -> assertThat(closed.reason().orElseThrow().ruleId())
                                .isEqualTo("ZMTP31-HB-TIMEOUT"));
        assertThat(channel.finishAndReleaseAll()).isFalse();
    }

    /** Below this many cases (a quick local run) the case mix is printed but not asserted. */
    private static final int MIX_ASSERTED_FROM = 20_000;

    private static void assertCaseMix(Stats stats) {
        if (CASES < MIX_ASSERTED_FROM) {
            System.out.println("HandshakeFuzzTest: case mix not asserted below " + MIX_ASSERTED_FROM + " cases");
            return;
        }
        int unit = CASES / 2_000; // 100 at 200,000 cases
        assertThat(stats.succeeded).as("handshakes that succeeded").isGreaterThan(CASES / 10);
        assertThat(stats.succeeded20).as("ZMTP 2.0 handshakes that succeeded").isGreaterThan(CASES / 200);
        assertThat(stats.succeeded30).as("ZMTP 3.0 handshakes that succeeded").isGreaterThan(CASES / 200);
        assertThat(stats.engineClosed).as("cases the engine closed").isGreaterThan(CASES / 3);
        assertThat(stats.openAtEnd).as("cases still open at the end").isGreaterThan(CASES / 20);
        assertThat(stats.deliveries).as("messages and subscriptions delivered").isGreaterThan(CASES / 5);
        for (String rule : REQUIRED_RULES) {
            assertThat(stats.closesByRule.getOrDefault(rule, 0))
                    .as("closes for %s", rule)
                    .isGreaterThanOrEqualTo(unit);
        }
    }

    // ------------------------------------------------------------------------------------------------ generation

    private static Case generate(int index, Random random, PeerStreamGenerator generator) {
        ZmtpSessionConfig config = config(random, generator);
        int roll = random.nextInt(100);
        PeerScript script = roll < 95 ? generator.script(config.socketType()) : null;
        Kind kind;
        byte[] input;
        if (script == null) {
            kind = Kind.RANDOM;
            input = generator.randomStream();
        } else if (roll < 15) {
            kind = Kind.VALID;
            input = script.bytes();
        } else {
            kind = Kind.MUTATED;
            input = generator.mutate(script);
        }
        long[] timeSteps = new long[0];
        if (random.nextInt(4) == 0) {
            timeSteps = new long[1 + random.nextInt(2)];
            for (int k = 0; k < timeSteps.length; k++) {
                timeSteps[k] = TIME_STEPS_MILLIS[random.nextInt(TIME_STEPS_MILLIS.length)];
            }
        }
        return new Case(index, kind, config, script, input, pieces(input.length, random), timeSteps);
    }

    private static ZmtpSessionConfig config(Random random, PeerStreamGenerator generator) {
        ZmtpSessionConfig config =
                ZmtpSessionConfig.of(TYPES[random.nextInt(TYPES.length)]).withAsServer(random.nextBoolean());
        if (random.nextInt(3) == 0) {
            config = config.withIdentity(generator.randomBytes(random.nextInt(20) == 0 ? 255 : 1 + random.nextInt(8)));
        }
        if (random.nextInt(4) == 0) {
            config = config.withHeartbeat(
                    1_000, new long[] {0, 1_500, 6_553_500}[random.nextInt(3)], random.nextBoolean() ? 0 : 2_500);
        }
        if (random.nextInt(5) == 0) {
            config = config.withMaxMessageSize(new long[] {0, 1, 16, 40, 255, 256, 1_000}[random.nextInt(7)]);
        }
        if (random.nextInt(10) == 0) {
            config = config.withHandshakeIvl(random.nextBoolean() ? 500 : 0);
        }
        if (random.nextInt(10) == 0) {
            config = config.withAcceptZmtp20(false);
        }
        return config;
    }

    /** Piece sizes: whole, one octet at a time, or random cuts of random granularity. */
    private static int[] pieces(int length, Random random) {
        if (length == 0) {
            return new int[0];
        }
        int style = random.nextInt(10);
        if (style < 2) {
            return new int[] {length};
        }
        if (style < 3 && length <= 200) {
            int[] ones = new int[length];
            Arrays.fill(ones, 1);
            return ones;
        }
        int grain = new int[] {2, 4, 12, 70, length}[random.nextInt(5)];
        int[] pieces = new int[length];
        int n = 0;
        for (int at = 0; at < length; ) {
            int piece = 1 + random.nextInt(Math.min(grain, length - at));
            pieces[n++] = piece;
            at += piece;
        }
        return Arrays.copyOf(pieces, n);
    }

    // ------------------------------------------------------------------------------------------------ one case

    private static void run(Case c, Stats stats) {
        EmbeddedChannel channel = new EmbeddedChannel();
        KeepingAllocator allocator = new KeepingAllocator();
        channel.config().setAllocator(allocator);
        SessionRecorder recorder = new SessionRecorder();
        ZmtpChannels.install(channel, c.config(), recorder);
        List<ByteBuf> fed = new ArrayList<>(c.pieces().length);
        try {
            int at = 0;
            for (int piece : c.pieces()) {
                if (!channel.isOpen()) {
                    break;
                }
                ByteBuf buf = Unpooled.wrappedBuffer(c.input(), at, piece);
                fed.add(buf);
                channel.writeInbound(buf);
                at += piece;
                stats.outboundBytes += drainOutbound(channel);
            }
            if (c.timeSteps().length > 0 && channel.isOpen()) {
                stats.timed++;
                for (long step : c.timeSteps()) {
                    if (channel.isOpen()) {
                        channel.advanceTimeBy(step, TimeUnit.MILLISECONDS);
                        channel.runScheduledPendingTasks();
                        channel.runPendingTasks();
                        stats.outboundBytes += drainOutbound(channel);
                    }
                }
            }
            boolean closedByEngine = !channel.isOpen();
            if (closedByEngine) {
                stats.engineClosed++;
            } else {
                stats.openAtEnd++;
                channel.close();
            }
            channel.runPendingTasks();
            stats.outboundBytes += drainOutbound(channel);
            check(c, stats, recorder, closedByEngine);
            channel.checkException();
        } finally {
            channel.finishAndReleaseAll();
        }
        assertAllReleased(fed, "inbound piece");
        assertAllReleased(allocator.handedOut, "buffer the engine allocated");
    }

    /** Fails if one of the buffers is still referenced, after releasing it so that one leak does not cause more. */
    private static void assertAllReleased(List<ByteBuf> buffers, String what) {
        for (int i = 0; i < buffers.size(); i++) {
            ByteBuf buf = buffers.get(i);
            int refCnt = buf.refCnt();
            if (refCnt != 0) {
                String description = buf.toString();
                buf.release(refCnt);
                throw new AssertionError(
                        what + " #" + i + " was never released (refCnt " + refCnt + "): " + description);
            }
        }
    }

    /**
     * The channel's allocator: Netty's default one (so every buffer is leak-tracked at paranoid), keeping each buffer
     * it hands out so the case can check that all of them were released, at once and with its case number, without
     * waiting for a garbage collection.
     */
    static final class KeepingAllocator extends AbstractByteBufAllocator {
        final List<ByteBuf> handedOut = new ArrayList<>();

        KeepingAllocator() {
            super(false);
        }

        @Override
        protected ByteBuf newHeapBuffer(int initialCapacity, int maxCapacity) {
            ByteBuf buf = ByteBufAllocator.DEFAULT.heapBuffer(initialCapacity, maxCapacity);
            handedOut.add(buf);
            return buf;
        }

        @Override
        protected ByteBuf newDirectBuffer(int initialCapacity, int maxCapacity) {
            ByteBuf buf = ByteBufAllocator.DEFAULT.directBuffer(initialCapacity, maxCapacity);
            handedOut.add(buf);
            return buf;
        }

        @Override
        public boolean isDirectBufferPooled() {
            return ByteBufAllocator.DEFAULT.isDirectBufferPooled();
        }
    }

    private static long drainOutbound(EmbeddedChannel channel) {
        long octets = 0;
        Object out;
        while ((out = channel.readOutbound()) != null) {
            if (!(out instanceof ByteBuf buf)) {
                io.netty.util.ReferenceCountUtil.release(out);
                throw new AssertionError("outbound object that is not a ByteBuf: " + out);
            }
            octets += buf.readableBytes();
            if (!buf.release()) {
                throw new AssertionError("outbound buffer still referenced after release: refCnt " + buf.refCnt());
            }
        }
        return octets;
    }

    private static void check(Case c, Stats stats, SessionRecorder recorder, boolean closedByEngine) {
        assertThat(recorder.exceptions())
                .as("exceptions that reached the end of the pipeline")
                .isEmpty();
        List<Object> arrivals = recorder.drain();
        Object outcome = null;
        ZmtpSessionEvent.Closed closed = null;
        int deliveries = 0;
        for (Object arrival : arrivals) {
            if (arrival instanceof ZmtpSessionEvent.HandshakeSucceeded
                    || arrival instanceof ZmtpSessionEvent.HandshakeFailed) {
                assertThat(outcome)
                        .as("a second handshake outcome %s in %s", arrival, arrivals)
                        .isNull();
                assertThat(closed)
                        .as("a handshake outcome after Closed in %s", arrivals)
                        .isNull();
                outcome = arrival;
            } else if (arrival instanceof ZmtpSessionEvent.Closed event) {
                assertThat(closed).as("a second Closed in %s", arrivals).isNull();
                assertThat(outcome)
                        .as("Closed before any handshake outcome in %s", arrivals)
                        .isNotNull();
                closed = event;
            } else if (arrival instanceof ZmtpMessage
                    || arrival instanceof ZmtpSubscription
                    || arrival instanceof ZmtpCommand.Join
                    || arrival instanceof ZmtpCommand.Leave) {
                assertThat(outcome instanceof ZmtpSessionEvent.HandshakeSucceeded && closed == null)
                        .as("%s delivered outside an established session: %s", arrival, arrivals)
                        .isTrue();
                deliveries++;
            } else {
                if (arrival instanceof ReferenceCounted counted) {
                    counted.release();
                }
                fail("unexpected arrival at the application: " + arrival);
            }
        }
        assertThat(outcome).as("handshake outcome in %s", arrivals).isNotNull();
        assertThat(closed).as("Closed in %s", arrivals).isNotNull();
        stats.deliveries += deliveries;
        if (outcome instanceof ZmtpSessionEvent.HandshakeSucceeded succeeded) {
            stats.succeeded++;
            if (succeeded.peer().version() == ZmtpVersion.ZMTP_2_0) {
                stats.succeeded20++;
            } else if (succeeded.peer().version() == ZmtpVersion.ZMTP_3_0) {
                stats.succeeded30++;
            }
        }
        Optional<ProtocolViolation> reason = closed.reason();
        if (closedByEngine) {
            assertThat(reason).as("the reason of a close the engine made").isPresent();
            String rule = reason.get().ruleId();
            assertThat(CATALOG.find(rule))
                    .as("rule %s of %s in the catalog", rule, reason.get())
                    .isPresent();
            stats.closedFor(rule);
            if (outcome instanceof ZmtpSessionEvent.HandshakeFailed failed) {
                assertThat(failed.reason()).as("HandshakeFailed reason").containsSame(reason.get());
            }
        } else {
            assertThat(reason).as("reason of a close the application made").isEmpty();
            if (outcome instanceof ZmtpSessionEvent.HandshakeFailed failed) {
                assertThat(failed.reason())
                        .as("HandshakeFailed reason after an application close")
                        .isEmpty();
            }
        }
        if (c.mustSucceed()) {
            assertThat(outcome).as("outcome of a valid script").isInstanceOf(ZmtpSessionEvent.HandshakeSucceeded.class);
            assertThat(closedByEngine)
                    .as("engine closed a valid script: %s", reason)
                    .isFalse();
            assertThat(deliveries)
                    .as("deliveries of a valid script")
                    .isEqualTo(c.script().deliveries());
        }
    }
}
