package dev.zck.engine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Ways to cut an input into consecutive pieces, for feeding decoders: whole, one octet at a time, every two- and
 * three-piece split, and, for inputs up to {@value #EXHAUSTIVE_LIMIT} octets, every possible split (2^(n-1)).
 */
public final class Fragmentations {
    public static final int EXHAUSTIVE_LIMIT = 12;

    private Fragmentations() {}

    public static List<List<byte[]>> of(byte[] input) {
        List<List<byte[]>> result = new ArrayList<>();
        int n = input.length;
        if (n <= EXHAUSTIVE_LIMIT && n > 0) {
            for (int mask = 0; mask < 1 << (n - 1); mask++) {
                List<Integer> cuts = new ArrayList<>();
                for (int i = 0; i < n - 1; i++) {
                    if ((mask & (1 << i)) != 0) {
                        cuts.add(i + 1);
                    }
                }
                result.add(cut(input, cuts));
            }
            return result;
        }
        result.add(List.of(input));
        List<Integer> every = new ArrayList<>();
        for (int i = 1; i < n; i++) {
            every.add(i);
        }
        result.add(cut(input, every));
        for (int a = 1; a < n; a++) {
            result.add(cut(input, List.of(a)));
            for (int b = a + 1; b < n; b++) {
                result.add(cut(input, List.of(a, b)));
            }
        }
        return result;
    }

    private static List<byte[]> cut(byte[] input, List<Integer> cuts) {
        List<byte[]> pieces = new ArrayList<>();
        int from = 0;
        for (int to : cuts) {
            pieces.add(Arrays.copyOfRange(input, from, to));
            from = to;
        }
        pieces.add(Arrays.copyOfRange(input, from, input.length));
        return pieces;
    }
}
