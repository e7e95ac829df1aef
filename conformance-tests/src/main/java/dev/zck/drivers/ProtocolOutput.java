package dev.zck.drivers;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zck.drivers.protocol.DriverJson;
import dev.zck.spi.ErrorKind;
import dev.zck.spi.SocketEvent;
import dev.zck.spi.ZmqException;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * The driver's side of the channel: replies and events, each written as one whole line under a lock and flushed, by
 * whichever thread has it. Once closed (after {@code bye}) or broken (the kit went away), lines are dropped.
 */
final class ProtocolOutput {
    private final Writer out;
    private boolean open = true; // guarded by this

    ProtocolOutput(OutputStream stream) {
        this.out = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
    }

    void ok(long id, ObjectNode result) {
        ObjectNode line = DriverJson.object();
        line.put("id", id);
        line.put("ok", true);
        line.set("result", result);
        write(line);
    }

    void error(long id, ErrorKind kind, String message) {
        ObjectNode line = DriverJson.object();
        line.put("id", id);
        line.put("ok", false);
        line.set("error", DriverJson.error(kind, message));
        write(line);
    }

    /**
     * The error reply for a failed request: a {@link ZmqException} keeps its kind, a {@link Request.Malformed} request
     * is OTHER, and any other exception (a bug in the driver or the implementation) is OTHER with its {@code
     * toString}, its stack trace going to stderr.
     */
    void failure(long id, Exception failure) {
        if (failure instanceof ZmqException z) {
            error(id, z.kind(), z.getMessage());
        } else if (failure instanceof Request.Malformed) {
            error(id, ErrorKind.OTHER, failure.getMessage());
        } else {
            System.err.println("driver: request " + id + " failed:");
            failure.printStackTrace(System.err);
            error(id, ErrorKind.OTHER, failure.toString());
        }
    }

    void event(int socket, SocketEvent event) {
        ObjectNode line = DriverJson.object();
        line.set("event", DriverJson.event(socket, event));
        write(line);
    }

    /** Flushes and closes the stream; later lines are dropped. */
    synchronized void close() {
        if (!open) {
            return;
        }
        open = false;
        try {
            out.close();
        } catch (IOException e) {
            System.err.println("driver: closing the protocol channel failed: " + e);
        }
    }

    private synchronized void write(ObjectNode line) {
        if (!open) {
            return;
        }
        try {
            out.write(DriverJson.write(line));
            out.write('\n');
            out.flush();
        } catch (IOException e) {
            open = false;
            System.err.println("driver: the protocol channel is broken, lines are dropped from now on: " + e);
        }
    }
}
