package dev.zck.cli;

import dev.zck.engine.socket.ReferenceImplementation;
import dev.zck.spi.ErrorKind;
import dev.zck.spi.Message;
import dev.zck.spi.SocketEvent;
import dev.zck.spi.SocketOption;
import dev.zck.spi.SocketType;
import dev.zck.spi.ZmqException;
import dev.zck.spi.ZmqImplementation;
import dev.zck.spi.ZmqSocket;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * A reference socket that a person or another implementation can talk to: it binds or connects, prints every event
 * and message, and echoes, sinks or sources messages. Ctrl-C (or {@code --count}) ends it cleanly.
 */
@Command(
        name = "peer",
        mixinStandardHelpOptions = true,
        description = {
            "Run one reference-engine socket that others can talk to, printing each event and message.",
            "Example: zck peer --type REP --bind tcp://127.0.0.1:5555 --echo"
        })
final class PeerCommand implements Callable<Integer> {
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Set<SocketType> RECEIVE_LESS =
            EnumSet.of(SocketType.PUB, SocketType.PUSH, SocketType.SCATTER, SocketType.RADIO);
    private static final Set<SocketType> SEND_LESS =
            EnumSet.of(SocketType.SUB, SocketType.PULL, SocketType.GATHER, SocketType.DISH);

    @Spec
    CommandSpec spec;

    @Option(names = "--impl", paramLabel = "ID", description = "Implementation (default: ${DEFAULT-VALUE}).")
    String impl = "reference";

    @Option(names = "--type", required = true, paramLabel = "TYPE", description = "Socket type, e.g. REP, PULL.")
    SocketType type;

    @ArgGroup(multiplicity = "1")
    Where where;

    static final class Where {
        @Option(names = "--bind", paramLabel = "ENDPOINT", description = "Bind, e.g. tcp://127.0.0.1:5555.")
        String bind;

        @Option(names = "--connect", paramLabel = "ENDPOINT", description = "Connect, e.g. tcp://127.0.0.1:5555.")
        String connect;
    }

    @ArgGroup(multiplicity = "0..1")
    Mode mode = new Mode();

    static final class Mode {
        @Option(names = "--echo", description = "Send every message back (REP, ROUTER, SERVER, DEALER, PAIR...).")
        boolean echo;

        @Option(names = "--sink", description = "Count and print what arrives (the default for receiving types).")
        boolean sink;

        @Option(names = "--source", paramLabel = "N", description = "Send N numbered messages, then keep running.")
        Integer source;
    }

    @Option(names = "--count", paramLabel = "N", description = "Stop after N messages received (or sent, --source).")
    Integer count;

    @Option(
            names = "--subscribe",
            paramLabel = "TOPIC",
            description = "SUB: topic prefix to subscribe to (default: everything).")
    List<String> subscribe = List.of("");

    @Option(names = "--join", paramLabel = "GROUP", description = "DISH: group to join; RADIO: group to send to.")
    String group = "zck";

    @Option(names = "--interval", paramLabel = "MS", description = "--source: pause between messages (default 0).")
    long intervalMillis;

