package dev.zck.engine.internal;

import dev.zck.engine.MechanismContext;
import dev.zck.engine.MechanismHandshake;
import dev.zck.engine.Metadata;
import dev.zck.engine.PeerInfo;
import dev.zck.engine.ProtocolViolation;
import dev.zck.engine.ZmtpCommand;
import dev.zck.engine.ZmtpCommands;
import dev.zck.engine.ZmtpFrame;
import dev.zck.engine.ZmtpMessage;
import dev.zck.engine.ZmtpSessionConfig;
import dev.zck.engine.ZmtpSessionEvent;
import dev.zck.engine.ZmtpSubscription;
import dev.zck.engine.ZmtpVersion;
import dev.zck.spi.SocketType;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One ZMTP connection after the greeting: runs the mechanism's handshake, checks the peer's socket type, then
 * assembles whole messages, answers PINGs, sends heartbeats and translates subscriptions for the peer's version.
 *
 * <p>Inbound it passes on {@link ZmtpMessage}, {@link ZmtpSubscription} and JOIN/LEAVE {@link ZmtpCommand}s, and
 * reports {@link ZmtpSessionEvent}s as user events. Outbound it takes {@link ZmtpMessage} (written, not flushed),
 * {@link ZmtpSubscription} and {@link ZmtpCommand}. Every timer is scheduled on the channel's event loop; nothing
 * here reads a clock or blocks.
 */
public final class ZmtpSessionHandler extends ChannelDuplexHandler {
    enum State {
        GREETING,
        HANDSHAKE,
        ACTIVE,
        CLOSED
    }

    private final ZmtpSessionConfig config;
    private ChannelHandlerContext ctx;
    private State state = State.GREETING;
    private ZmtpVersion version;
    private boolean peerAsServer;
    private MechanismHandshake mechanism;
    private boolean outcomeReported;
    private boolean closedReported;
    private ProtocolViolation closeReason;
    private final List<byte[]> partial = new ArrayList<>();
    private ScheduledFuture<?> handshakeTimer;
    private ScheduledFuture<?> heartbeatTimer;
    private ScheduledFuture<?> heartbeatTimeoutTimer;
    private ScheduledFuture<?> ttlTimer;

    public ZmtpSessionHandler(ZmtpSessionConfig config) {
        this.config = config;
    }

