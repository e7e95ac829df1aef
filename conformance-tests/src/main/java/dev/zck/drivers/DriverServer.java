package dev.zck.drivers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zck.drivers.protocol.DriverJson;
import dev.zck.spi.ErrorKind;
import dev.zck.spi.ImplementationInfo;
import dev.zck.spi.SocketEvent;
import dev.zck.spi.ZmqException;
import dev.zck.spi.ZmqImplementation;
import dev.zck.spi.ZmqSocket;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Puts any {@link ZmqImplementation} behind the driver protocol (spec/DRIVER-PROTOCOL.md), so that a Java
 * implementation runs as a driver process like those in other languages, and the kit's driver adapter can be checked
 * against implementations it also runs in-process.
 *
 * <p>The calling thread reads the requests and serves those that name no socket ({@code hello}, {@code socket},
 * {@code bye}); each socket has a {@link SocketWorker} thread that serves the requests naming it and reports its
 * events, so a receive waiting on one socket never delays another. Replies and events are written as whole lines
 * under a lock. A bad request is answered with an error and never ends the session: ZmqException keeps its kind, an
 * unknown op, option or socket type is UNSUPPORTED, a malformed request OTHER naming the field, any other exception
 * OTHER (stack trace to stderr).
 */
public final class DriverServer {
    /** How long the end of a session waits for the socket workers before closing the implementation anyway. */
    static final Duration END_WAIT = Duration.ofSeconds(5);

    private final ZmqImplementation implementation;
    private final LineReader in;
    private final ProtocolOutput out;
    private final Set<SocketEvent.Kind> declaredEvents;
    private final Map<Integer, SocketWorker> sockets = new ConcurrentHashMap<>();
    private int lastHandle; // reader thread only
    private boolean ended; // reader thread only

    /** A session over the given streams; nothing is read before {@link #run()}. */
    public DriverServer(ZmqImplementation implementation, InputStream in, OutputStream out) {
        this(implementation, in, out, DriverJson.MAX_LINE_CHARS);
    }

    DriverServer(ZmqImplementation implementation, InputStream in, OutputStream out, int maxLineChars) {
        this.implementation = implementation;
        this.in = new LineReader(in, maxLineChars);
        this.out = new ProtocolOutput(out);
        this.declaredEvents = Set.copyOf(implementation.capabilities().events());
    }

    /**
     * The entry point of a Java driver: serves one session with the implementation {@code factory} makes, on stdin
     * and stdout, or with {@code --connect HOST:PORT} on a TCP connection to the kit, then exits (status 0 after
     * {@code bye} or end of input, 2 for bad arguments or an unreachable kit, 1 when the implementation cannot be
     * made). Whatever the implementation prints on {@code System.out} goes to stderr: stdout carries protocol lines
     * only.
     */
    public static void serve(Supplier<ZmqImplementation> factory, String[] args) {
        OutputStream stdout = new FileOutputStream(FileDescriptor.out);
        System.setOut(System.err);
        System.exit(serve(factory, args, System.in, stdout));
    }

    /** {@link #serve(Supplier, String[])} without the exit: the status. */
    static int serve(Supplier<ZmqImplementation> factory, String[] args, InputStream stdin, OutputStream stdout) {
        if (args.length == 0) {
            return session(factory, stdin, stdout);
        }
        if (args.length != 2 || !"--connect".equals(args[0])) {
            System.err.println("usage: DRIVER [--connect HOST:PORT]  (spec/DRIVER-PROTOCOL.md)");
            return 2;
        }
        int colon = args[1].lastIndexOf(':');
        int port;
        try {
            port = Integer.parseInt(args[1].substring(colon + 1));
        } catch (NumberFormatException e) {
            System.err.println("driver: --connect takes HOST:PORT, not " + args[1]);
            return 2;
        }
        String host = args[1].substring(0, Math.max(colon, 0)).replace("[", "").replace("]", "");
        try (Socket kit = new Socket(host, port)) {
            kit.setTcpNoDelay(true);
            return session(factory, kit.getInputStream(), kit.getOutputStream());
        } catch (IOException e) {
            System.err.println("driver: cannot reach the kit at " + args[1] + ": " + e);
            return 2;
        }
    }

