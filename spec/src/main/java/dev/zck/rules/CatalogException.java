package dev.zck.rules;

import java.util.List;

/** The catalog data is unreadable or breaks a catalog rule; the message lists every problem found. */
public final class CatalogException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final List<String> problems;

    public CatalogException(String origin, List<String> problems) {
        super(origin + ": " + problems.size() + " problem(s):\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public CatalogException(String origin, String problem, Throwable cause) {
        super(origin + ": " + problem, cause);
        this.problems = List.of(problem);
    }

    /** One line per problem, each naming the rule ID when there is one. */
    public List<String> problems() {
        return problems;
    }
}
