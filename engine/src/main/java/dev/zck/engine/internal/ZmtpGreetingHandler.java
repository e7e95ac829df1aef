package dev.zck.engine.internal;

import dev.zck.engine.Greeting;
import dev.zck.engine.ProtocolViolation;
import dev.zck.engine.ZmtpSessionConfig;
import dev.zck.spi.Mechanism;
import dev.zck.spi.SocketType;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.ByteToMessageDecoder;
import java.util.Arrays;
import java.util.List;

/**
 * Reads and writes the greeting (RFC 23, Version Negotiation and Backwards Interoperability), then replaces itself
 * with the frame decoder for the version agreed.
 *
 * <p>It writes the signature and the major version (11 octets) at once, reads the peer's first 11, and only then
 * writes the rest: the 3.x remainder to a 3.x peer, or the ZMTP 2.0 socket-type octet and identity frame to a 2.0
 * peer. A peer that holds back its octet 10 until it has our signature (libzmq) never waits on us. A ZMTP 1.0 peer
 * is refused with a reason; so is a 2.0 peer when the mechanism is not NULL.
 *
 * <p>Failures are passed on as a {@link ProtocolViolation} message for the session to close with; after one, all
 * input is discarded.
 */
public final class ZmtpGreetingHandler extends ByteToMessageDecoder {
    enum State {
        SIGNATURE,
        MAJOR,
        REST,
        ZMTP20_SOCKET_TYPE,
        ZMTP20_IDENTITY,
        DONE,
        FAILED
    }

    private static final int MECHANISM_OFFSET = 12;

    private final ZmtpSessionConfig config;
    private final Greeting local;
    private final byte[] received = new byte[Greeting.SIZE];
    private int count;
    private State state = State.SIGNATURE;
    private boolean openingSent;
    private SocketType zmtp20Type;

