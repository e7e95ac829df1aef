package dev.zck.adapters.driver;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zck.adapters.driver.internal.DriverSession;
import dev.zck.drivers.protocol.DriverJson;
import dev.zck.drivers.protocol.Op;
import dev.zck.spi.Capabilities;
import dev.zck.spi.ErrorKind;
import dev.zck.spi.ImplementationFailure;
import dev.zck.spi.ImplementationInfo;
import dev.zck.spi.SocketType;
import dev.zck.spi.ZmqException;
import dev.zck.spi.ZmqImplementation;
import dev.zck.spi.ZmqSocket;

/**
 * Any program that speaks the driver protocol (spec/DRIVER-PROTOCOL.md), as an SPI implementation: this is how zck
 * tests ZeroMQ implementations written in other languages. {@link #start} runs the driver and greets it; its answer
 * gives {@link #info()} and {@link #capabilities()}; every socket call is one request.
 *
 * <p><b>When the driver misbehaves</b> (its process exits or closes its output without being asked, a reply does
 * not come within the request's timeout plus the reply grace, or a line breaks the protocol), the driver's whole
 * process tree is killed and the SPI call that was waiting throws an {@link ImplementationFailure} (CRASHED, HUNG or
 * PROTOCOL_ERROR) whose message has the evidence: the exit status and the last lines of the driver's stderr, the
 * request that was not answered, or the offending line and its number. Every later call on a socket of that process
 * throws the same failure.
 *
 * <p><b>Restart.</b> After such a failure this implementation is broken but not dead: the next {@link #socket} call
 * starts a fresh driver process with the same command, greets it, and creates the socket there (printing one line
 * on stderr, {@code zck: driver ... restarted after CRASHED: ...}), so that a run goes on with its next check. The
 * capabilities and identity stay those of the first process. Sockets of the dead process keep throwing its failure.
 *
 * <p><b>Processes.</b> No driver process outlives {@link #close()}: it sends {@code bye}, waits for the exit within
 * the reply grace, and then kills the tree in any case; a shutdown hook kills every driver still running when the
 * JVM exits.
 */
public final class DriverImplementation implements ZmqImplementation {
    private final DriverCommand command;
    private final DriverTimeouts timeouts;
    private final ImplementationInfo info;
    private final Capabilities capabilities;
    private DriverSession session; // guarded by this
    private boolean closed; // guarded by this

    private DriverImplementation(DriverCommand command, DriverTimeouts timeouts, DriverSession session, Hello hello) {
        this.command = command;
        this.timeouts = timeouts;
        this.session = session;
        this.info = hello.info();
        this.capabilities = hello.capabilities();
    }

    /** Starts the driver with the timeouts of the system properties ({@link DriverTimeouts#fromSystemProperties}). */
    public static DriverImplementation start(DriverCommand command) throws ZmqException {
        return start(command, DriverTimeouts.fromSystemProperties());
    }

    /**
     * Starts the driver process and greets it ({@code hello}, protocol 1).
     *
     * @throws ZmqException {@link ErrorKind#OTHER} when the program cannot be started (the message has the operating
     *     system's reason); the kind the driver answered when it refuses hello (UNSUPPORTED: it does not speak
     *     protocol 1). No process is left running.
     * @throws ImplementationFailure when the driver crashes, does not answer hello within the start timeout, or
     *     answers it wrongly; its process tree is killed
     */
    public static DriverImplementation start(DriverCommand command, DriverTimeouts timeouts) throws ZmqException {
        DriverSession session = DriverSession.start(command, timeouts);
        return new DriverImplementation(command, timeouts, session, greet(session, null));
    }

    private static Hello greet(DriverSession session, Capabilities declared) throws ZmqException {
        try {
            Hello hello = session.hello(Hello::read);
            session.declareEvents((declared == null ? hello.capabilities() : declared).events());
            return hello;
        } catch (ZmqException e) {
            session.close();
            throw new ZmqException(e.kind(), session.label() + " refused hello: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            session.close();
            throw e;
        }
    }

    @Override
    public ImplementationInfo info() {
        return info;
    }

    @Override
    public Capabilities capabilities() {
        return capabilities;
    }

    /**
     * Asks the driver for a socket; the driver answers for types it does not support (UNSUPPORTED). If the driver
     * process failed before, a fresh one is started first (see the class comment).
     *
     * @throws ImplementationFailure when the driver fails now (this call then had no effect, and the next call
     *     restarts it)
     */
    @Override
    public synchronized ZmqSocket socket(SocketType type) throws ZmqException {
        DriverSession current = liveSession();
        ObjectNode arguments = DriverJson.object();
        arguments.put("type", type.zmtpName());
        int handle = current.call(Op.SOCKET, arguments, timeouts.replyGrace(), DriverSocket::readHandle);
        return new DriverSocket(current, handle, type, !capabilities.events().isEmpty(), timeouts);
    }

    private DriverSession liveSession() throws ZmqException {
        if (closed) {
            throw new ZmqException(ErrorKind.TERMINATED, "driver " + command + " was closed");
        }
        ImplementationFailure failure = session.failure().orElse(null);
        if (failure != null) {
            DriverSession dead = session;
            DriverSession fresh = DriverSession.start(command, timeouts);
            greet(fresh, capabilities);
            session = fresh;
            String what = failure.getMessage().lines().findFirst().orElse("");
            if (what.startsWith(dead.label())) {
                what = "pid " + dead.process().pid()
                        + what.substring(dead.label().length());
            }
            System.err.println("zck: driver " + command + " restarted after " + failure.kind() + ": " + what
                    + " (the new pid is " + fresh.process().pid() + ")");
        }
        return session;
    }

    /** Sends {@code bye}, waits for the driver to exit within the reply grace, then kills its tree in any case. */
    @Override
    public synchronized void close() {
        closed = true;
        session.close();
    }

    /** The current driver process's session (for tests). */
    synchronized DriverSession session() {
        return session;
    }

    @Override
    public String toString() {
        return info.label() + " through driver " + command;
    }
}
