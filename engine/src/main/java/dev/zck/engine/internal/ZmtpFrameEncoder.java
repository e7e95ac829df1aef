package dev.zck.engine.internal;

import dev.zck.engine.ZmtpFrame;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToByteEncoder;

/** Writes ZMTP 3.x frames: short form up to 255 octets, long form above (RFC 23, Framing). Stateless and shared. */
@ChannelHandler.Sharable
public final class ZmtpFrameEncoder extends MessageToByteEncoder<ZmtpFrame> {
    public static final ZmtpFrameEncoder INSTANCE = new ZmtpFrameEncoder();

    private ZmtpFrameEncoder() {
        super(ZmtpFrame.class);
    }

    @Override
    protected void encode(ChannelHandlerContext ctx, ZmtpFrame frame, ByteBuf out) {
        encode(frame, out);
    }

    @Override
    protected ByteBuf allocateBuffer(ChannelHandlerContext ctx, ZmtpFrame frame, boolean preferDirect) {
        return preferDirect
                ? ctx.alloc().ioBuffer(frame.encodedSize())
                : ctx.alloc().heapBuffer(frame.encodedSize());
    }

    /** Octets a message frame of {@code length} takes on the wire. */
    public static int encodedSize(int length) {
        return 1 + (length > ZmtpFrame.MAX_SHORT ? 8 : 1) + length;
    }

    /** Appends a message frame without building a {@link ZmtpFrame}: the fast path for whole messages. */
    public static void encodeMessageFrame(boolean more, byte[] body, ByteBuf out) {
        int flags = more ? ZmtpFrame.MORE : 0;
        if (body.length > ZmtpFrame.MAX_SHORT) {
            out.writeByte(flags | ZmtpFrame.LONG);
            out.writeLong(body.length);
        } else {
            out.writeByte(flags);
            out.writeByte(body.length);
        }
        out.writeBytes(body);
    }

    /** Appends the frame's octets to {@code out}. */
    public static void encode(ZmtpFrame frame, ByteBuf out) {
        byte[] body = frame.body();
        out.writeByte(frame.flags());
        if (body.length > ZmtpFrame.MAX_SHORT) {
            out.writeLong(body.length);
        } else {
            out.writeByte(body.length);
        }
        out.writeBytes(body);
    }
}
