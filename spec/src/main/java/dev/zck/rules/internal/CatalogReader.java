package dev.zck.rules.internal;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.zck.rules.CatalogException;
import dev.zck.rules.Level;
import dev.zck.rules.Requirements;
import dev.zck.rules.Rule;
import dev.zck.rules.Source;
import dev.zck.rules.TestMethod;
import dev.zck.rules.Timing;
import dev.zck.spi.Mechanism;
import dev.zck.spi.SocketOption;
import dev.zck.spi.SocketType;
import dev.zck.spi.Transport;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/** Reads rules.yaml into {@link Rule}s and checks every catalog rule, reporting all problems at once. */
public final class CatalogReader {
    /** Upper-kebab with at least two parts; dots allowed inside parts (VER-DETECT-2.0). */
    public static final Pattern ID = Pattern.compile("^[A-Z][A-Z0-9]*(-[A-Z0-9.]+)+$");

    public static final int MAX_TITLE = 80;

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    private CatalogReader() {}

    public static List<Rule> read(InputStream in, String origin) {
        List<Entry> entries;
        try {
            entries = YAML.readValue(in, new TypeReference<List<Entry>>() {});
        } catch (JsonProcessingException e) {
            throw new CatalogException(origin, "not a valid rule list: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new CatalogException(origin, "cannot read: " + e.getMessage(), e);
        }
        if (entries == null || entries.isEmpty()) {
            throw new CatalogException(origin, List.of("the catalog is empty"));
        }
        List<String> problems = new ArrayList<>();
        List<Rule> rules = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            String where = entry.id == null ? "entry #" + (i + 1) : entry.id;
            Rule rule = toRule(entry, where, problems);
            if (entry.id != null && !ids.add(entry.id)) {
                problems.add(where + ": duplicate id");
            }
            if (rule != null) {
                rules.add(rule);
            }
        }
        for (Rule rule : rules) {
            for (String related : rule.related()) {
                if (!ids.contains(related)) {
                    problems.add(rule.id() + ": related rule " + related + " does not exist");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new CatalogException(origin, problems);
        }
        return rules;
    }

    private static Rule toRule(Entry e, String where, List<String> problems) {
        int before = problems.size();
        if (e.id == null || !ID.matcher(e.id).matches()) {
            problems.add(where + ": id must be upper-kebab like ZMTP3-GREET-SIGNATURE, was " + e.id);
        }
        requireText(e.title, "title", where, problems);
        if (e.title != null && e.title.length() > MAX_TITLE) {
            problems.add(where + ": title longer than " + MAX_TITLE + " characters");
        }
        requireText(e.section, "section", where, problems);
        requireText(e.text, "text", where, problems);
        requireText(e.observable, "observable", where, problems);
        Source source = parseEnum(Source.class, e.source, "source", where, problems);
        Level level = parseEnum(Level.class, e.level, "level", where, problems);
        Timing timing = parseEnum(Timing.class, e.timing, "timing", where, problems);
        TestMethod method = null;
        if (e.test == null) {
            problems.add(where + ": missing test (method and how)");
        } else {
            method = parseEnum(TestMethod.class, e.test.method, "test.method", where, problems);
            requireText(e.test.how, "test.how", where, problems);
        }
        if (level == Level.LIBZMQ && source != null && source != Source.LIBZMQ) {
            problems.add(where + ": level LIBZMQ needs source LIBZMQ");
        }
        if (source == Source.LIBZMQ && level != null && level != Level.LIBZMQ) {
            problems.add(where + ": source LIBZMQ needs level LIBZMQ");
        }
        Requirements requires = requirements(e.requires, where, problems);
        if (problems.size() > before) {
            return null;
        }
        return new Rule(
                e.id,
                e.title.strip(),
                source,
                e.section.strip(),
                level,
                e.text.strip(),
                e.observable.strip(),
                method,
                e.test.how.strip(),
                timing,
                e.deviations == null ? "" : e.deviations.strip(),
                requires,
                e.related == null ? List.of() : e.related);
    }

    private static Requirements requirements(Map<String, List<String>> raw, String where, List<String> problems) {
        if (raw == null) {
            return Requirements.NONE;
        }
        Set<SocketType> types = EnumSet.noneOf(SocketType.class);
        Set<SocketOption<?>> options = new LinkedHashSet<>();
        Set<Mechanism> mechanisms = EnumSet.noneOf(Mechanism.class);
        Set<Transport> transports = EnumSet.noneOf(Transport.class);
        for (Map.Entry<String, List<String>> item : raw.entrySet()) {
            List<String> values = item.getValue() == null ? List.of() : item.getValue();
            switch (item.getKey()) {
                case "socket-types" ->
                    collect(values, v -> parseEnum(SocketType.class, v, "socket type", where, problems), types);
                case "options" ->
                    collect(
                            values,
                            v -> {
                                var option = SocketOption.byName(v);
                                if (option.isEmpty()) {
                                    problems.add(where + ": unknown option " + v);
                                }
                                return option.orElse(null);
                            },
                            options);
                case "mechanisms" ->
                    collect(values, v -> parseEnum(Mechanism.class, v, "mechanism", where, problems), mechanisms);
                case "transports" ->
                    collect(values, v -> parseEnum(Transport.class, v, "transport", where, problems), transports);
                default ->
                    problems.add(where + ": unknown requires key " + item.getKey()
                            + " (socket-types, options, mechanisms, transports)");
            }
        }
        return new Requirements(types, options, mechanisms, transports);
    }

    private static <T> void collect(List<String> values, Function<String, T> parse, Set<? super T> into) {
        for (String value : values) {
            T parsed = parse.apply(value);
            if (parsed != null) {
                into.add(parsed);
            }
        }
    }

    private static void requireText(String value, String field, String where, List<String> problems) {
        if (value == null || value.isBlank()) {
            problems.add(where + ": missing " + field);
        }
    }

    private static <E extends Enum<E>> E parseEnum(
            Class<E> type, String value, String field, String where, List<String> problems) {
        if (value == null || value.isBlank()) {
            problems.add(where + ": missing " + field);
            return null;
        }
        try {
            return Enum.valueOf(type, value.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException ex) {
            problems.add(where + ": unknown " + field + " " + value + ", expected one of " + EnumSet.allOf(type));
            return null;
        }
    }

    /** One YAML entry, as written. */
    static final class Entry {
        @JsonProperty
        String id;

        @JsonProperty
        String title;

        @JsonProperty
        String source;

        @JsonProperty
        String section;

        @JsonProperty
        String level;

        @JsonProperty
        String text;

        @JsonProperty
        String observable;

        @JsonProperty
        Test test;

        @JsonProperty
        String timing;

        @JsonProperty
        String deviations;

        @JsonProperty
        Map<String, List<String>> requires;

        @JsonProperty
        List<String> related;
    }

    /** The {@code test} block of an entry. */
    static final class Test {
        @JsonProperty
        String method;

        @JsonProperty
        String how;
    }
}
