package dev.zck.rules;

import dev.zck.rules.internal.CatalogReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The rule catalog, read from {@code spec/rules.yaml} (shipped in this jar) and validated on load: IDs unique and
 * well-formed, every field present, related IDs existing. Immutable.
 */
public final class RuleCatalog {
    /** The classpath resource holding the catalog. */
    public static final String RESOURCE = "/dev/zck/rules/rules.yaml";

    private static volatile RuleCatalog standard;

    private final Map<String, Rule> byId;

    private RuleCatalog(List<Rule> rules) {
        Map<String, Rule> map = new LinkedHashMap<>();
        for (Rule rule : rules) {
            map.put(rule.id(), rule);
        }
        this.byId = Collections.unmodifiableMap(map);
    }

    /** The catalog shipped with zck, loaded once. */
    public static RuleCatalog standard() {
        RuleCatalog catalog = standard;
        if (catalog == null) {
            try (InputStream in = RuleCatalog.class.getResourceAsStream(RESOURCE)) {
                if (in == null) {
                    throw new CatalogException(RESOURCE, List.of("resource not found on the classpath"));
                }
                catalog = parse(in, RESOURCE);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            standard = catalog;
        }
        return catalog;
    }

    /**
     * Reads and validates a catalog.
     *
     * @param origin names the data in error messages (a file name)
     * @throws CatalogException listing every problem, when the data is unreadable or invalid
     */
    public static RuleCatalog parse(InputStream yaml, String origin) {
        return new RuleCatalog(CatalogReader.read(yaml, origin));
    }

    /** All rules in catalog order. */
    public List<Rule> all() {
        return List.copyOf(byId.values());
    }

    /** The rules matching {@code filter}, in catalog order. */
    public List<Rule> select(Predicate<Rule> filter) {
        return byId.values().stream().filter(filter).toList();
    }

    /** The rule with this ID, if any. */
    public Optional<Rule> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /**
     * The rule with this ID.
     *
     * @throws IllegalArgumentException when no rule has it: a test naming an unknown rule is a bug
     */
    public Rule get(String id) {
        Rule rule = byId.get(id);
        if (rule == null) {
            throw new IllegalArgumentException("no rule " + id + " in the catalog");
        }
        return rule;
    }

    public int size() {
        return byId.size();
    }
}
