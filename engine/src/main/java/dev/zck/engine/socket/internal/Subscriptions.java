package dev.zck.engine.socket.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A counted set of topic prefixes: subscribing twice needs two cancels (RFC 29). */
final class Subscriptions {
    private final Map<Blob, Integer> counts = new LinkedHashMap<>();

    /** Adds one count; true when the topic is new. */
    boolean add(byte[] topic) {
        return counts.merge(new Blob(topic), 1, Integer::sum) == 1;
    }

    /** Removes one count; true when that was the last one. False also when the topic was not there. */
    boolean remove(byte[] topic) {
        Blob key = new Blob(topic);
        Integer count = counts.get(key);
        if (count == null) {
            return false;
        }
        if (count == 1) {
            counts.remove(key);
            return true;
        }
        counts.put(key, count - 1);
        return false;
    }

    boolean contains(byte[] topic) {
        return counts.containsKey(new Blob(topic));
    }

    /** True when some topic is a prefix of {@code data} (the empty topic matches everything). */
    boolean matches(byte[] data) {
        for (Blob topic : counts.keySet()) {
            if (topic.isPrefixOf(data)) {
                return true;
            }
        }
        return false;
    }

    Set<Blob> topics() {
        return counts.keySet();
    }

    boolean isEmpty() {
        return counts.isEmpty();
    }
}
