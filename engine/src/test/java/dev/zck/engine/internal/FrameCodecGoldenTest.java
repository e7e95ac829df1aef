package dev.zck.engine.internal;

import static dev.zck.engine.Hex.bytes;
import static dev.zck.engine.Hex.concat;
import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.engine.Fragmentations;
import dev.zck.engine.Hex;
import dev.zck.engine.Metadata;
import dev.zck.engine.ProtocolViolation;
import dev.zck.engine.ZmtpCommand;
import dev.zck.engine.ZmtpCommands;
import dev.zck.engine.ZmtpFrame;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Golden vectors from the RFC 23/37 worked examples and libzmq's wire bytes (tests/testutil.hpp,
 * tests/test_heartbeats.cpp, tests/test_mock_pub_sub.cpp): each encodes to exactly these octets and decodes to the
 * same frames however the input is fragmented. Rules: ZMTP3-FRAME-SIZE-EXCLUDES-HEADER, ZMTP3-FRAME-MORE,
 * ZMTP3-FRAME-LONG-FOR-LARGE, ZMTP3-FRAME-LONG-SMALL-ACCEPTED, ZMTP3-CMD-NAME-GRAMMAR, ZMTP3-META-PROPERTY-GRAMMAR,
 * ZMTP31-PING-GRAMMAR, ZMTP31-PONG-ECHO, ZMTP31-SUB-COMMAND-FORM, ZMTP3-SUB-MESSAGE-FORM, ZMTP3-ERROR-GRAMMAR.
 */
class FrameCodecGoldenTest {
    static final byte[] DEALER_READY =
            bytes("04 29 05 52 45 41 44 59 0b 53 6f 63 6b 65 74 2d 54 79 70 65 00 00 00 06 44"
                    + " 45 41 4c 45 52 08 49 64 65 6e 74 69 74 79 00 00 00 00");
    static final byte[] ROUTER_READY_RFC = bytes("04 1c 05 'READY' 0b 'Socket-Type' 00 00 00 06 'ROUTER'");
    static final byte[] SUB_READY = bytes("04 19 05 'READY' 0b 'Socket-Type' 00 00 00 03 'SUB'");
    static final byte[] XPUB_READY = bytes("04 1a 05 'READY' 0b 'Socket-Type' 00 00 00 04 'XPUB'");
    static final byte[] PING_LOL = bytes("04 0a 04 50 49 4e 47 00 00 4c 4f 4c");
    static final byte[] PONG_LOL = bytes("04 08 04 50 4f 4e 47 4c 4f 4c");
    static final byte[] LIBZMQ_PING_TTL_15 = bytes("04 07 04 'PING' 00 0f");
    static final byte[] SUBSCRIBE_A = bytes("04 0b 09 53 55 42 53 43 52 49 42 45 41");
    static final byte[] CANCEL_A = bytes("04 08 06 43 41 4e 43 45 4c 41");
    static final byte[] ERROR_400 = bytes("04 0a 05 45 52 52 4f 52 03 34 30 30");
    static final byte[] JOIN_G = bytes("04 06 04 4a 4f 49 4e 67");
    static final byte[] LEAVE_G = bytes("04 07 05 4c 45 41 56 45 67");

    @Test
    void readyVectorsEncodeAndDecodeExactly() throws Exception {
        Metadata dealer = Metadata.empty().with("Socket-Type", "DEALER").with("Identity", new byte[0]);
        assertCommand(DEALER_READY, new ZmtpCommand.Ready(dealer));
        assertCommand(ROUTER_READY_RFC, new ZmtpCommand.Ready(Metadata.empty().with("Socket-Type", "ROUTER")));
        assertCommand(SUB_READY, new ZmtpCommand.Ready(Metadata.empty().with("Socket-Type", "SUB")));
        assertCommand(XPUB_READY, new ZmtpCommand.Ready(Metadata.empty().with("Socket-Type", "XPUB")));
        assertThat(DEALER_READY).hasSize(43);
        assertThat(SUB_READY).hasSize(27);
    }

    @Test
    void heartbeatSubscriptionErrorAndGroupVectors() throws Exception {
        assertCommand(PING_LOL, new ZmtpCommand.Ping(0, "LOL".getBytes(StandardCharsets.US_ASCII)));
        assertCommand(PONG_LOL, new ZmtpCommand.Pong("LOL".getBytes(StandardCharsets.US_ASCII)));
        assertCommand(LIBZMQ_PING_TTL_15, new ZmtpCommand.Ping(15, new byte[0]));
        assertCommand(SUBSCRIBE_A, new ZmtpCommand.Subscribe(new byte[] {'A'}));
        assertCommand(CANCEL_A, new ZmtpCommand.Cancel(new byte[] {'A'}));
        assertCommand(ERROR_400, new ZmtpCommand.Error("400"));
        assertCommand(JOIN_G, new ZmtpCommand.Join(new byte[] {'g'}));
        assertCommand(LEAVE_G, new ZmtpCommand.Leave(new byte[] {'g'}));
    }

