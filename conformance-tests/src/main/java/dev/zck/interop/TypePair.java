package dev.zck.interop;

import dev.zck.spi.SocketType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * A compatible pair of socket types, in the order the exchange drives them: {@link #first()} starts the exchange
 * (sends first, or publishes). Same-type pairs have first == second.
 *
 * @param first the type that starts
 * @param second the other type
 */
public record TypePair(SocketType first, SocketType second) {
    /** Types that start an exchange, in order of preference, for pairs of different types. */
    private static final List<SocketType> STARTERS = List.of(
            SocketType.PUSH,
            SocketType.REQ,
            SocketType.DEALER,
            SocketType.PUB,
            SocketType.XPUB,
            SocketType.CLIENT,
            SocketType.RADIO,
            SocketType.SCATTER);

    /** Every compatible pair once (PUSH/PULL but not PULL/PUSH), classic types first. */
    public static List<TypePair> all() {
        List<TypePair> pairs = new ArrayList<>();
        Set<SocketType> done = EnumSet.noneOf(SocketType.class);
        for (SocketType type : SocketType.values()) {
            for (SocketType peer : type.compatiblePeers()) {
                if (!done.contains(peer)) {
                    pairs.add(of(type, peer));
                }
            }
            done.add(type);
        }
        return pairs;
    }

    static TypePair of(SocketType a, SocketType b) {
        if (a == b) {
            return new TypePair(a, b);
        }
        int ia = STARTERS.indexOf(a);
        int ib = STARTERS.indexOf(b);
        if (ia < 0 && ib < 0) {
            throw new IllegalArgumentException("no starter for " + a + "/" + b);
        }
        boolean aStarts = ia >= 0 && (ib < 0 || ia < ib);
        return aStarts ? new TypePair(a, b) : new TypePair(b, a);
    }

    public boolean involvesDraft() {
        return first.isDraft() || second.isDraft();
    }

    /** The catalog rules an exchange over this pair checks. */
    public List<String> ruleIds() {
        List<String> rules = new ArrayList<>();
        rules.add(involvesDraft() ? "ZMTP31-STYPE-COMPAT" : "ZMTP3-STYPE-COMPAT");
        rules.add("SOCK-ORDER-PER-PEER");
        rules.add("SOCK-NO-DUPLICATES");
        if (!involvesDraft()) {
            rules.add("ZMTP3-FRAME-MORE");
        }
        rules.addAll(
                switch (first + "/" + second) {
                    case "REQ/REP" -> List.of("REQ-DELIMITER", "REP-ENVELOPE-STRIP", "REP-ENVELOPE-RESTORE");
                    case "REQ/ROUTER" -> List.of("REQ-DELIMITER", "ROUTER-IDENTITY-PREFIX", "ROUTER-STRIP-FIRST-FRAME");
                    case "DEALER/REP" ->
                        List.of("DEALER-NO-ENVELOPE-CHANGE", "REP-ENVELOPE-STRIP", "REP-ENVELOPE-RESTORE");
                    case "DEALER/ROUTER" -> List.of("ROUTER-IDENTITY-PREFIX", "ROUTER-STRIP-FIRST-FRAME");
                    case "ROUTER/ROUTER" ->
                        List.of("ROUTER-PEER-IDENTITY", "OPT-ROUTING-ID", "ROUTER-MANDATORY-UNROUTABLE");
                    case "PUB/SUB" -> List.of("PUB-PREFIX-MATCH");
                    case "PUB/XSUB" -> List.of("PUB-PREFIX-MATCH", "XSUB-SEND-SUBSCRIPTION");
                    case "XPUB/SUB" -> List.of("PUB-PREFIX-MATCH", "XPUB-SUBSCRIPTIONS-TO-APP");
                    case "XPUB/XSUB" ->
                        List.of("PUB-PREFIX-MATCH", "XPUB-SUBSCRIPTIONS-TO-APP", "XSUB-SEND-SUBSCRIPTION");
                    case "CLIENT/SERVER" -> List.of("SERVER-ROUTING-ID-NONZERO");
                    case "RADIO/DISH" -> List.of("RADIO-EXACT-GROUP-MATCH", "DISH-GROUP-ATTACHED", "ZMTP31-JOIN-LEAVE");
                    case "PEER/PEER" -> List.of("PEER-CONNECT-RETURNS-ROUTING-ID", "PEER-ROUTING-ID-ON-RECEIVE");
                    default -> List.of();
                });
        return rules;
    }

    @Override
    public String toString() {
        return first + "/" + second;
    }
}
