package dev.zck.engine.socket.internal;

import dev.zck.engine.ZmtpMessage;
import dev.zck.engine.ZmtpSubscription;
import dev.zck.spi.Message;
import dev.zck.spi.SocketType;
import dev.zck.spi.ZmqException;
import io.netty.channel.EventLoop;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * PUB and XPUB (RFC 29): a message goes to every peer with a subscription that prefixes its first frame; a peer at
 * its HWM misses it (PUB never blocks). With XPUB_NODROP (on PUB or XPUB, as in libzmq) a send instead waits while a
 * matching peer is full. A peer's subscriptions are a set, as in libzmq's mtrie: a subscriber counts repeated
 * subscriptions itself and cancels only the last, so a repeated SUBSCRIBE changes nothing here. XPUB passes
 * subscriptions up as messages (01 or 00 and the topic): a new topic once, every time with XPUB_VERBOSE, and
 * a cancel when the last subscriber of a topic leaves; it also passes up other messages its peers send. PUB drops
 * everything its peers send except subscriptions.
 */
final class PubSocket extends SocketCore {
    private final boolean xpub;
    private final ArrayDeque<Message> pending = new ArrayDeque<>();
    private final FairQueue fq = new FairQueue();

    PubSocket(SocketType type, EngineRuntime runtime, EventLoop loop) {
        super(type, runtime, loop);
        this.xpub = type == SocketType.XPUB;
    }

    private static Subscriptions of(Pipe pipe) {
        return (Subscriptions) pipe.data;
    }

    @Override
    protected void attached(Pipe pipe) {
        pipe.data = new Subscriptions();
    }

    @Override
    protected void terminated(Pipe pipe) {
        Subscriptions gone = of(pipe);
        if (xpub && gone != null) {
            for (Blob topic : gone.topics()) {
                if (!subscribedElsewhere(topic.bytes(), pipe)) {
                    pending.add(Message.of(new ZmtpSubscription(false, topic.bytes()).messageForm()));
                }
            }
        }
        pipe.data = null;
    }

    private boolean subscribedElsewhere(byte[] topic, Pipe except) {
        for (Pipe p : pipes) {
            if (p != except && of(p) != null && of(p).contains(topic)) {
                return true;
            }
        }
        return false;
    }

    @Override
    protected void onSubscription(Pipe pipe, ZmtpSubscription subscription) {
        Subscriptions subs = of(pipe);
        if (subs == null) {
            return;
        }
        byte[] topic = subscription.topic();
        if (subscription.subscribe()) {
            boolean first = !subscribedElsewhere(topic, pipe) && !subs.contains(topic);
            if (!subs.contains(topic)) {
                subs.add(topic);
            }
            if (xpub && (first || options.xpubVerbose)) {
                pending.add(Message.of(subscription.messageForm()));
            }
        } else if (subs.remove(topic) && !subscribedElsewhere(topic, pipe) && xpub) {
            pending.add(Message.of(subscription.messageForm()));
        }
        wake();
    }

    @Override
    protected boolean xsend(Message message) {
        byte[] first = message.frames().get(0);
        List<Pipe> matching = new ArrayList<>();
        for (Pipe pipe : pipes) {
            if (of(pipe) != null && of(pipe).matches(first)) {
                matching.add(pipe);
            }
        }
        if (options.xpubNodrop) {
            for (Pipe pipe : matching) {
                if (!pipe.canWrite()) {
                    return false;
                }
            }
        }
        ZmtpMessage wire = Messages.toWire(message);
        for (Pipe pipe : matching) {
            if (pipe.write(wire)) {
                pipe.flush();
            }
        }
        return true;
    }

    @Override
    protected Message xrecv() throws ZmqException {
        if (!xpub) {
            throw Messages.unsupported(type, "receive");
        }
        Message subscription = pending.poll();
        if (subscription != null) {
            return subscription;
        }
        ZmtpMessage upstream = fq.receive(pipes);
        return upstream == null ? null : Messages.fromWire(upstream);
    }

    @Override
    protected void afterWake() {
        if (!xpub) {
            // PUB ignores what its peers send, but must keep reading so subscriptions keep flowing
            pipes.forEach(Pipe::discardInbound);
        }
    }
}
