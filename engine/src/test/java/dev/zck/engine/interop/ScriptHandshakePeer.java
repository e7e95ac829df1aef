package dev.zck.engine.interop;

import dev.zck.spec.Timeouts;
import dev.zck.spi.Message;
import dev.zck.spi.SocketType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A libzmq socket in a peer script's {@link PeerProcess}, which reports the socket's monitor events and takes
 * send/receive commands as JSON lines (the protocol is described at the top of {@code interop/pyzmq_peer.py} and
 * {@code interop/zeromqjs_peer.js}). Two ways to host it:
 *
 * <ul>
 *   <li>{@linkplain #inOwnProcess in a process of its own}, set up from the command line (pyzmq): closing the peer
 *       ends the process;
 *   <li>{@linkplain #inSharedProcess in a process shared with other peers}, opened by an {@code open} command under a
 *       socket number of its own (zeromq.js): closing the peer closes the socket; the process stays for the next.
 * </ul>
 *
 * <p>Frames travel as hex both ways, so any octets pass unchanged.
 */
final class ScriptHandshakePeer extends AbstractHandshakePeer {
    private static final HexFormat HEX = HexFormat.of();

    private final PeerProcess process;
    private final int socket;
    private final boolean ownsProcess;
    private final boolean readsProperties;
    private final AtomicBoolean closing = new AtomicBoolean();

    private ScriptHandshakePeer(
            PeerProcess process,
            int socket,
            boolean ownsProcess,
            boolean readsProperties,
            SocketType type,
            Role role,
            String endpoint,
            Timeouts timeouts,
            String name) {
        super(type, role, endpoint, timeouts, name);
        this.process = process;
        this.socket = socket;
        this.ownsProcess = ownsProcess;
        this.readsProperties = readsProperties;
        process.attach(socket, log);
    }

    /**
     * Starts {@code command}, a script that sets up its one socket from its command line and reports {@code ready}
     * with the endpoint.
     */
    static ScriptHandshakePeer inOwnProcess(
            String library, List<String> command, SocketType type, Role role, String endpoint, Timeouts timeouts) {
        PeerProcess process =
                PeerProcess.launch(library + " " + type + " " + role + " " + endpoint, command, Map.of(), timeouts);
        ScriptHandshakePeer peer = new ScriptHandshakePeer(
                process, PeerProcess.ONLY_SOCKET, true, true, type, role, endpoint, timeouts, process.name());
        process.start();
        peer.endpoint = (String) process.awaitReady().get("endpoint");
        return peer;
    }

    /**
     * Opens a socket numbered {@code socket} (unique in the process) in a running shared process: an {@code open}
     * command with the type, role, endpoint and {@code setup}.
     *
     * @param readsProperties whether the script can read a message's connection properties; where it cannot,
     *     asking for them is refused up front
     */
    static ScriptHandshakePeer inSharedProcess(
            PeerProcess process,
            int socket,
            boolean readsProperties,
            SocketType type,
            Role role,
            String endpoint,
            PeerSetup setup,
            Timeouts timeouts) {
        String name = process.name().replaceFirst("\\(pid ", "(socket " + socket + " in pid ");
        ScriptHandshakePeer peer = new ScriptHandshakePeer(
                process,
                socket,
                false,
                readsProperties,
                type,
                role,
                endpoint,
                timeouts,
                name + ": " + type + " " + role + " " + endpoint);
        Map<String, Object> open =
                peer.command("open", "type", type.name(), "role", role.argument(), "endpoint", endpoint);
        if (setup.routingId() != null) {
            open.put("routing_id", HEX.formatHex(setup.routingId()));
        }
        open.put("subscribe", setup.subscriptions().stream().map(HEX::formatHex).toList());
        open.put("join", setup.groups());
        try {
            peer.endpoint = (String)
                    peer.requireOk(process.request(open, Duration.ZERO), "open").get("endpoint");
            return peer;
        } catch (RuntimeException e) {
            process.detach(socket);
            throw e;
        }
    }

    /** Sends them all with one command: the script sends them in order and answers once. */
    @Override
    public void sendAll(List<Message> messages) {
        List<Map<String, Object>> encoded = new ArrayList<>();
        for (Message message : messages) {
            Messaging.checkSend(type, message);
            Map<String, Object> each = new LinkedHashMap<>();
            each.put("frames", message.frames().stream().map(HEX::formatHex).toList());
            message.routingId().ifPresent(id -> each.put("routing_id", Integer.toUnsignedLong(id)));
            message.group().ifPresent(group -> each.put("group", group));
            encoded.add(each);
        }
        Duration wait = timeouts.expect().multipliedBy(Math.max(1, messages.size()));
        requireOk(
                process.request(
                        command(
                                "send",
                                "messages",
                                encoded,
                                "timeout_ms",
                                timeouts.expect().toMillis()),
                        wait),
                "send");
    }

    @Override
    protected List<ReceivedMessage> receiveNow(int count, Duration timeout, List<String> properties) {
        if (!readsProperties && !properties.isEmpty()) {
            throw new UnsupportedOperationException(name + " cannot read a message's connection properties");
        }
        Map<String, Object> reply = requireOk(
                process.request(
                        command("receive", "timeout_ms", timeout.toMillis(), "count", count, "properties", properties),
                        timeout.multipliedBy(count)),
                "receive");
        List<ReceivedMessage> received = new ArrayList<>();
        for (Object each : (List<?>) reply.get("messages")) {
            received.add(received((Map<?, ?>) each));
        }
        return received;
    }

    private static ReceivedMessage received(Map<?, ?> message) {
        List<byte[]> frames = new ArrayList<>();
        for (Object frame : (List<?>) message.get("frames")) {
            frames.add(HEX.parseHex((String) frame));
        }
        Map<String, String> found = new LinkedHashMap<>();
        if (message.get("properties") instanceof Map<?, ?> values) {
            values.forEach((name, value) -> found.put((String) name, (String) value));
        }
        OptionalInt routingId = message.get("routing_id") instanceof Number id
                ? OptionalInt.of((int) id.longValue())
                : OptionalInt.empty();
        Optional<String> group = Optional.ofNullable((String) message.get("group"));
        return new ReceivedMessage(frames, found, routingId, group);
    }

    /**
     * Test aid (pyzmq): makes the script start a sleeping child, ignore SIGTERM and stop reading commands, as a wedged
     * driver would. Returns the child's pid, so a test can check that {@link #close()} killed the whole tree.
     */
    long stall() {
        return ((Number) process.request(command("stall"), Duration.ZERO).get("child_pid")).longValue();
    }

    /** The script's process, for tests that check it is gone or shared. */
    ProcessHandle process() {
        return process.handle();
    }

    /**
     * Ends the process if it is the peer's own; else closes the socket in it, and if the process does not answer,
     * kills it (the next peer then gets a new one).
     */
    @Override
    public void close() {
        if (!closing.compareAndSet(false, true)) {
            return;
        }
        if (ownsProcess) {
            process.close();
            return;
        }
        log.close();
        try {
            process.request(command("close"), Duration.ZERO);
        } catch (PeerException e) {
            process.close(); // gone or wedged: nothing else can be closed in it
        } finally {
            process.detach(socket);
        }
    }

    private Map<String, Object> command(String cmd, Object... fields) {
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("cmd", cmd);
        command.put("socket", socket);
        for (int i = 0; i < fields.length; i += 2) {
            command.put((String) fields[i], fields[i + 1]);
        }
        return command;
    }

    private Map<String, Object> requireOk(Map<String, Object> reply, String what) {
        if (!Boolean.TRUE.equals(reply.get("ok"))) {
            throw new PeerException(name + ": " + what + " failed: " + reply.get("error"));
        }
        return reply;
    }
}
