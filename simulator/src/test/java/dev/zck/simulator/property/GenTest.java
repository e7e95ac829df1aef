package dev.zck.simulator.property;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class GenTest {
    record Message(String topic, long id, boolean urgent) {}

    private static final Gen<List<Message>> MESSAGES = Gen.lists(
            Gen.combine(Gen.strings(0, 8), Gen.longs(Long.MIN_VALUE, Long.MAX_VALUE), Gen.booleans(), Message::new));

    private static <T> List<T> samples(Gen<T> gen, int count, int size) {
        Rand rand = new Rand(99);
        List<T> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(gen.sample(rand, size));
        }
        return out;
    }

    private static <T> Map<T, Integer> histogram(List<T> values) {
        Map<T, Integer> counts = new HashMap<>();
        values.forEach(v -> counts.merge(v, 1, Integer::sum));
        return counts;
    }

    @Test
    void theSameSeedGivesTheSameValues() {
        for (long seed = 0; seed < 20; seed++) {
            assertThat(MESSAGES.sample(new Rand(seed), 30)).isEqualTo(MESSAGES.sample(new Rand(seed), 30));
        }
    }

    @Test
    void differentSeedsGiveDifferentValues() {
        Set<List<Message>> values = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            values.add(MESSAGES.sample(new Rand(seed), 30));
        }
        assertThat(values).hasSizeGreaterThanOrEqualTo(19);
    }

    @Test
    void intsAreUniformOverTheirRange() {
        Map<Integer, Integer> counts = histogram(samples(Gen.ints(0, 9), 10_000, 10));
        assertThat(counts).hasSize(10);
        assertThat(counts.values()).allSatisfy(c -> assertThat(c).isBetween(850, 1150));
    }

    @Test
    void rangesHoldOnBothSidesOfZeroAndAtTheExtremes() {
        assertThat(histogram(samples(Gen.ints(-5, 5), 2000, 10)).keySet())
                .containsExactlyInAnyOrderElementsOf(
                        IntStream.rangeClosed(-5, 5).boxed().toList());
        assertThat(samples(Gen.ints(-10, -3), 1000, 10))
                .allSatisfy(i -> assertThat(i).isBetween(-10, -3));
        List<Long> extremes = samples(Gen.longs(Long.MIN_VALUE, Long.MAX_VALUE), 1000, 10);
        assertThat(extremes).anySatisfy(l -> assertThat(l).isNegative());
        assertThat(extremes).anySatisfy(l -> assertThat(l).isPositive());
        assertThat(samples(Gen.longs(Long.MIN_VALUE, -1), 1000, 10))
                .allSatisfy(l -> assertThat(l).isNegative());
        assertThat(samples(Gen.ints(3, 3), 10, 10)).containsOnly(3);
        assertThatThrownBy(() -> Gen.ints(2, 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void booleansAreEven() {
        int trues = (int)
                samples(Gen.booleans(), 10_000, 10).stream().filter(b -> b).count();
        assertThat(trues).isBetween(4700, 5300);
    }

    @Test
    void frequencyFollowsTheWeightsAndChoiceCoversEveryOption() {
        Gen<String> weighted = Gen.frequency(Gen.weight(3, Gen.constant("a")), Gen.weight(1, Gen.constant("b")));
        int as = histogram(samples(weighted, 10_000, 10)).get("a");
        assertThat(as).isBetween(7200, 7800);
        assertThat(histogram(samples(Gen.choice("x", "y", "z"), 3000, 10)).values())
                .allSatisfy(c -> assertThat(c).isBetween(900, 1100));
        assertThat(histogram(samples(Gen.oneOf(Gen.ints(0, 0), Gen.ints(10, 10)), 2000, 10))
                        .values())
                .allSatisfy(c -> assertThat(c).isBetween(900, 1100));
    }

    @Test
    void listsKeepToTheirSizeRange() {
        List<List<Integer>> bounded = samples(Gen.lists(Gen.ints(0, 9), 2, 5), 2000, 100);
        assertThat(histogram(bounded.stream().map(List::size).toList()).keySet())
                .containsExactlyInAnyOrder(2, 3, 4, 5);
        List<List<Integer>> unbounded = samples(Gen.lists(Gen.ints(0, 9)), 2000, 20);
        assertThat(unbounded).allSatisfy(l -> assertThat(l).hasSizeLessThanOrEqualTo(20));
        double mean = unbounded.stream().mapToInt(List::size).average().orElseThrow();
        assertThat(mean).isBetween(5.0, 12.0);
        assertThat(unbounded).anySatisfy(l -> assertThat(l).isEmpty());
        assertThat(unbounded).anySatisfy(l -> assertThat(l).hasSize(20));
    }

    @Test
    void stringsAndBytesKeepToTheirAlphabetAndLength() {
        assertThat(samples(Gen.strings("ab", 1, 4), 500, 10))
                .allSatisfy(s -> assertThat(s).matches("[ab]{1,4}"));
        assertThat(samples(Gen.strings(0, 3), 500, 10))
                .allSatisfy(s -> assertThat(s).matches("[a-z0-9]{0,3}"));
        List<byte[]> bytes = samples(Gen.bytes(1, 3), 2000, 10);
        assertThat(bytes).allSatisfy(b -> assertThat(b.length).isBetween(1, 3));
        assertThat(bytes).anySatisfy(b -> assertThat(b[0]).isNegative());
    }

    @Test
    void mapFlatMapAndFilterCompose() {
        Gen<List<Integer>> sized = Gen.ints(0, 6).flatMap(n -> Gen.lists(Gen.constant(n), n, n));
        assertThat(samples(sized, 500, 10)).allSatisfy(l -> assertThat(l).hasSize(l.isEmpty() ? 0 : l.get(0)));
        Gen<Integer> even = Gen.ints(0, 100).filter(i -> i % 2 == 0);
        assertThat(samples(even, 500, 10)).allSatisfy(i -> assertThat(i % 2).isZero());
        Gen<String> mapped = Gen.ints(0, 3).map(i -> "#" + i);
        assertThat(samples(mapped, 200, 10)).containsOnly("#0", "#1", "#2", "#3");
    }

    @Test
    void aFilterThatRejectsEverythingIsReportedWithTheGeneratorAndTheSeed() {
        Gen<Integer> impossible = Gen.ints(0, 10).filter(i -> i > 100);
        assertThatThrownBy(() -> Property.forAll(impossible, i -> {}).seed(5).check())
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("seed 5")
                .hasMessageContaining("the filter on ints(0..10) rejected 100 values in a row");
    }
}
