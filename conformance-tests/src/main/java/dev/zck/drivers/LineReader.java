package dev.zck.drivers;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

/**
 * Reads UTF-8 lines of at most a given length, so that a broken peer cannot make the driver allocate without end. A
 * longer line is skipped up to its end and reported with {@link TooLong}; the next line reads normally.
 */
final class LineReader {
    private final Reader in;
    private final int maxChars;
    private final char[] buffer = new char[8192];
    private int position;
    private int limit;

    LineReader(InputStream in, int maxChars) {
        this.in = new InputStreamReader(in, StandardCharsets.UTF_8);
        this.maxChars = maxChars;
    }

    /**
     * The next line without its {@code \n}, or null at end of input (a last line without {@code \n} is still a line).
     *
     * @throws TooLong when the line had more than {@code maxChars} characters; it was consumed
     */
    String next() throws IOException {
        StringBuilder line = new StringBuilder();
        boolean tooLong = false;
        boolean any = false;
        while (true) {
            if (position == limit && !fill()) {
                if (!any) {
                    return null;
                }
                break;
            }
            any = true;
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            if (!tooLong && line.length() + position - start > maxChars) {
                tooLong = true;
                line.setLength(0);
            }
            if (!tooLong) {
                line.append(buffer, start, position - start);
            }
            if (position < limit) {
                position++; // the newline
                break;
            }
        }
        if (tooLong) {
            throw new TooLong("a request line is longer than " + maxChars + " characters");
        }
        return line.toString();
    }

    private boolean fill() throws IOException {
        int read;
        do {
            read = in.read(buffer, 0, buffer.length);
        } while (read == 0);
        position = 0;
        limit = Math.max(read, 0);
        return read > 0;
    }

    /** A line over the limit, which was skipped. */
    static final class TooLong extends IOException {
        private static final long serialVersionUID = 1L;

        TooLong(String message) {
            super(message);
        }
    }
}
