package dev.zck.engine.socket;

import dev.zck.engine.socket.internal.SocketCore;
import dev.zck.spi.ErrorKind;
import dev.zck.spi.Message;
import dev.zck.spi.SocketEvent;
import dev.zck.spi.SocketOption;
import dev.zck.spi.SocketType;
import dev.zck.spi.ZmqException;
import dev.zck.spi.ZmqSocket;
import io.netty.util.concurrent.Future;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The blocking SPI view of an engine socket. Every call runs on the socket's event loop; the calling thread waits
 * for the answer, never the loop. Timeouts of send and receive are kept by the loop, so a would-block comes from the
 * engine's own timer; the caller additionally gives up after {@link #GRACE} if the loop never answers, which only a
 * broken engine could cause.
 */
final class ReferenceSocket implements ZmqSocket {
    /** How much longer than a call's own timeout the caller waits for the loop. */
    static final Duration GRACE = Duration.ofSeconds(10);

    private final SocketCore core;
    private final Duration maxLinger;
    private final BlockingQueue<SocketEvent> events = new LinkedBlockingQueue<>();
    private final Consumer<Future<Void>> onTerminated;
    private volatile boolean closed;

    ReferenceSocket(SocketCore core, Duration maxLinger, Consumer<Future<Void>> onTerminated) {
        this.core = core;
        this.maxLinger = maxLinger;
        this.onTerminated = onTerminated;
        core.onEvent(events::add);
    }

    @Override
    public SocketType type() {
        return core.type();
    }

    @Override
    public <T> void set(SocketOption<T> option, T value) throws ZmqException {
        onLoop(() -> {
            core.set(option, value);
            return null;
        });
    }

    @Override
    public <T> T get(SocketOption<T> option) throws ZmqException {
        return option.type().cast(onLoop(() -> core.get(option)));
    }

    @Override
    public String bind(String endpoint) throws ZmqException {
        return await(onLoop(() -> core.bind(endpoint)), Duration.ZERO);
    }

    @Override
    public void connect(String endpoint) throws ZmqException {
        onLoop(() -> {
            core.connect(endpoint);
            return null;
        });
    }

    @Override
    public int connectPeer(String endpoint) throws ZmqException {
        return onLoop(() -> core.connectPeer(endpoint));
    }

    @Override
    public void unbind(String endpoint) throws ZmqException {
        await(onLoop(() -> core.unbind(endpoint)), Duration.ZERO);
    }

    @Override
    public void disconnect(String endpoint) throws ZmqException {
        onLoop(() -> {
            core.disconnect(endpoint);
            return null;
        });
    }

    @Override
    public void send(Message message, Duration timeout) throws ZmqException {
        await(onLoop(() -> core.send(message, timeout.toMillis())), timeout);
    }

    @Override
    public Message receive(Duration timeout) throws ZmqException {
        return await(onLoop(() -> core.receive(timeout.toMillis())), timeout);
    }

    @Override
    public Optional<SocketEvent> nextEvent(Duration timeout) throws ZmqException {
        try {
            return Optional.ofNullable(events.poll(timeout.toNanos(), TimeUnit.NANOSECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ZmqException(ErrorKind.OTHER, "interrupted", e);
        }
    }

    @Override
    public void close() throws ZmqException {
        if (closed) {
            return;
        }
        closed = true;
        Future<Void> listenersClosed = onLoop(() -> core.close(maxLinger.toMillis()));
        onTerminated.accept(core.terminated());
        await(listenersClosed, Duration.ZERO);
    }

    private <T> T onLoop(Callable<T> call) throws ZmqException {
        if (core.loop().inEventLoop()) {
            try {
                return call.call();
            } catch (ZmqException e) {
                throw e;
            } catch (Exception e) {
                throw new ZmqException(ErrorKind.OTHER, String.valueOf(e), e);
            }
        }
        if (core.loop().isShuttingDown()) {
            throw new ZmqException(ErrorKind.TERMINATED, "ETERM: the engine was closed");
        }
        return await(core.loop().submit(call), Duration.ZERO);
    }

    private static <T> T await(Future<T> future, Duration timeout) throws ZmqException {
        try {
            return future.get(timeout.plus(GRACE).toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ZmqException(ErrorKind.OTHER, "interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ZmqException z) {
                throw new ZmqException(z.kind(), z.getMessage(), z);
            }
            throw new ZmqException(ErrorKind.OTHER, String.valueOf(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            throw new ZmqException(
                    ErrorKind.OTHER, "the engine's event loop did not answer within " + timeout.plus(GRACE));
        }
    }

    @Override
    public String toString() {
        return "ReferenceSocket[" + core.type() + "]";
    }
}
