package dev.zck.adapters.driver.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;

/**
 * Reads {@code \n}-terminated lines with a bound on their length, so that a broken driver can never make the kit
 * allocate more than the bound, and counts them for the report.
 */
final class LineReader {
    /** How much of an offending line a report quotes. */
    static final int QUOTED_CHARS = 200;

    private final Reader in;
    private final int maxChars;
    private final char[] buffer = new char[8192];
    private int position;
    private int limit;
    private long lineNumber;

    LineReader(InputStream in, int maxChars) {
        this(new InputStreamReader(in, StandardCharsets.UTF_8), maxChars);
    }

    LineReader(Reader in, int maxChars) {
        this.in = in;
        this.maxChars = maxChars;
    }

    /**
     * The next line without its {@code \n}, or null at the end of the stream. An unterminated last line is dropped:
     * the writer died while writing it.
     *
     * @throws TooLong when the line has more than {@code maxChars} characters (its head is kept for the report)
     */
    String readLine() throws IOException {
        StringBuilder line = null;
        while (true) {
            if (position == limit) {
                int read = in.read(buffer, 0, buffer.length);
                if (read < 0) {
                    return null;
                }
                position = 0;
                limit = read;
            }
            int start = position;
            while (position < limit && buffer[position] != '\n') {
                position++;
            }
            int length = position - start;
            int before = line == null ? 0 : line.length();
            if ((long) before + length > maxChars) {
                lineNumber++;
                StringBuilder head = line == null ? new StringBuilder() : line;
                head.append(buffer, start, Math.min(length, QUOTED_CHARS));
                throw new TooLong(lineNumber, head.substring(0, Math.min(head.length(), QUOTED_CHARS)), maxChars);
            }
            if (position < limit) {
                position++;
                lineNumber++;
                return line == null
                        ? new String(buffer, start, length)
                        : line.append(buffer, start, length).toString();
            }
            if (line == null) {
                line = new StringBuilder(Math.max(64, 2 * length));
            }
            line.append(buffer, start, length);
        }
    }

    /** The number of the line last returned (or refused), counting from 1. */
    long lineNumber() {
        return lineNumber;
    }

    /** A line over the bound; reading stops there. */
    static final class TooLong extends IOException {
        private static final long serialVersionUID = 1L;

        private final long lineNumber;
        private final String head;

        TooLong(long lineNumber, String head, int maxChars) {
            super("line " + lineNumber + " is longer than " + maxChars + " characters");
            this.lineNumber = lineNumber;
            this.head = head;
        }

        long lineNumber() {
            return lineNumber;
        }

        /** The first {@link #QUOTED_CHARS} characters of the line. */
        String head() {
            return head;
        }
    }
}
