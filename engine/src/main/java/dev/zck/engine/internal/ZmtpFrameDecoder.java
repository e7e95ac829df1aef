package dev.zck.engine.internal;

import dev.zck.engine.ProtocolViolation;
import dev.zck.engine.ZmtpFrame;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.List;

/**
 * Decodes ZMTP 3.x frames (RFC 23, Framing) with an explicit state machine. Every size is checked against the limit
 * before anything is kept for the body, and the body is only copied once all of it has arrived, so a forged size
 * field (up to 2^63-1) costs nothing but the octets the peer really sent.
 *
 * <p>A violation is not thrown: it is passed on as a {@link ProtocolViolation} message naming the rule, and every
 * later octet is discarded, so the connection handler can close with that reason.
 */
public final class ZmtpFrameDecoder extends ByteToMessageDecoder {
    /** The largest body a Java array can hold; used when no MAXMSGSIZE is set. */
    public static final long ENGINE_LIMIT = Integer.MAX_VALUE - 8;

    enum State {
        FLAGS,
        SHORT_SIZE,
        LONG_SIZE,
        BODY,
        FAILED
    }

    private final long maxFrameSize;
    private final boolean zmtp20;
    private State state = State.FLAGS;
    private int flags;
    private long size;

    /** @param maxMessageSize MAXMSGSIZE: the largest frame body accepted, or -1 for no limit but the engine's */
    public ZmtpFrameDecoder(long maxMessageSize) {
        this(maxMessageSize, false);
    }

    /**
     * @param maxMessageSize MAXMSGSIZE, or -1
     * @param zmtp20 decode ZMTP 2.0 frames (RFC 15), which have no COMMAND flag: bit 2 is then reserved too
     */
    public ZmtpFrameDecoder(long maxMessageSize, boolean zmtp20) {
        this.maxFrameSize = maxMessageSize < 0 ? ENGINE_LIMIT : Math.min(maxMessageSize, ENGINE_LIMIT);
        this.zmtp20 = zmtp20;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (true) {
            switch (state) {
                case FLAGS -> {
                    if (!in.isReadable()) {
                        return;
                    }
                    flags = in.readUnsignedByte();
                    if (zmtp20 && (flags & (ZmtpFrame.RESERVED | ZmtpFrame.COMMAND)) != 0) {
                        fail(
                                in,
                                out,
                                "ZMTP2-FRAMING",
                                String.format(
                                        "ZMTP 2.0 frame with flags 0x%02x: only MORE and LONG exist in 2.0", flags));
                        return;
                    }
                    if ((flags & ZmtpFrame.RESERVED) != 0) {
                        fail(
                                in,
                                out,
                                "ZMTP3-FRAME-RESERVED-BITS",
                                String.format("flags 0x%02x have reserved bits", flags));
                        return;
                    }
                    if ((flags & ZmtpFrame.COMMAND) != 0 && (flags & ZmtpFrame.MORE) != 0) {
                        fail(
                                in,
                                out,
                                "ZMTP3-FRAME-CMD-NO-MORE",
                                String.format("command frame with MORE, flags 0x%02x", flags));
                        return;
                    }
                    state = (flags & ZmtpFrame.LONG) != 0 ? State.LONG_SIZE : State.SHORT_SIZE;
                }
                case SHORT_SIZE -> {
                    if (!in.isReadable()) {
                        return;
                    }
                    size = in.readUnsignedByte();
                    if (!checkSize(in, out)) {
                        return;
                    }
                    state = State.BODY;
                }
                case LONG_SIZE -> {
                    if (in.readableBytes() < 8) {
                        return;
                    }
                    size = in.readLong();
                    if (!checkSize(in, out)) {
                        return;
                    }
                    state = State.BODY;
                }
                case BODY -> {
                    if (in.readableBytes() < size) {
                        return;
                    }
                    byte[] body = new byte[(int) size];
                    in.readBytes(body);
                    boolean command = (flags & ZmtpFrame.COMMAND) != 0;
                    out.add(new ZmtpFrame(!command && (flags & ZmtpFrame.MORE) != 0, command, body));
                    state = State.FLAGS;
                }
                case FAILED -> {
                    in.skipBytes(in.readableBytes());
                    return;
                }
            }
        }
    }

    private boolean checkSize(ByteBuf in, List<Object> out) {
        if (size < 0) {
            fail(
                    in,
                    out,
                    "ZMTP3-FRAME-LONG-FOR-LARGE",
                    "frame size " + Long.toUnsignedString(size) + " is above 2^63-1");
            return false;
        }
        if (size > maxFrameSize) {
            fail(
                    in,
                    out,
                    "ZMTP3-MAXMSGSIZE-PER-FRAME",
                    "frame of " + size + " octets is above the limit of " + maxFrameSize);
            return false;
        }
        return true;
    }

    private void fail(ByteBuf in, List<Object> out, String rule, String reason) {
        state = State.FAILED;
        in.skipBytes(in.readableBytes());
        out.add(new ProtocolViolation(rule, reason));
    }
}