    @Test
    void messageFrameVectors() {
        // ZMTP3-FRAME-MORE: [A, B, C]
        assertFrames(bytes("01 01 41 01 01 42 00 01 43"), List.of(msg(true, "A"), msg(true, "B"), msg(false, "C")));
        // ZMTP3-FRAME-SIZE-EXCLUDES-HEADER: the empty message
        assertFrames(bytes("00 00"), List.of(msg(false, "")));
        // ZMTP 3.0 subscription as a message: 01 + topic
        assertFrames(bytes("00 02 01 41"), List.of(ZmtpFrame.message(false, new byte[] {1, 'A'})));
        // ZMTP3-FRAME-LONG-FOR-LARGE: 255 octets short, 256 long
        byte[] b255 = filled(255);
        byte[] b256 = filled(256);
        assertFrames(concat(bytes("00 ff"), b255), List.of(ZmtpFrame.message(false, b255)));
        assertFrames(concat(bytes("02 00 00 00 00 00 00 01 00"), b256), List.of(ZmtpFrame.message(false, b256)));
    }

    @Test
    void longFormIsAcceptedForSmallBodies() {
        // ZMTP3-FRAME-LONG-SMALL-ACCEPTED: decode only; the encoder always picks the short form.
        List<Object> frames = decodeEveryWay(bytes("03 00 00 00 00 00 00 00 01 41 02 00 00 00 00 00 00 00 00"));
        assertThat(frames).containsExactly(msg(true, "A"), msg(false, ""));
        frames = decodeEveryWay(concat(bytes("06 00 00 00 00 00 00 00 19"), Arrays.copyOfRange(SUB_READY, 2, 27)));
        assertThat(frames).containsExactly(ZmtpFrame.command(Arrays.copyOfRange(SUB_READY, 2, 27)));
    }

    private static void assertCommand(byte[] wire, ZmtpCommand command) throws ProtocolViolation {
        byte[] body = Arrays.copyOfRange(wire, 2, wire.length);
        assertThat(Hex.of(encode(ZmtpFrame.command(ZmtpCommands.encode(command)))))
                .as("encoding of %s", command.name())
                .isEqualTo(Hex.of(wire));
        List<Object> frames = decodeEveryWay(wire);
        assertThat(frames).containsExactly(ZmtpFrame.command(body));
        ZmtpCommand decoded = ZmtpCommands.decode(body);
        assertThat(decoded.name()).isEqualTo(command.name());
        assertThat(Hex.of(ZmtpCommands.encode(decoded))).isEqualTo(Hex.of(body));
    }

    private static void assertFrames(byte[] wire, List<ZmtpFrame> frames) {
        byte[] encoded = new byte[0];
        for (ZmtpFrame frame : frames) {
            encoded = concat(encoded, encode(frame));
        }
        assertThat(Hex.of(encoded)).isEqualTo(Hex.of(wire));
        assertThat(decodeEveryWay(wire)).containsExactlyElementsOf(frames);
    }

    /** Decodes every fragmentation of {@code wire}; all must give the same frames. Returns them. */
    static List<Object> decodeEveryWay(byte[] wire) {
        List<Object> first = null;
        for (List<byte[]> pieces : Fragmentations.of(wire)) {
            List<Object> frames = decode(pieces, -1);
            if (first == null) {
                first = frames;
            } else {
                assertThat(frames)
                        .as("fragmentation into %d pieces", pieces.size())
                        .isEqualTo(first);
            }
        }
        return first;
    }

    static List<Object> decode(List<byte[]> pieces, long maxMessageSize) {
        EmbeddedChannel channel = new EmbeddedChannel(new ZmtpFrameDecoder(maxMessageSize));
        for (byte[] piece : pieces) {
            channel.writeInbound(Unpooled.wrappedBuffer(piece));
        }
        List<Object> out = new ArrayList<>();
        Object message;
        while ((message = channel.readInbound()) != null) {
            out.add(message);
        }
        channel.finishAndReleaseAll();
        return out;
    }

    static byte[] encode(ZmtpFrame frame) {
        ByteBuf buf = Unpooled.buffer();
        try {
            ZmtpFrameEncoder.encode(frame, buf);
            byte[] out = new byte[buf.readableBytes()];
            buf.readBytes(out);
            return out;
        } finally {
            buf.release();
        }
    }

    private static ZmtpFrame msg(boolean more, String body) {
        return ZmtpFrame.message(more, body.getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] filled(int n) {
        byte[] out = new byte[n];
        Arrays.fill(out, (byte) 'x');
        return out;
    }
}
