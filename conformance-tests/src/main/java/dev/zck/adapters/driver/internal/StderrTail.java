package dev.zck.adapters.driver.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.List;

/**
 * Keeps the last {@link #LINES} lines a driver wrote on stderr (each cut at {@link #LINE_CHARS}), read by a thread of
 * its own so that the driver never blocks on a full pipe, for quoting when the driver fails. A driver that speaks
 * over TCP has its stdout merged in, since nothing else reads it.
 */
final class StderrTail {
    static final int LINES = 20;
    static final int LINE_CHARS = 500;

    private final ArrayDeque<String> lines = new ArrayDeque<>();
    private final String streamName;
    private final Thread reader;

    StderrTail(InputStream in, String threadName) {
        this(in, threadName, "stderr");
    }

    /** @param streamName what the driver wrote on, for the report: "stderr" or "stdout and stderr" */
    StderrTail(InputStream in, String threadName, String streamName) {
        this.streamName = streamName;
        reader = new Thread(() -> pump(in), threadName);
        reader.setDaemon(true);
        reader.start();
    }

    private void pump(InputStream in) {
        StringBuilder line = new StringBuilder();
        char[] chunk = new char[4096];
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            int read;
            while ((read = reader.read(chunk)) >= 0) {
                for (int i = 0; i < read; i++) {
                    if (chunk[i] == '\n') {
                        add(line);
                    } else if (line.length() < LINE_CHARS) {
                        line.append(chunk[i]);
                    }
                }
            }
        } catch (IOException e) {
            // the stream was closed because the driver was killed; what was read is kept
        }
        if (!line.isEmpty()) {
            add(line);
        }
    }

    private synchronized void add(StringBuilder line) {
        if (lines.size() == LINES) {
            lines.removeFirst();
        }
        int end = line.length();
        if (end > 0 && line.charAt(end - 1) == '\r') {
            end--;
        }
        lines.addLast(line.substring(0, end));
        line.setLength(0);
    }

    /** Waits (at most {@code max}) until the driver's stderr is closed, so that its last words are read. */
    void awaitEnd(Duration max) {
        try {
            reader.join(Math.max(1, max.toMillis()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    synchronized List<String> lines() {
        return List.copyOf(lines);
    }

    /** The tail as the end of a report, or empty when the driver wrote nothing. */
    String describe() {
        List<String> tail = lines();
        if (tail.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder("\nlast ")
                .append(tail.size())
                .append(tail.size() == 1 ? " line" : " lines")
                .append(" of its ")
                .append(streamName)
                .append(':');
        tail.forEach(line -> out.append("\n  | ").append(line));
        return out.toString();
    }
}
