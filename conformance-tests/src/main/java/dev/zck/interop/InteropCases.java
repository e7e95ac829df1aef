package dev.zck.interop;

import java.util.ArrayList;
import java.util.List;

/** The interop cases between two implementations: every compatible type pair, each implementation on each side. */
public final class InteropCases {
    private InteropCases() {}

    /**
     * For types X != Y: X on a and Y on b, and Y on a and X on b, each with either side binding (four cases). For a
     * same-type pair: a binds, then b binds (two cases).
     */
    public static List<InteropCase> between(String a, String b) {
        List<InteropCase> cases = new ArrayList<>();
        for (TypePair pair : TypePair.all()) {
            cases.add(new InteropCase(pair, a, b, true));
            cases.add(new InteropCase(pair, a, b, false));
            if (pair.first() != pair.second()) {
                cases.add(new InteropCase(pair, b, a, true));
                cases.add(new InteropCase(pair, b, a, false));
            }
        }
        return cases;
    }
}