    // ---------------------------------------------------------------- lifecycle

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (ctx.channel().isActive()) {
            armHandshakeTimer();
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        armHandshakeTimer();
        ctx.fireChannelActive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        cancelTimers();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        cancelTimers();
        partial.clear();
        state = State.CLOSED;
        if (!outcomeReported) {
            outcomeReported = true;
            ctx.fireUserEventTriggered(new ZmtpSessionEvent.HandshakeFailed(Optional.ofNullable(closeReason)));
        }
        if (!closedReported) {
            closedReported = true;
            ctx.fireUserEventTriggered(new ZmtpSessionEvent.Closed(Optional.ofNullable(closeReason)));
        }
        ctx.fireChannelInactive();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof IOException) {
            // The peer reset or broke the connection: an ordinary close, reported by channelInactive.
            ctx.close();
            return;
        }
        ctx.fireExceptionCaught(cause);
        ctx.close();
    }

    private void armHandshakeTimer() {
        if (handshakeTimer == null && state != State.CLOSED && config.handshakeIvlMillis() > 0) {
            handshakeTimer = ctx.executor()
                    .schedule(
                            () -> fail(new ProtocolViolation(
                                    "ZMTP3-HANDSHAKE-TIMEOUT",
                                    "handshake not complete after " + config.handshakeIvlMillis() + " ms")),
                            config.handshakeIvlMillis(),
                            TimeUnit.MILLISECONDS);
        }
    }

    private void cancelTimers() {
        handshakeTimer = cancel(handshakeTimer);
        heartbeatTimer = cancel(heartbeatTimer);
        heartbeatTimeoutTimer = cancel(heartbeatTimeoutTimer);
        ttlTimer = cancel(ttlTimer);
    }

    private static ScheduledFuture<?> cancel(ScheduledFuture<?> timer) {
        if (timer != null) {
            timer.cancel(false);
        }
        return null;
    }

    // ---------------------------------------------------------------- inbound

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) {
        if (event instanceof GreetingDone greeting) {
            onGreeting(greeting);
        } else {
            ctx.fireUserEventTriggered(event);
        }
    }

    private void onGreeting(GreetingDone greeting) {
        if (state != State.GREETING) {
            return;
        }
        if (greeting.isZmtp20()) {
            version = ZmtpVersion.ZMTP_2_0;
            Metadata metadata = Metadata.empty()
                    .with(Metadata.SOCKET_TYPE, greeting.zmtp20Type().zmtpName())
                    .with(Metadata.IDENTITY, greeting.zmtp20Identity());
            established(metadata);
            return;
        }
        version = greeting.greeting().version();
        peerAsServer = greeting.greeting().asServer();
        state = State.HANDSHAKE;
        mechanism = config.mechanism().start(new Context());
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ProtocolViolation violation) {
            fail(violation);
        } else if (msg instanceof ZmtpFrame frame) {
            try {
                onFrame(frame);
            } catch (ProtocolViolation violation) {
                fail(violation);
            }
        } else if (state == State.CLOSED) {
            ReferenceCountUtil.release(msg);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    private void onFrame(ZmtpFrame frame) throws ProtocolViolation {
        switch (state) {
            case HANDSHAKE -> {
                if (frame.command()) {
                    mechanism.onCommand(ZmtpCommands.decode(frame.body()));
                } else {
                    mechanism.onMessageFrame(frame);
                }
            }
            case ACTIVE -> {
                onTraffic();
                ZmtpFrame plain = mechanism == null ? frame : mechanism.unwrap(frame);
                if (plain.command()) {
                    onCommand(ZmtpCommands.decode(plain.body()));
                } else {
                    onMessageFrame(plain);
                }
            }
            default -> {
                // GREETING cannot see frames; CLOSED discards them.
            }
        }
    }

    private void onCommand(ZmtpCommand command) throws ProtocolViolation {
        if (command instanceof ZmtpCommand.Ping ping) {
            byte[] context = ping.context();
            if (context.length > ZmtpCommands.MAX_PING_CONTEXT) {
                context = Arrays.copyOf(context, ZmtpCommands.MAX_PING_CONTEXT);
            }
            sendCommand(new ZmtpCommand.Pong(context));
            if (ping.ttlDeciseconds() > 0 && ttlTimer == null) {
                long ttl = ping.ttlDeciseconds() * 100L;
                ttlTimer = ctx.executor()
                        .schedule(
                                () -> fail(new ProtocolViolation(
                                        "ZMTP31-PING-TTL",
                                        "nothing received within the " + ttl + " ms TTL of the peer's last PING")),
                                ttl,
                                TimeUnit.MILLISECONDS);
            }
        } else if (command instanceof ZmtpCommand.Subscribe s) {
            ctx.fireChannelRead(new ZmtpSubscription(true, s.topic()));
        } else if (command instanceof ZmtpCommand.Cancel c) {
            ctx.fireChannelRead(new ZmtpSubscription(false, c.topic()));
        } else if (command instanceof ZmtpCommand.Join || command instanceof ZmtpCommand.Leave) {
            ctx.fireChannelRead(command);
        } else if (command instanceof ZmtpCommand.Error error) {
            throw new ProtocolViolation("ZMTP3-ERROR-FATAL", "peer sent ERROR: " + error.reason());
        } else if (command instanceof ZmtpCommand.Ready) {
            throw new ProtocolViolation("ZMTP3-NULL-READY-BOTH", "READY after the handshake");
        }
        // PONG only counts as traffic; unknown commands are ignored (ZMTP3-CMD-UNKNOWN).
    }

    private void onMessageFrame(ZmtpFrame frame) {
        partial.add(frame.body());
        if (frame.more()) {
            return;
        }
        ZmtpMessage message = ZmtpMessage.wrap(partial);
        partial.clear();
        if (receivesSubscriptions() && message.size() == 1) {
            byte[] body = message.framesView().get(0);
            if (body.length > 0 && (body[0] == 0 || body[0] == 1)) {
                ctx.fireChannelRead(new ZmtpSubscription(body[0] == 1, Arrays.copyOfRange(body, 1, body.length)));
                return;
            }
        }
        ctx.fireChannelRead(message);
    }

    private boolean receivesSubscriptions() {
        return config.socketType() == SocketType.PUB || config.socketType() == SocketType.XPUB;
    }

    // ---------------------------------------------------------------- handshake outcome

    private final class Context implements MechanismContext {
        @Override
        public boolean asServer() {
            return config.asServer();
        }

        @Override
        public ZmtpVersion version() {
            return version;
        }

        @Override
        public Metadata localMetadata() {
            return config.localMetadata();
        }

        @Override
        public void send(ZmtpCommand command) {
            if (state == State.HANDSHAKE || state == State.ACTIVE) {
                sendCommand(command);
            }
        }

        @Override
        public void checkPeer(Metadata peerMetadata) throws ProtocolViolation {
            checkPeerType(peerMetadata);
        }

        @Override
        public void complete(Metadata peerMetadata) {
            if (state == State.HANDSHAKE) {
                established(peerMetadata);
            }
        }
    }

    private void established(Metadata peerMetadata) {
        SocketType peerType;
        try {
            peerType = checkPeerType(peerMetadata);
        } catch (ProtocolViolation violation) {
            fail(violation);
            return;
        }
        state = State.ACTIVE;
        handshakeTimer = cancel(handshakeTimer);
        outcomeReported = true;
        ctx.fireUserEventTriggered(
                new ZmtpSessionEvent.HandshakeSucceeded(new PeerInfo(version, peerType, peerMetadata, peerAsServer)));
        if (version.atLeast31() && config.heartbeatIvlMillis() > 0 && state == State.ACTIVE) {
            scheduleHeartbeat();
        }
    }

    private SocketType checkPeerType(Metadata metadata) throws ProtocolViolation {
        String name = metadata.getString(Metadata.SOCKET_TYPE)
                .orElseThrow(() -> new ProtocolViolation("ZMTP3-STYPE-SEND", "peer's READY has no Socket-Type"));
        SocketType peer = null;
        for (SocketType type : SocketType.values()) {
            if (type.zmtpName().equals(name)) {
                peer = type;
            }
        }
        if (peer == null) {
            throw new ProtocolViolation("ZMTP3-STYPE-COMPAT", "peer's Socket-Type '" + name + "' is not a socket type");
        }
        SocketType local = config.socketType();
        boolean draft = local.isDraft() || peer.isDraft();
        if (!local.isCompatibleWith(peer)) {
            throw new ProtocolViolation(
                    version == ZmtpVersion.ZMTP_2_0
                            ? "ZMTP2-STYPE-CHECK"
                            : draft ? "ZMTP31-STYPE-COMPAT" : "ZMTP3-STYPE-COMPAT",
                    "peer's socket type " + peer + " cannot talk to " + local);
        }
        // No version check for the draft types: JeroMQ 0.6.0 announces ZMTP 3.0 yet has them, and neither libzmq
        // nor JeroMQ refuses them over 3.0; the catalog (ZMTP31-STYPE-COMPAT) only pairs them by type.
        return peer;
    }

    private void fail(ProtocolViolation violation) {
        if (state == State.CLOSED) {
            return;
        }
        boolean inHandshake = state != State.ACTIVE;
        boolean sendError = state == State.HANDSHAKE
                && !violation.ruleId().equals("ZMTP3-ERROR-FATAL")
                && !violation.ruleId().equals("ZMTP3-HANDSHAKE-TIMEOUT");
        state = State.CLOSED;
        closeReason = violation;
        cancelTimers();
        partial.clear();
        if (inHandshake && !outcomeReported) {
            outcomeReported = true;
            ctx.fireUserEventTriggered(new ZmtpSessionEvent.HandshakeFailed(Optional.of(violation)));
        }
        if (sendError) {
            ctx.writeAndFlush(commandFrame(new ZmtpCommand.Error(violation.toString())))
                    .addListener(ChannelFutureListener.CLOSE);
        } else {
            ctx.close();
        }
    }

    // ---------------------------------------------------------------- heartbeats

    private void scheduleHeartbeat() {
        heartbeatTimer = ctx.executor().schedule(this::heartbeat, config.heartbeatIvlMillis(), TimeUnit.MILLISECONDS);
    }

    private void heartbeat() {
        if (state != State.ACTIVE) {
            return;
        }
        sendCommand(new ZmtpCommand.Ping((int) (config.heartbeatTtlMillis() / 100), new byte[0]));
        if (heartbeatTimeoutTimer == null) {
            long timeout = config.effectiveHeartbeatTimeoutMillis();
            heartbeatTimeoutTimer = ctx.executor()
                    .schedule(
                            () -> fail(new ProtocolViolation(
                                    "ZMTP31-HB-TIMEOUT", "nothing received within " + timeout + " ms of a PING")),
                            timeout,
                            TimeUnit.MILLISECONDS);
        }
        scheduleHeartbeat();
    }

    /** Any frame from the peer proves it alive (ZMTP31-HB-ANY-TRAFFIC). */
    private void onTraffic() {
        heartbeatTimeoutTimer = cancel(heartbeatTimeoutTimer);
        ttlTimer = cancel(ttlTimer);
    }

    // ---------------------------------------------------------------- outbound

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ZmtpMessage
                || msg instanceof ZmtpMessage.Batch
                || msg instanceof ZmtpSubscription
                || msg instanceof ZmtpCommand) {
            if (state != State.ACTIVE) {
                promise.setFailure(new IllegalStateException("connection is not established: " + state));
                return;
            }
            if (msg instanceof ZmtpMessage message) {
                ctx.write(encode(List.of(message)), promise);
            } else if (msg instanceof ZmtpMessage.Batch batch) {
                ctx.write(encode(batch.messages()), promise);
            } else if (msg instanceof ZmtpSubscription subscription) {
                ctx.write(
                        version.atLeast31()
                                ? commandFrame(subscription.command())
                                : wrap(ZmtpFrame.message(false, subscription.messageForm())),
                        promise);
            } else {
                ctx.write(commandFrame((ZmtpCommand) msg), promise);
            }
        } else {
            ctx.write(msg, promise);
        }
    }

    private ByteBuf encode(List<ZmtpMessage> messages) {
        if (mechanism != null && mechanism.transformsFrames()) {
            List<ZmtpFrame> wire = new ArrayList<>();
            int size = 0;
            for (ZmtpMessage message : messages) {
                List<byte[]> frames = message.framesView();
                for (int i = 0; i < frames.size(); i++) {
                    ZmtpFrame frame = mechanism.wrap(ZmtpFrame.message(i < frames.size() - 1, frames.get(i)));
                    wire.add(frame);
                    size += frame.encodedSize();
                }
            }
            ByteBuf out = ctx.alloc().buffer(size);
            for (ZmtpFrame frame : wire) {
                ZmtpFrameEncoder.encode(frame, out);
            }
            return out;
        }
        int size = 0;
        for (ZmtpMessage message : messages) {
            for (byte[] frame : message.framesView()) {
                size += ZmtpFrameEncoder.encodedSize(frame.length);
            }
        }
        ByteBuf out = ctx.alloc().buffer(size);
        for (ZmtpMessage message : messages) {
            List<byte[]> frames = message.framesView();
            int last = frames.size() - 1;
            for (int i = 0; i <= last; i++) {
                ZmtpFrameEncoder.encodeMessageFrame(i < last, frames.get(i), out);
            }
        }
        return out;
    }

    private ZmtpFrame wrap(ZmtpFrame frame) {
        return mechanism == null || state != State.ACTIVE ? frame : mechanism.wrap(frame);
    }

    private ZmtpFrame commandFrame(ZmtpCommand command) {
        return wrap(ZmtpFrame.command(ZmtpCommands.encode(command)));
    }

    /**
     * Writes a command (READY, PING, PONG). A failed write means the connection is gone: it is closed and reported as
     * usual, not raised as an exception, which could reach the end of a pipeline already torn down by the close
     * (e.g. when a timer closes the channel while a PING is being written).
     */
    private void sendCommand(ZmtpCommand command) {
        ctx.writeAndFlush(commandFrame(command)).addListener(ChannelFutureListener.CLOSE_ON_FAILURE);
    }
}
