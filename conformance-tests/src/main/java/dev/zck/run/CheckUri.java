package dev.zck.run;

import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Carries a dynamic check's name, suite and rule IDs in its JUnit test source URI ({@code zck:check?...}), so the
 * result collector can name them without any shared state.
 *
 * @param check the check's stable name
 * @param suite its suite
 * @param ruleIds the rules it checks
 */
record CheckUri(String check, String suite, List<String> ruleIds) {
    private static final String SCHEME = "zck";

    static URI of(String check, String suite, List<String> ruleIds) {
        return URI.create(SCHEME + ":check?name=" + encode(check) + "&suite=" + encode(suite) + "&rules="
                + encode(String.join(",", ruleIds)));
    }

    static Optional<CheckUri> parse(URI uri) {
        if (!SCHEME.equals(uri.getScheme())) {
            return Optional.empty();
        }
        String ssp = uri.getRawSchemeSpecificPart();
        int query = ssp.indexOf('?');
        if (query < 0) {
            return Optional.empty();
        }
        Map<String, String> fields = new LinkedHashMap<>();
        for (String pair : ssp.substring(query + 1).split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                fields.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        String rules = fields.getOrDefault("rules", "");
        return Optional.of(new CheckUri(
                fields.getOrDefault("name", "?"),
                fields.getOrDefault("suite", "?"),
                rules.isEmpty() ? List.of() : Arrays.asList(rules.split(","))));
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
