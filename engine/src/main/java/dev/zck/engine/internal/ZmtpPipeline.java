package dev.zck.engine.internal;

import dev.zck.engine.ZmtpSessionConfig;
import io.netty.channel.ChannelPipeline;

/** Names and order of the engine's handlers in a channel pipeline. */
public final class ZmtpPipeline {
    public static final String GREETING = "zmtp-greeting";
    public static final String FRAME_DECODER = "zmtp-frame-decoder";
    public static final String FRAME_ENCODER = "zmtp-frame-encoder";
    public static final String SESSION = "zmtp-session";

    private ZmtpPipeline() {}

    /**
     * Adds greeting, encoder and session at the end of {@code pipeline}; the greeting handler later puts the frame
     * decoder in its own place. The application's handler goes after these.
     */
    public static void install(ChannelPipeline pipeline, ZmtpSessionConfig config) {
        pipeline.addLast(GREETING, new ZmtpGreetingHandler(config));
        pipeline.addLast(FRAME_ENCODER, ZmtpFrameEncoder.INSTANCE);
        pipeline.addLast(SESSION, new ZmtpSessionHandler(config));
    }
}
