package dev.zck.simulator.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.zck.engine.NoLeaks;
import dev.zck.engine.transport.Endpoint;
import dev.zck.engine.transport.Transport;
import dev.zck.simulator.Fault;
import dev.zck.simulator.Link;
import dev.zck.simulator.SimConfig;
import dev.zck.simulator.SimEventLoop;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.util.concurrent.Future;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The simulated TCP connection as a Netty channel sees it: bytes, FIN, reset, refusal, backpressure, faults. */
@ExtendWith(NoLeaks.class)
class SimChannelTest {
    private static final long MS = 1_000_000;
    private static final SimConfig CONFIG = SimConfig.defaults(); // 1 ms latency

    private final SimEventLoop loop = new SimEventLoop();
    private final Network network = new Network(loop, CONFIG, 1);
    private final Recorder server = new Recorder();
    private final Recorder client = new Recorder();

    /** What one end saw, with virtual times. */
    private final class Recorder extends ChannelInboundHandlerAdapter {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final List<Integer> reads = new ArrayList<>();
        final List<Long> readTimes = new ArrayList<>();
        final List<Throwable> errors = new ArrayList<>();
        Channel channel;
        long inactiveAt = -1;
        boolean autoRead = true;

        ChannelInitializer<Channel> initializer() {
            return new ChannelInitializer<>() {
                @Override
                protected void initChannel(Channel ch) {
                    channel = ch;
                    ch.config().setAutoRead(autoRead);
                    ch.pipeline().addLast(Recorder.this);
                }
            };
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf buf = (ByteBuf) msg;
            reads.add(buf.readableBytes());
            readTimes.add(loop.nowNanos());
            byte[] chunk = new byte[buf.readableBytes()];
            buf.readBytes(chunk);
            bytes.writeBytes(chunk);
            buf.release();
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            errors.add(cause);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            inactiveAt = loop.nowNanos();
        }
    }

    private Channel connect() {
        network.addHost("a");
        network.addHost("b");
        Future<Transport.Listener> listening =
                network.transport("b").bind(Endpoint.parse("tcp://b:7000"), server.initializer());
        loop.runUntilIdle();
        assertThat(listening.isSuccess()).isTrue();
        ChannelFuture connected = network.transport("a").connect(Endpoint.parse("tcp://b:7000"), client.initializer());
        assertThat(loop.runUntil(connected::isDone, Duration.ofSeconds(1))).isTrue();
        assertThat(connected.isSuccess()).isTrue();
        assertThat(loop.now()).as("a connection costs a round trip").isEqualTo(Duration.ofMillis(2));
        return connected.channel();
    }

    @AfterEach
    void closeEverything() {
        for (Recorder end : List.of(client, server)) {
            if (end.channel != null) {
                end.channel.close();
            }
        }
        loop.runUntilIdle();
        loop.shutdownGracefully();
    }

    @Test
    void aConnectToAPortNobodyListensOnIsRefusedOneRoundTripLater() {
        network.addHost("a");
        network.addHost("b");
        ChannelFuture connected = network.transport("a").connect(Endpoint.parse("tcp://b:7001"), client.initializer());
        assertThat(loop.runUntil(connected::isDone, Duration.ofSeconds(1))).isTrue();

        assertThat(connected.cause()).isInstanceOf(ConnectException.class).hasMessageContaining("Connection refused");
        assertThat(loop.nowNanos()).isEqualTo(2 * MS);
        assertThat(connected.channel().isOpen()).isFalse();
    }

    @Test
    void aLinkWithItsOwnProfileTakesItsOwnLatency() {
        Network slow = new Network(loop, CONFIG.withLink("a", "b", Duration.ofMillis(10), 1_000_000), 1);
        slow.addHost("a");
        slow.addHost("b");
        slow.transport("b").bind(Endpoint.parse("tcp://b:7000"), server.initializer());
        ChannelFuture connected = slow.transport("a").connect(Endpoint.parse("tcp://b:7000"), client.initializer());
        assertThat(loop.runUntil(connected::isDone, Duration.ofSeconds(1))).isTrue();

        assertThat(connected.isSuccess()).isTrue();
        assertThat(loop.now()).isEqualTo(Duration.ofMillis(20));
    }

    @Test
    void aConnectAcrossAPartitionTimesOutAsNettyConfiguresIt() {
        network.addHost("a");
        network.addHost("b");
        network.transport("b").bind(Endpoint.parse("tcp://b:7000"), server.initializer());
        network.inject(new Fault.Partition(Link.between("a", "b")));
        ChannelFuture connected = network.transport("a").connect(Endpoint.parse("tcp://b:7000"), client.initializer());
        assertThat(loop.runUntil(connected::isDone, Duration.ofMinutes(1))).isTrue();

        assertThat(connected.cause()).isInstanceOf(io.netty.channel.ConnectTimeoutException.class);
        assertThat(loop.now())
                .isEqualTo(Duration.ofMillis(connected.channel().config().getConnectTimeoutMillis()));
        network.inject(new Fault.Heal(Link.between("a", "b")));
        loop.advanceBy(Duration.ofSeconds(1));
        assertThat(server.channel)
                .as("the held SYN of a connection given up is dropped")
                .isNull();
        assertThat(network.openConnections()).isZero();
    }

