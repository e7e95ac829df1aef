package dev.zck.engine.internal;

import static dev.zck.engine.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.engine.ProtocolViolation;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Every malformed frame ends in a violation naming its rule, emitted at once and without allocating the body. */
class FrameDecoderViolationTest {

    @Test
    void reservedBitsAreRefused() {
        // ZMTP3-FRAME-RESERVED-BITS
        assertViolation(bytes("08 01 41"), -1, "ZMTP3-FRAME-RESERVED-BITS");
        assertViolation(bytes("80 00"), -1, "ZMTP3-FRAME-RESERVED-BITS");
    }

    @Test
    void commandWithMoreIsRefused() {
        // ZMTP3-FRAME-CMD-NO-MORE
        assertViolation(bytes("05 05 'READY'"), -1, "ZMTP3-FRAME-CMD-NO-MORE");
    }

    @Test
    void hugeSizeIsRefusedFromTheHeaderAloneWithoutAllocating() {
        // A size of 2^63-1 with no body: the violation must come from the 9 header octets alone.
        assertViolation(bytes("02 7f ff ff ff ff ff ff ff"), -1, "ZMTP3-MAXMSGSIZE-PER-FRAME");
        // Top bit set: not a valid size at all.
        assertViolation(bytes("02 80 00 00 00 00 00 00 00"), -1, "ZMTP3-FRAME-LONG-FOR-LARGE");
    }

    @Test
    void maxMessageSizeIsCheckedPerFrame() {
        // ZMTP3-MAXMSGSIZE-PER-FRAME: limit 10; 10-octet frames pass, an 11-octet frame is refused.
        EmbeddedChannel channel = new EmbeddedChannel(new ZmtpFrameDecoder(10));
        channel.writeInbound(Unpooled.wrappedBuffer(bytes("01 0a 'aaaaaaaaaa' 00 0a 'bbbbbbbbbb'")));
        assertThat(channel.inboundMessages()).hasSize(2);
        channel.writeInbound(Unpooled.wrappedBuffer(bytes("00 0b")));
        List<Object> all = List.copyOf(channel.inboundMessages());
        assertThat(all.get(2))
                .isInstanceOfSatisfying(
                        ProtocolViolation.class, v -> assertThat(v.ruleId()).isEqualTo("ZMTP3-MAXMSGSIZE-PER-FRAME"));
        channel.finishAndReleaseAll();
    }

    @Test
    void inputAfterAViolationIsDiscarded() {
        EmbeddedChannel channel = new EmbeddedChannel(new ZmtpFrameDecoder(-1));
        channel.writeInbound(Unpooled.wrappedBuffer(bytes("08 00")));
        channel.writeInbound(Unpooled.wrappedBuffer(bytes("00 01 41")));
        assertThat(channel.inboundMessages()).hasSize(1).first().isInstanceOf(ProtocolViolation.class);
        channel.finishAndReleaseAll();
    }

    private static void assertViolation(byte[] input, long max, String rule) {
        List<Object> out = FrameCodecGoldenTest.decode(List.of(input), max);
        assertThat(out).hasSize(1);
        assertThat(out.get(0))
                .isInstanceOfSatisfying(
                        ProtocolViolation.class, v -> assertThat(v.ruleId()).isEqualTo(rule));
    }
}
