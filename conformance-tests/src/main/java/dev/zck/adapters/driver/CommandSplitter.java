package dev.zck.adapters.driver;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a command line into arguments the way a POSIX shell would for the simple cases: whitespace separates,
 * single quotes keep everything literally, double quotes group and honour backslash escapes, and a backslash outside
 * quotes escapes the next character. Nothing is expanded.
 */
final class CommandSplitter {
    private CommandSplitter() {}

    static List<String> split(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        int quoteStart = -1;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\\' && (quote == '"' || quote == 0)) {
                if (i + 1 == text.length()) {
                    throw new IllegalArgumentException("driver command ends with a lone backslash: " + text);
                }
                word.append(text.charAt(++i));
                inWord = true;
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                quoteStart = i;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (quote != 0) {
            throw new IllegalArgumentException("driver command has an unclosed " + quote
                    + " quote (opened at character " + (quoteStart + 1) + "): " + text);
        }
        if (inWord) {
            words.add(word.toString());
        }
        if (words.isEmpty()) {
            throw new IllegalArgumentException("empty driver command: give the program to run and its arguments");
        }
        return words;
    }
}
