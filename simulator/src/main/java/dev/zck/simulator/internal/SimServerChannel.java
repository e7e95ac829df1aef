package dev.zck.simulator.internal;

import dev.zck.simulator.SimEventLoop;
import io.netty.channel.AbstractServerChannel;
import io.netty.channel.ChannelConfig;
import io.netty.channel.ChannelId;
import io.netty.channel.DefaultChannelConfig;
import io.netty.channel.EventLoop;
import java.net.SocketAddress;

/**
 * A listening port on a simulated host. Each connection that reaches it is handed to its pipeline as a new
 * {@link SimChannel}, as Netty's server channels hand accepted children to the bootstrap's acceptor. Connections are
 * accepted whether or not the listener reads (there is no backlog to fill).
 */
final class SimServerChannel extends AbstractServerChannel {
    private final Network network;
    private final String host;
    private final ChannelConfig config = new DefaultChannelConfig(this);
    private SimAddress local;
    private boolean open = true;

    SimServerChannel(Network network, String host) {
        this.network = network;
        this.host = host;
        ((SimChannelId) id()).number(network.nextChannelNumber());
    }

    @Override
    protected ChannelId newId() {
        return new SimChannelId();
    }

    String host() {
        return host;
    }

    /** A connection arrived: its accepted end goes down the pipeline. */
    void accept(SimChannel child) {
        pipeline().fireChannelRead(child);
        pipeline().fireChannelReadComplete();
    }

    @Override
    public ChannelConfig config() {
        return config;
    }

    @Override
    public boolean isOpen() {
        return open;
    }

    @Override
    public boolean isActive() {
        return open && local != null;
    }

    @Override
    protected boolean isCompatible(EventLoop loop) {
        return loop instanceof SimEventLoop;
    }

    @Override
    protected SocketAddress localAddress0() {
        return local;
    }

    @Override
    protected void doBind(SocketAddress localAddress) throws Exception {
        local = network.listen(this, (SimAddress) localAddress);
    }

    @Override
    protected void doClose() {
        if (open) {
            open = false;
            if (local != null) {
                network.unlisten(this, local);
            }
        }
    }

    @Override
    protected void doBeginRead() {
        // Accepting never waits for a read.
    }
}
