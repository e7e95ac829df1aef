package dev.zck.adapters.driver.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/** Where the protocol lines go: the driver's stdin and stdout, or the one TCP connection it opened to the kit. */
abstract class Channel {
    /** The driver's lines. */
    abstract InputStream input();

    /** The kit's lines. */
    abstract OutputStream output();

    /** Ends the kit's side, as end-of-file for the driver. */
    abstract void closeOutput();

    /** Releases everything; the reader then sees the end of the stream or an error. */
    abstract void close();

    /** What the driver reads from and writes to, for reports: "stdout" or "connection". */
    abstract String name();

    static Channel stdio(Process process) {
        return new Channel() {
            @Override
            InputStream input() {
                return process.getInputStream();
            }

            @Override
            OutputStream output() {
                return process.getOutputStream();
            }

            @Override
            void closeOutput() {
                quietly(process.getOutputStream()::close);
            }

            @Override
            void close() {
                closeOutput();
                quietly(process.getInputStream()::close);
            }

            @Override
            String name() {
                return "stdout";
            }
        };
    }

    static Channel tcp(Socket socket) throws IOException {
        socket.setTcpNoDelay(true);
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        return new Channel() {
            @Override
            InputStream input() {
                return in;
            }

            @Override
            OutputStream output() {
                return out;
            }

            @Override
            void closeOutput() {
                quietly(socket::shutdownOutput);
            }

            @Override
            void close() {
                quietly(socket::close);
            }

            @Override
            String name() {
                return "connection";
            }
        };
    }

    interface Closer {
        void close() throws IOException;
    }

    static void quietly(Closer closer) {
        try {
            closer.close();
        } catch (IOException e) {
            // already closed or broken: either way it is released
        }
    }
}
