package dev.zck.simulator.property;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RandTest {

    @Test
    void theRawStreamIsSplitMix64AsInSplittableRandom() {
        Rand rand = new Rand(42);
        SplittableRandom jdk = new SplittableRandom(42);
        for (int i = 0; i < 1000; i++) {
            assertThat(rand.nextLong()).isEqualTo(jdk.nextLong());
        }
    }

    @Test
    void theValuesArePinnedSoEveryJvmGivesTheSameOnes() {
        Rand rand = new Rand(42);
        assertThat(new long[] {rand.nextLong(), rand.nextLong(), rand.nextLong()})
                .containsExactly(-4767286540954276203L, 2949826092126892291L, 5139283748462763858L);
        Rand bounded = new Rand(42);
        long[] digits = new long[8];
        for (int i = 0; i < digits.length; i++) {
            digits[i] = bounded.nextLong(10);
        }
        assertThat(digits).containsExactly(6, 5, 9, 2, 5, 1, 2, 4);
        assertThat(new Rand(42).split().nextLong()).isEqualTo(-7511033593127921611L);
        assertThat(Seed.forName("a.B#c").value()).isEqualTo(4723956360352346276L);
    }

    @Test
    void boundedValuesStayInRangeAndAreUniform() {
        Rand rand = new Rand(7);
        int[] counts = new int[3];
        for (int i = 0; i < 30_000; i++) {
            counts[rand.nextInt(3)]++;
        }
        for (int count : counts) {
            assertThat(count).isBetween(9_500, 10_500);
        }
        for (int i = 0; i < 1000; i++) {
            assertThat(rand.nextLong(Long.MAX_VALUE)).isBetween(0L, Long.MAX_VALUE - 1);
            assertThat(rand.nextDouble()).isGreaterThanOrEqualTo(0.0).isLessThan(1.0);
        }
        assertThatThrownBy(() -> rand.nextLong(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void splitStreamsDifferFromTheParentAndFromEachOther() {
        Rand parent = new Rand(1);
        Rand a = parent.split();
        Rand b = parent.split();
        Set<Long> firsts = new HashSet<>(Set.of(parent.nextLong(), a.nextLong(), b.nextLong()));
        assertThat(firsts).hasSize(3);
        Rand again = new Rand(1);
        Rand aAgain = again.split();
        assertThat(aAgain.nextLong()).isEqualTo(new Rand(1).split().nextLong());
    }

    @Test
    void seedsByNameAreStableAndDistinct() {
        assertThat(Seed.forName("X#a")).isEqualTo(Seed.forName("X#a")).isNotEqualTo(Seed.forName("X#b"));
        assertThat(Seed.parse(" -12 ")).isEqualTo(Seed.of(-12));
        assertThat(Seed.of(5).toString()).isEqualTo("5");
        assertThat(Seed.of(5).rand().nextLong()).isEqualTo(new Rand(5).nextLong());
        assertThatThrownBy(() -> Seed.parse("abc")).hasMessageContaining("'abc'");
    }
}
