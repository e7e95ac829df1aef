package dev.zck.engine.socket.internal;

import dev.zck.engine.ZmtpMessage;
import dev.zck.engine.ZmtpSubscription;
import dev.zck.spi.Message;
import dev.zck.spi.SocketOption;
import dev.zck.spi.SocketType;
import dev.zck.spi.ZmqException;
import io.netty.channel.EventLoop;
import java.util.List;

/**
 * SUB and XSUB (RFC 29): subscriptions go to every publisher, again after each reconnection and ahead of anything
 * queued; received messages are fair-queued and also filtered here, so only subscribed topics are delivered, and a
 * full incoming queue discards instead of pushing back on the publisher. SUB subscribes through the SUBSCRIBE and
 * UNSUBSCRIBE options; XSUB through messages starting with 01 or 00, and sends any other message upstream. A closing
 * XSUB cancels its subscriptions first (RFC 29 SHOULD; libzmq does not).
 */
final class SubSocket extends SocketCore {
    private final boolean xsub;
    private final Subscriptions subscriptions = new Subscriptions();
    private final FairQueue fq = new FairQueue();

    SubSocket(SocketType type, EngineRuntime runtime, EventLoop loop) {
        super(type, runtime, loop);
        this.xsub = type == SocketType.XSUB;
    }

    @Override
    protected void attached(Pipe pipe) {
        sendAll(pipe);
    }

    @Override
    protected void hiccuped(Pipe pipe) {
        sendAll(pipe);
    }

    private void sendAll(Pipe pipe) {
        if (pipe.connected()) {
            for (Blob topic : subscriptions.topics()) {
                pipe.subscribe(new ZmtpSubscription(true, topic.bytes()));
            }
        }
    }

    @Override
    protected void terminated(Pipe pipe) {}

    @Override
    protected boolean discardsWhenFull() {
        return true;
    }

    @Override
    protected void beforeClose() {
        if (!xsub) {
            return;
        }
        for (Pipe pipe : pipes) {
            if (pipe.connected()) {
                for (Blob topic : subscriptions.topics()) {
                    pipe.subscribe(new ZmtpSubscription(false, topic.bytes()));
                }
            }
        }
    }

    @Override
    protected void setWriteOnly(SocketOption<?> option, Object value) throws ZmqException {
        if (xsub || !(option == SocketOption.SUBSCRIBE || option == SocketOption.UNSUBSCRIBE)) {
            super.setWriteOnly(option, value);
            return;
        }
        change(option == SocketOption.SUBSCRIBE, (byte[]) value);
    }

    private void change(boolean subscribe, byte[] topic) {
        if (subscribe) {
            subscriptions.add(topic);
        } else if (!subscriptions.remove(topic)) {
            return;
        }
        ZmtpSubscription subscription = new ZmtpSubscription(subscribe, topic);
        for (Pipe pipe : pipes) {
            pipe.subscribe(subscription);
        }
    }

    @Override
    protected boolean xsend(Message message) throws ZmqException {
        if (!xsub) {
            throw Messages.unsupported(type, "send");
        }
        List<byte[]> frames = message.frames();
        byte[] first = frames.get(0);
        if (frames.size() == 1 && first.length > 0 && (first[0] == 0 || first[0] == 1)) {
            byte[] topic = java.util.Arrays.copyOfRange(first, 1, first.length);
            change(first[0] == 1, topic);
            return true;
        }
        ZmtpMessage wire = Messages.toWire(message);
        for (Pipe pipe : pipes) {
            if (pipe.write(wire)) {
                pipe.flush();
            }
        }
        return true;
    }

    @Override
    protected Message xrecv() {
        while (true) {
            ZmtpMessage message = fq.receive(pipes);
            if (message == null) {
                return null;
            }
            if (subscriptions.matches(message.framesView().get(0))) {
                return Messages.fromWire(message);
            }
        }
    }
}
