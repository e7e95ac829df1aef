package dev.zck.simulator.proxy.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * One connection through the proxy: the channel the connecting implementation opened ({@code a}) and the one the
 * proxy opened to the listener ({@code b}), and a {@link Pipe} each way. It counts as open until both channels are
 * closed. Only the event loop touches it.
 */
final class ProxiedConnection {
    private final Channel connector;
    private final Consumer<ProxiedConnection> onClosed;
    private Channel listener;
    private Pipe toListener;
    private Pipe toConnector;
    private boolean connectorOpen = true;
    private boolean listenerOpen;
    private boolean connecting = true;
    private boolean closed;

    ProxiedConnection(Channel connector, Consumer<ProxiedConnection> onClosed) {
        this.connector = connector;
        this.onClosed = onClosed;
    }

    /** The proxy started connecting to the listener through {@code upstream}. */
    void connecting(Channel upstream) {
        listener = upstream;
    }

    /** The upstream connection is up: start both pipes (the connector is read from only now). */
    void connected(Map<Flow, FlowFaults> faults, int holdLimit, SplittableRandom random) {
        Channel upstream = listener;
        connecting = false;
        listenerOpen = true;
        if (!connectorOpen) {
            upstream.close();
            return;
        }
        toListener = new Pipe(connector, upstream, faults.get(Flow.TO_LISTENER), holdLimit, random);
        toConnector = new Pipe(upstream, connector, faults.get(Flow.TO_CONNECTOR), holdLimit, random);
        toListener.updateRead();
        toConnector.updateRead();
    }

    /** The listener could not be reached: the connecting side sees a reset, as close to a refusal as it can get. */
    void connectFailed() {
        connecting = false;
        resetNow(connector);
        maybeClosed();
    }

    /** The pipe that reads from {@code channel}, or null before the upstream connection is up. */
    Pipe pipeFrom(Channel channel) {
        return channel == connector ? toListener : toConnector;
    }

    /** The pipe that writes to {@code channel}, or null before the upstream connection is up. */
    Pipe pipeTo(Channel channel) {
        return channel == connector ? toConnector : toListener;
    }

    Pipe pipe(Flow flow) {
        return flow == Flow.TO_LISTENER ? toListener : toConnector;
    }

    void channelClosed(Channel channel) {
        if (channel == connector) {
            connectorOpen = false;
        } else {
            listenerOpen = false;
        }
        Pipe out = pipeFrom(channel);
        Pipe in = pipeTo(channel);
        if (out != null) {
            out.sourceClosed();
        }
        if (in != null) {
            in.sinkClosed();
        }
        maybeClosed();
    }

    /** Both ends see a reset (SO_LINGER 0) now; nothing held is delivered. */
    void reset() {
        release();
        resetNow(connector);
        if (listener != null) {
            resetNow(listener);
        }
    }

    /** Closes both ends now, discarding what is held (when the proxy closes). */
    void close() {
        release();
        connector.close();
        if (listener != null) {
            listener.close();
        }
    }

    private void release() {
        if (toListener != null) {
            toListener.release();
            toConnector.release();
        }
    }

    private void maybeClosed() {
        if (!closed && !connectorOpen && !listenerOpen && !connecting) {
            closed = true;
            onClosed.accept(this);
        }
    }

    /** Closes a channel so that its peer sees a reset (RST) rather than an orderly close. */
    static void resetNow(Channel channel) {
        if (channel.isOpen()) {
            channel.config().setOption(ChannelOption.SO_LINGER, 0);
            channel.close();
        }
    }
}