    @Test
    void aCloseSendsItsFinAfterTheBytesInFlight() {
        Channel ch = connect();
        byte[] data = pattern(10_000);
        ch.writeAndFlush(Unpooled.wrappedBuffer(data));
        ch.close();
        assertThat(loop.runUntil(() -> server.inactiveAt >= 0, Duration.ofSeconds(1)))
                .isTrue();

        assertThat(server.bytes.toByteArray()).isEqualTo(data);
        assertThat(server.inactiveAt)
                .as("the end of the stream comes with the last bytes")
                .isEqualTo(server.readTimes.get(server.readTimes.size() - 1));
        assertThat(server.errors).isEmpty();
    }

    @Test
    void aResetClosesBothEndsAtOnceWithConnectionReset() {
        connect();
        long reset = loop.nowNanos();
        network.inject(new Fault.Reset(Link.between("a", "b")));
        loop.runUntilIdle();

        for (Recorder end : List.of(client, server)) {
            assertThat(end.errors).hasSize(1);
            assertThat(end.errors.get(0)).isInstanceOf(IOException.class).hasMessage("Connection reset");
            assertThat(end.inactiveAt).isEqualTo(reset);
        }
        assertThat(network.openConnections()).isZero();
    }

    @Test
    void aReaderThatDoesNotReadFillsTheBuffersThenTheWriterIsUnwritable() throws Exception {
        server.autoRead = false;
        Channel ch = connect();
        long written = 0;
        for (int round = 0; round < 100 && ch.isWritable(); round++) {
            while (ch.isWritable()) {
                ch.writeAndFlush(Unpooled.wrappedBuffer(pattern(1000)));
                written += 1000;
            }
            loop.advanceBy(Duration.ofMillis(100));
        }

        assertThat(ch.isWritable()).isFalse();
        long inKernels = CONFIG.sendBuffer() + CONFIG.receiveBuffer();
        long[] inNetty = {0};
        ch.unsafe().outboundBuffer().forEachFlushedMessage(msg -> {
            inNetty[0] += ((ByteBuf) msg).readableBytes();
            return true;
        });
        assertThat(inNetty[0])
                .as("what the send buffer and the receive window do not hold waits in Netty's buffer")
                .isEqualTo(written - inKernels);
        assertThat(server.reads).isEmpty();

        server.channel.config().setAutoRead(true);
        long total = written;
        assertThat(loop.runUntil(() -> server.bytes.size() == total, Duration.ofSeconds(10)))
                .isTrue();
        assertThat(ch.isWritable()).isTrue();
    }

    @Test
    void aReslicedLinkDeliversChunksOfOneToMaxOctetsThatAddUpToTheStream() {
        Channel ch = connect();
        network.inject(new Fault.Reslice(Link.from("a", "b"), 7));
        byte[] data = pattern(5000);
        ch.writeAndFlush(Unpooled.wrappedBuffer(data));
        assertThat(loop.runUntil(() -> server.bytes.size() == data.length, Duration.ofSeconds(1)))
                .isTrue();

        assertThat(server.bytes.toByteArray()).isEqualTo(data);
        assertThat(server.reads).allSatisfy(n -> assertThat(n).isBetween(1, 7));
        assertThat(server.reads.stream().distinct().count()).isEqualTo(7);
    }

    @Test
    void aPartitionHoldsTheBytesAndDeliversThemInOrderOneLatencyAfterTheHeal() {
        Channel ch = connect();
        network.inject(new Fault.Partition(Link.between("a", "b")));
        byte[] data = pattern(5000);
        ch.writeAndFlush(Unpooled.wrappedBuffer(data));
        loop.advanceBy(Duration.ofSeconds(1));
        assertThat(server.reads).isEmpty();

        long heal = loop.nowNanos();
        network.inject(new Fault.Heal(Link.between("a", "b")));
        assertThat(loop.runUntil(() -> server.bytes.size() == data.length, Duration.ofSeconds(1)))
                .isTrue();

        assertThat(server.bytes.toByteArray()).isEqualTo(data);
        assertThat(server.readTimes).allSatisfy(t -> assertThat(t).isEqualTo(heal + MS));
        assertThat(server.errors).isEmpty();
    }

    private static byte[] pattern(int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (i * 7 + i / 251);
        }
        return bytes;
    }
}
