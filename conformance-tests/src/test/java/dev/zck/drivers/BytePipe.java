package dev.zck.drivers;

import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * A one-way in-memory byte channel for driving a server in-process. Unlike PipedInputStream it does not care which
 * threads write (the server's socket workers come and go); closing the output is end of input.
 */
final class BytePipe {
    private static final byte[] END = new byte[0];

    private final BlockingQueue<byte[]> chunks = new LinkedBlockingQueue<>();

    OutputStream output() {
        return new OutputStream() {
            @Override
            public void write(int b) {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                if (length > 0) {
                    chunks.add(Arrays.copyOfRange(bytes, offset, offset + length));
                }
            }

            @Override
            public void close() {
                chunks.add(END);
            }
        };
    }

    InputStream input() {
        return new InputStream() {
            private byte[] current = END;
            private int position;
            private boolean ended;

            @Override
            public int read() throws InterruptedIOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xFF;
            }

            @Override
            public int read(byte[] target, int offset, int length) throws InterruptedIOException {
                if (length == 0) {
                    return 0;
                }
                if (position == current.length) {
                    if (ended) {
                        return -1;
                    }
                    try {
                        current = chunks.take();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new InterruptedIOException("interrupted");
                    }
                    position = 0;
                    if (current == END) {
                        ended = true;
                        return -1;
                    }
                }
                int count = Math.min(length, current.length - position);
                System.arraycopy(current, position, target, offset, count);
                position += count;
                return count;
            }
        };
    }
}