    public ZmtpGreetingHandler(ZmtpSessionConfig config) {
        this.config = config;
        this.local = new Greeting(
                3, 1, config.mechanism().id().wireName(), config.mechanism().asServerOctet(config.asServer()));
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            sendOpening(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        sendOpening(ctx);
        super.channelActive(ctx);
    }

    private void sendOpening(ChannelHandlerContext ctx) {
        if (!openingSent) {
            openingSent = true;
            ctx.writeAndFlush(Unpooled.wrappedBuffer(local.encode(), 0, Greeting.SIGNATURE_AND_MAJOR_SIZE));
        }
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        while (state != State.DONE && in.isReadable()) {
            switch (state) {
                case SIGNATURE -> {
                    if (count == 0 && in.getUnsignedByte(in.readerIndex()) != 0xff) {
                        fail(
                                in,
                                out,
                                "VER-DOWNGRADE-OR-CLOSE",
                                String.format(
                                        "first octet 0x%02x is not ff: a ZMTP 1.0 peer, which the engine does not speak",
                                        in.getUnsignedByte(in.readerIndex())));
                        return;
                    }
                    if (!fill(in, Greeting.SIGNATURE_SIZE)) {
                        return;
                    }
                    if ((received[9] & 0x01) == 0) {
                        fail(
                                in,
                                out,
                                "VER-DOWNGRADE-OR-CLOSE",
                                String.format(
                                        "octet 9 is 0x%02x (low bit clear): a ZMTP 1.0 peer with a long identity,"
                                                + " which the engine does not speak",
                                        received[9]));
                        return;
                    }
                    state = State.MAJOR;
                }
                case MAJOR -> {
                    fill(in, Greeting.SIGNATURE_AND_MAJOR_SIZE);
                    if (!onMajor(ctx, in, out, received[10] & 0xff)) {
                        return;
                    }
                }
                case REST -> {
                    if (!fill(in, Greeting.SIZE)) {
                        return;
                    }
                    byte[] ours = config.mechanism().id().field();
                    byte[] theirs = Arrays.copyOfRange(received, MECHANISM_OFFSET, MECHANISM_OFFSET + ours.length);
                    if (!Arrays.equals(ours, theirs)) {
                        fail(
                                in,
                                out,
                                "ZMTP3-GREET-MECHANISM-MISMATCH",
                                "peer's mechanism is '" + printable(theirs) + "', ours is "
                                        + config.mechanism().id().wireName());
                        return;
                    }
                    try {
                        done(ctx, GreetingDone.zmtp3(Greeting.decode(received)));
                    } catch (ProtocolViolation violation) {
                        fail(in, out, violation);
                    }
                }
                case ZMTP20_SOCKET_TYPE -> {
                    int code = in.readUnsignedByte();
                    zmtp20Type = zmtp20Type(code);
                    if (zmtp20Type == null) {
                        fail(in, out, "VER-DETECT-2.0", "ZMTP 2.0 socket type " + code + " is not one of RFC 15's");
                        return;
                    }
                    state = State.ZMTP20_IDENTITY;
                }
                case ZMTP20_IDENTITY -> {
                    if (in.readableBytes() < 2) {
                        return;
                    }
                    int flags = in.getUnsignedByte(in.readerIndex());
                    if (flags != 0) {
                        fail(
                                in,
                                out,
                                "VER-DETECT-2.0",
                                String.format("ZMTP 2.0 identity frame has flags 0x%02x, expected 00", flags));
                        return;
                    }
                    int length = in.getUnsignedByte(in.readerIndex() + 1);
                    if (in.readableBytes() < 2 + length) {
                        return;
                    }
                    in.skipBytes(2);
                    byte[] identity = new byte[length];
                    in.readBytes(identity);
                    done(ctx, GreetingDone.zmtp20(zmtp20Type, identity));
                }
                case DONE -> {
                    return;
                }
                case FAILED -> {
                    in.skipBytes(in.readableBytes());
                    return;
                }
            }
        }
    }

    /** Acts on the peer's octet 10; false when the connection is refused. */
    private boolean onMajor(ChannelHandlerContext ctx, ByteBuf in, List<Object> out, int major) {
        if (major >= 3) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(
                    local.encode(),
                    Greeting.SIGNATURE_AND_MAJOR_SIZE,
                    Greeting.SIZE - Greeting.SIGNATURE_AND_MAJOR_SIZE));
            state = State.REST;
            return true;
        }
        if (major == 0) {
            fail(
                    in,
                    out,
                    "VER-DOWNGRADE-OR-CLOSE",
                    "version octet 00 (1.0 framing after a versioned signature) is not spoken by the engine");
            return false;
        }
        if (config.mechanism().id() != Mechanism.NULL) {
            fail(
                    in,
                    out,
                    "VER-SEC-NO-DOWNGRADE",
                    "ZMTP 2.0 peer refused: the " + config.mechanism().id().wireName()
                            + " mechanism cannot be spoken in 2.0");
            return false;
        }
        if (!config.acceptZmtp20() || config.socketType().isDraft()) {
            fail(
                    in,
                    out,
                    "VER-DOWNGRADE-OR-CLOSE",
                    "ZMTP 2.0 peer refused: "
                            + (config.acceptZmtp20()
                                    ? config.socketType() + " does not exist in ZMTP 2.0"
                                    : "ZMTP 2.0 is switched off"));
            return false;
        }
        byte[] identity = config.identity();
        ByteBuf opening = ctx.alloc().buffer(3 + identity.length);
        opening.writeByte(zmtp20Code(config.socketType()));
        opening.writeByte(0);
        opening.writeByte(identity.length);
        opening.writeBytes(identity);
        ctx.writeAndFlush(opening);
        state = State.ZMTP20_SOCKET_TYPE;
        return true;
    }

    /** The RFC 15 socket-type octet: XPUB and XSUB present themselves as PUB and SUB (ZMTP2-GREETING). */
    private static int zmtp20Code(SocketType type) {
        return switch (type) {
            case XPUB -> SocketType.PUB.code();
            case XSUB -> SocketType.SUB.code();
            default -> type.code();
        };
    }

    private static SocketType zmtp20Type(int code) {
        for (SocketType type : SocketType.values()) {
            if (type.code() == code && !type.isDraft()) {
                return type;
            }
        }
        return null;
    }

    /** Copies greeting octets until {@code target} are held; true when they are. */
    private boolean fill(ByteBuf in, int target) {
        int n = Math.min(target - count, in.readableBytes());
        if (n > 0) {
            in.readBytes(received, count, n);
            count += n;
        }
        return count >= target;
    }

    private void done(ChannelHandlerContext ctx, GreetingDone greeting) {
        state = State.DONE;
        ctx.pipeline()
                .addAfter(
                        ctx.name(),
                        ZmtpPipeline.FRAME_DECODER,
                        new ZmtpFrameDecoder(config.maxMessageSize(), greeting.isZmtp20()));
        ctx.fireUserEventTriggered(greeting);
        ctx.pipeline().remove(this);
    }

    private void fail(ByteBuf in, List<Object> out, String rule, String reason) {
        fail(in, out, new ProtocolViolation(rule, reason));
    }

    private void fail(ByteBuf in, List<Object> out, ProtocolViolation violation) {
        state = State.FAILED;
        in.skipBytes(in.readableBytes());
        out.add(violation);
    }

    @Override
    protected void decodeLast(ChannelHandlerContext ctx, ByteBuf in, List<Object> out) {
        // A connection that ends mid-greeting delivers nothing more; the session reports the close.
        in.skipBytes(in.readableBytes());
    }

    private static String printable(byte[] field) {
        StringBuilder out = new StringBuilder();
        for (byte b : field) {
            if (b == 0) {
                continue;
            }
            out.append(b >= 0x20 && b < 0x7f ? String.valueOf((char) b) : String.format("\\x%02x", b));
        }
        return out.toString();
    }
}
