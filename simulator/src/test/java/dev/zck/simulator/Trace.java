package dev.zck.simulator;

import dev.zck.engine.socket.internal.SocketCore;
import dev.zck.spi.ErrorKind;
import dev.zck.spi.Message;
import dev.zck.spi.SocketEvent;
import dev.zck.spi.ZmqException;
import io.netty.util.concurrent.Future;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What the tests observe of a simulation: every socket event and every received message, each with the virtual time
 * it happened at, in order. {@link #lines()} renders it all as text, so that two runs can be compared byte for byte.
 */
final class Trace {
    /** A receive waits this long before it is re-armed: longer than any test runs, in virtual time. */
    private static final long RECEIVE_WAIT_MILLIS = 24 * 3600 * 1000L;

    record Event(long nanos, String socket, SocketEvent event) {}

    record Received(long nanos, String socket, Message message) {}

    private final SimEventLoop loop;
    private final List<String> lines = new ArrayList<>();
    private final List<Event> events = new ArrayList<>();
    private final List<Received> received = new ArrayList<>();

    Trace(Simulation sim) {
        this.loop = sim.loop();
    }

    /** Records {@code socket}'s events under {@code name}. */
    SocketCore watch(String name, SocketCore socket) {
        socket.onEvent(event -> {
            events.add(new Event(loop.nowNanos(), name, event));
            lines.add(stamp() + " " + name + " " + event.kind() + " " + event.endpoint() + " " + event.detail());
        });
        return socket;
    }

    /** Records {@code socket}'s events and keeps receiving from it, recording every message. */
    SocketCore drain(String name, SocketCore socket) {
        watch(name, socket);
        receiveNext(name, socket);
        return socket;
    }

    private void receiveNext(String name, SocketCore socket) {
        Future<Message> next = socket.receive(RECEIVE_WAIT_MILLIS);
        next.addListener(f -> {
            if (f.isSuccess()) {
                Message m = next.getNow();
                received.add(new Received(loop.nowNanos(), name, m));
                lines.add(stamp() + " " + name + " received " + render(m));
                receiveNext(name, socket);
            } else if (f.cause() instanceof ZmqException e && e.kind() == ErrorKind.WOULD_BLOCK) {
                receiveNext(name, socket);
            }
        });
    }

    private String stamp() {
        return String.format("%15d", loop.nowNanos());
    }

    private static String render(Message m) {
        StringBuilder b = new StringBuilder();
        for (byte[] frame : m.frames()) {
            b.append(b.length() == 0 ? "" : " | ");
            String text = new String(frame, StandardCharsets.ISO_8859_1);
            b.append(
                    text.chars().allMatch(c -> c >= 0x20 && c < 0x7f)
                            ? text
                            : HexFormat.of().formatHex(frame));
        }
        return b.toString();
    }

    List<String> lines() {
        return lines;
    }

    List<Received> received(String socket) {
        return received.stream().filter(r -> r.socket().equals(socket)).toList();
    }

    List<Event> events(String socket, SocketEvent.Kind kind) {
        return events.stream()
                .filter(e -> e.socket().equals(socket) && e.event().kind() == kind)
                .toList();
    }

    /** Virtual milliseconds of {@code socket}'s events of {@code kind}. */
    List<Double> millis(String socket, SocketEvent.Kind kind) {
        return events(socket, kind).stream().map(e -> e.nanos() / 1e6).toList();
    }
}