    @Override
    public Integer call() throws Exception {
        if (!impl.equals("reference")) {
            throw new ParameterException(
                    spec.commandLine(),
                    "'zck peer' runs the reference engine only for now; '" + impl + "' is not available here");
        }
        boolean sending = mode.source != null;
        boolean echoing = mode.echo;
        if ((sending || echoing) && SEND_LESS.contains(type)) {
            throw new ParameterException(spec.commandLine(), type + " cannot send; use --sink");
        }
        if (!sending && RECEIVE_LESS.contains(type)) {
            throw new ParameterException(spec.commandLine(), type + " cannot receive; use --source N");
        }
        PrintWriter out = spec.commandLine().getOut();
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stopping = true;
            awaitQuietly(stopped);
        });
        Runtime.getRuntime().addShutdownHook(hook);
        try (ZmqImplementation engine = new ReferenceImplementation();
                ZmqSocket socket = engine.socket(type)) {
            socket.set(SocketOption.LINGER, 1000);
            setUp(socket);
            if (where.bind != null) {
                out.println("listening on " + socket.bind(where.bind));
            } else {
                socket.connect(where.connect);
                out.println("connecting to " + where.connect);
            }
            out.flush();
            if (sending) {
                source(socket, out, mode.source);
            }
            if (!sending) {
                receive(socket, out, echoing);
            } else {
                while (!stopping && count == null) {
                    printEvents(socket, out, POLL);
                }
            }
            printEvents(socket, out, Duration.ZERO);
        } finally {
            stopped.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // Ctrl-C: the hook is running and waits for us
            }
        }
        return 0;
    }

    private volatile boolean stopping;

    private void setUp(ZmqSocket socket) throws ZmqException {
        if (type == SocketType.SUB) {
            for (String topic : subscribe) {
                socket.set(SocketOption.SUBSCRIBE, topic.getBytes(StandardCharsets.UTF_8));
            }
        } else if (type == SocketType.DISH) {
            socket.set(SocketOption.JOIN, group);
        }
    }

    private void source(ZmqSocket socket, PrintWriter out, int n) throws Exception {
        int limit = count == null ? n : Math.min(n, count);
        for (int i = 1; i <= limit && !stopping; i++) {
            Message message = Message.ofStrings(Integer.toString(i));
            if (type == SocketType.RADIO) {
                message = message.withGroup(group);
            }
            while (!stopping) {
                try {
                    socket.send(message, POLL);
                    break;
                } catch (ZmqException e) {
                    if (e.kind() != ErrorKind.WOULD_BLOCK) {
                        throw e;
                    }
                    printEvents(socket, out, Duration.ZERO);
                }
            }
            out.println("sent " + i);
            if (type == SocketType.REQ) {
                printMessage(out, awaitMessage(socket, out));
            }
            printEvents(socket, out, Duration.ofMillis(intervalMillis));
            out.flush();
        }
    }

    private void receive(ZmqSocket socket, PrintWriter out, boolean echo) throws Exception {
        int received = 0;
        while (!stopping && (count == null || received < count)) {
            Message message = poll(socket, out);
            if (message == null) {
                continue;
            }
            received++;
            printMessage(out, message);
            if (echo) {
                socket.send(message, Duration.ofSeconds(1));
            }
            out.flush();
        }
        out.println("received " + received);
    }

    private Message awaitMessage(ZmqSocket socket, PrintWriter out) throws ZmqException {
        while (!stopping) {
            Message message = poll(socket, out);
            if (message != null) {
                return message;
            }
        }
        return null;
    }

    private Message poll(ZmqSocket socket, PrintWriter out) throws ZmqException {
        printEvents(socket, out, Duration.ZERO);
        try {
            return socket.receive(POLL);
        } catch (ZmqException e) {
            if (e.kind() == ErrorKind.WOULD_BLOCK) {
                return null;
            }
            throw e;
        }
    }

    private static void printEvents(ZmqSocket socket, PrintWriter out, Duration wait) throws ZmqException {
        for (var event = socket.nextEvent(wait); event.isPresent(); event = socket.nextEvent(Duration.ZERO)) {
            SocketEvent e = event.get();
            out.println("event " + e.kind() + (e.endpoint().isEmpty() ? "" : " " + e.endpoint())
                    + (e.detail().isEmpty() ? "" : " (" + e.detail() + ")"));
        }
        out.flush();
    }

    private static void printMessage(PrintWriter out, Message message) {
        if (message == null) {
            return;
        }
        StringBuilder line = new StringBuilder("message");
        message.routingId()
                .ifPresent(id -> line.append(" [routing id ").append(id).append(']'));
        message.group().ifPresent(g -> line.append(" [group ").append(g).append(']'));
        for (byte[] frame : message.frames()) {
            line.append(" | ").append(printable(frame));
        }
        out.println(line);
    }

    static String printable(byte[] frame) {
        boolean text = true;
        for (byte b : frame) {
            if (b < 0x20 || b > 0x7e) {
                text = false;
                break;
            }
        }
        if (text) {
            return "'" + new String(frame, StandardCharsets.US_ASCII) + "'";
        }
        StringBuilder hex = new StringBuilder("0x");
        for (byte b : frame) {
            hex.append(String.format("%02x", b));
        }
        return hex.toString();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(5, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