    private static int session(Supplier<ZmqImplementation> factory, InputStream in, OutputStream out) {
        ZmqImplementation implementation;
        try {
            implementation = factory.get();
        } catch (RuntimeException e) {
            System.err.println("driver: the implementation could not be made:");
            e.printStackTrace(System.err);
            return 1;
        }
        new DriverServer(implementation, in, out).run();
        return 0;
    }

    /**
     * Serves requests until {@code bye} or the end of input (which is {@code bye} without its reply), then closes
     * every socket still open and the implementation, and closes the output stream.
     */
    public void run() {
        try {
            boolean bye = false;
            while (!bye) {
                String line = nextLine();
                if (line == null) {
                    break;
                }
                if (!line.isBlank()) {
                    bye = handle(line);
                }
            }
        } finally {
            try {
                end();
            } catch (ZmqException | RuntimeException e) {
                System.err.println("driver: closing the implementation failed: " + e);
            }
            out.close();
        }
    }

    /** The next line; null at end of input, or when it cannot be read. */
    private String nextLine() {
        while (true) {
            try {
                return in.next();
            } catch (LineReader.TooLong e) {
                out.error(0, ErrorKind.OTHER, e.getMessage());
            } catch (IOException e) {
                System.err.println("driver: reading requests failed, ending the session: " + e);
                return null;
            }
        }
    }

    /** Serves one line; true after {@code bye}. A line without a usable id is answered with id 0. */
    private boolean handle(String line) {
        long id = 0;
        try {
            ObjectNode node = Request.json(line);
            id = Request.id(node);
            Request request = Request.of(id, node);
            switch (request.op()) {
                case HELLO -> out.ok(id, hello(request));
                case SOCKET -> out.ok(id, socket(request));
                case BYE -> {
                    bye(id);
                    return true;
                }
                default -> worker(request.socket()).submit(request);
            }
        } catch (ZmqException | RuntimeException e) {
            out.failure(id, e);
        }
        return false;
    }

    private ObjectNode hello(Request request) throws ZmqException {
        int protocol = request.intField("protocol");
        if (protocol != DriverJson.PROTOCOL_VERSION) {
            throw new ZmqException(
                    ErrorKind.UNSUPPORTED,
                    "this driver speaks protocol " + DriverJson.PROTOCOL_VERSION + ", not " + protocol);
        }
        ImplementationInfo info = implementation.info();
        ObjectNode result = DriverJson.object();
        result.put("protocol", DriverJson.PROTOCOL_VERSION);
        result.put("name", info.name());
        result.put("version", info.version());
        result.put("language", info.language());
        result.put("detail", info.detail());
        result.set("capabilities", DriverJson.capabilities(implementation.capabilities()));
        return result;
    }

    private ObjectNode socket(Request request) throws ZmqException {
        ZmqSocket socket = implementation.socket(request.socketType());
        int handle = ++lastHandle;
        SocketWorker worker = new SocketWorker(handle, socket, declaredEvents, out, () -> sockets.remove(handle));
        sockets.put(handle, worker);
        worker.start();
        ObjectNode result = DriverJson.object();
        result.put("socket", handle);
        return result;
    }

    private SocketWorker worker(int handle) throws ZmqException {
        SocketWorker worker = sockets.get(handle);
        if (worker == null) {
            throw new ZmqException(ErrorKind.TERMINATED, "ENOTSOCK: socket " + handle + " is closed or was never made");
        }
        return worker;
    }

    private void bye(long id) {
        try {
            end();
            out.ok(id, DriverJson.object());
        } catch (ZmqException | RuntimeException e) {
            out.failure(id, e);
        }
    }

    /**
     * Ends every socket worker (each closes its socket), waiting up to {@link #END_WAIT} for them, then closes the
     * implementation. Only the first call does anything.
     */
    private void end() throws ZmqException {
        if (ended) {
            return;
        }
        ended = true;
        List<SocketWorker> workers = new ArrayList<>(sockets.values());
        workers.forEach(SocketWorker::end);
        long deadline = System.nanoTime() + END_WAIT.toNanos();
        for (SocketWorker worker : workers) {
            if (!worker.awaitEnd(deadline)) {
                System.err.println("driver: socket " + worker.handle() + " did not close within " + END_WAIT);
            }
        }
        implementation.close();
    }
}
