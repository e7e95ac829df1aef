package dev.zck.engine.rawpeer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HexDumpTest {

    private static byte[] counting(int n) {
        byte[] bytes = new byte[n];
        for (int i = 0; i < n; i++) {
            bytes[i] = (byte) i;
        }
        return bytes;
    }

    @Test
    void describesNothingOneAndSeveralOctets() {
        assertThat(HexDump.describe(new byte[0])).isEqualTo("nothing");
        assertThat(HexDump.describe(new byte[] {(byte) 0xff})).isEqualTo("1 octet: ff");
        assertThat(HexDump.describe(new byte[] {0x0a, 0x7f})).isEqualTo("2 octets: 0a 7f");
    }

    @Test
    void showsAtMostSixtyFourOctets() {
        assertThat(HexDump.describe(counting(64))).endsWith("3e 3f").doesNotContain("...");
        String longer = HexDump.describe(counting(100));
        assertThat(longer).startsWith("100 octets (first 64 shown): 00 01").endsWith("3e 3f ...");
        assertThat(longer).doesNotContain("3f 40");
    }

    @Test
    void describesATotalLargerThanTheKeptHead() {
        assertThat(HexDump.describe(counting(64), 1_000_000)).startsWith("1000000 octets (first 64 shown): 00");
    }

    @Test
    void windowShowsTheRegionAroundAFarDifference() {
        assertThat(HexDump.window(counting(10), 5)).isEqualTo("00 01 02 03 04 05 06 07 08 09");
        String window = HexDump.window(counting(200), 100);
        assertThat(window).startsWith("[octets 84..147 of 200] 54 55").endsWith("92 93");
    }
}
