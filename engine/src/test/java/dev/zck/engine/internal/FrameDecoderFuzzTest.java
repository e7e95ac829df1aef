package dev.zck.engine.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.zck.engine.Greeting;
import dev.zck.engine.NoLeaks;
import dev.zck.engine.ProtocolViolation;
import dev.zck.engine.ZmtpCommands;
import dev.zck.engine.ZmtpFrame;
import dev.zck.spi.Mechanism;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Generator-driven robustness: mutated and random frames, commands and greetings go through the frame decoder, the
 * command parser and the greeting parser. Nothing may throw anything but a {@link ProtocolViolation} naming a rule,
 * and no buffer may leak (the build runs with paranoid leak detection). One seed drives everything; a failure
 * prints it and the input. Rules: ZMTP3-FRAME-RESERVED-BITS, ZMTP3-FRAME-CMD-NO-MORE, ZMTP3-MAXMSGSIZE-PER-FRAME,
 * ZMTP3-CMD-NAME-GRAMMAR, ZMTP3-META-PROPERTY-GRAMMAR, ZMTP3-GREET-SIGNATURE.
 */
@ExtendWith(NoLeaks.class)
class FrameDecoderFuzzTest {
    static final long SEED = Long.getLong("zck.fuzz.seed", 0x5eed_2026L);
    static final int CASES = Integer.getInteger("zck.fuzz.cases", 200_000);

    private static final byte[][] SEEDS = {
        FrameCodecGoldenTest.DEALER_READY,
        FrameCodecGoldenTest.ROUTER_READY_RFC,
        FrameCodecGoldenTest.PING_LOL,
        FrameCodecGoldenTest.PONG_LOL,
        FrameCodecGoldenTest.SUBSCRIBE_A,
        FrameCodecGoldenTest.CANCEL_A,
        FrameCodecGoldenTest.ERROR_400,
        FrameCodecGoldenTest.JOIN_G,
        dev.zck.engine.Hex.bytes("01 01 41 01 01 42 00 01 43"),
        dev.zck.engine.Hex.bytes("02 00 00 00 00 00 00 00 05 'hello'"),
        Greeting.of(Mechanism.NULL, false).encode()
    };

    @Test
    void mutatedInputsEndInARuleNamingViolationOrValidFrames() {
        Random random = new Random(SEED);
        int violations = 0;
        int frames = 0;
        for (int i = 0; i < CASES; i++) {
            byte[] input = generate(random);
            try {
                int[] counts = feed(input, random);
                frames += counts[0];
                violations += counts[1];
            } catch (Throwable t) {
                fail("seed " + SEED + " case " + i + " input " + dev.zck.engine.Hex.of(input) + " threw " + t, t);
            }
        }
        // The generator must reach both outcomes, or it is not testing anything.
        assertThat(violations).as("violations seen").isGreaterThan(CASES / 20);
        assertThat(frames).as("valid frames seen").isGreaterThan(CASES / 20);
    }

    private static int[] feed(byte[] input, Random random) {
        EmbeddedChannel channel = new EmbeddedChannel(new ZmtpFrameDecoder(random.nextBoolean() ? -1 : 64));
        int at = 0;
        while (at < input.length) {
            int piece = 1 + random.nextInt(Math.max(1, input.length - at));
            channel.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(input, at, at + piece)));
            at += piece;
        }
        int frames = 0;
        int violations = 0;
        Object out;
        while ((out = channel.readInbound()) != null) {
            if (out instanceof ProtocolViolation v) {
                assertThat(v.ruleId()).matches("^[A-Z][A-Z0-9]*(-[A-Z0-9.]+)+$");
                violations++;
            } else {
                ZmtpFrame frame = (ZmtpFrame) out;
                frames++;
                if (frame.command()) {
                    try {
                        ZmtpCommands.decode(frame.body());
                    } catch (ProtocolViolation v) {
                        violations++;
                    }
                }
            }
        }
        if (input.length >= Greeting.SIZE) {
            try {
                Greeting.decode(Arrays.copyOf(input, Greeting.SIZE));
            } catch (ProtocolViolation v) {
                violations++;
            }
        }
        channel.finishAndReleaseAll();
        return new int[] {frames, violations};
    }

    private static byte[] generate(Random random) {
        byte[] base = SEEDS[random.nextInt(SEEDS.length)].clone();
        switch (random.nextInt(6)) {
            case 0 -> { // flip bits
                for (int k = 0, n = 1 + random.nextInt(4); k < n; k++) {
                    base[random.nextInt(base.length)] ^= (byte) (1 << random.nextInt(8));
                }
                return base;
            }
            case 1 -> { // random octets
                base[random.nextInt(base.length)] = (byte) random.nextInt(256);
                return base;
            }
            case 2 -> { // truncate
                return Arrays.copyOf(base, random.nextInt(base.length + 1));
            }
            case 3 -> { // forge a size field
                byte[] forged = Arrays.copyOf(base, base.length + 9);
                forged[0] = (byte) (random.nextBoolean() ? 0x06 : 0x02);
                long size = random.nextBoolean() ? random.nextLong() : random.nextInt(1 << 20);
                for (int k = 0; k < 8; k++) {
                    forged[1 + k] = (byte) (size >>> (56 - 8 * k));
                }
                return forged;
            }
            case 4 -> { // pure noise
                byte[] noise = new byte[random.nextInt(80)];
                random.nextBytes(noise);
                return noise;
            }
            default -> { // unchanged seed, possibly twice
                return random.nextBoolean() ? base : dev.zck.engine.Hex.concat(base, base);
            }
        }
    }
}
