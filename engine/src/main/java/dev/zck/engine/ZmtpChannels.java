package dev.zck.engine;

import dev.zck.engine.internal.ZmtpPipeline;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelInitializer;
import java.util.function.Supplier;

/**
 * Puts a ZMTP session on a Netty channel of any transport: TCP, inproc, or the simulator's network. After the
 * session, the application's handler receives {@link ZmtpMessage}, {@link ZmtpSubscription} and JOIN/LEAVE commands
 * as channel reads and {@link ZmtpSessionEvent}s as user events, and writes {@link ZmtpMessage}s.
 */
public final class ZmtpChannels {
    private ZmtpChannels() {}

    /** Installs the ZMTP handlers, then {@code application}, at the end of the channel's pipeline. */
    public static void install(Channel channel, ZmtpSessionConfig config, ChannelHandler application) {
        ZmtpPipeline.install(channel.pipeline(), config);
        channel.pipeline().addLast("zmtp-application", application);
    }

    /** An initializer that installs a session and a fresh application handler on each new channel. */
    public static ChannelInitializer<Channel> initializer(
            ZmtpSessionConfig config, Supplier<? extends ChannelHandler> application) {
        return new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel channel) {
                install(channel, config, application.get());
            }
        };
    }
}
