package dev.zck.engine.rawpeer;

import static dev.zck.engine.rawpeer.ZmtpBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class RawGreetingTest {

    @Test
    void parsesEveryFieldOfACanonicalGreeting() {
        byte[] raw = ZmtpBytes.greeting(3, 1, "CURVE", true);
        RawGreeting greeting = RawGreeting.parse(raw);
        assertThat(greeting.signatureOk()).isTrue();
        assertThat(greeting.major()).isEqualTo(3);
        assertThat(greeting.minor()).isEqualTo(1);
        assertThat(greeting.mechanism()).isEqualTo("CURVE");
        assertThat(greeting.asServer()).isTrue();
        assertThat(greeting.raw()).isEqualTo(raw);
        assertThat(greeting.padding()).isEqualTo(new byte[8]);
    }

    @Test
    void reportsABadSignatureWithoutLookingAtThePadding() {
        byte[] raw = ZmtpBytes.greetingWithPadding(hex("de ad be ef 00 00 00 01"), 3, 0, "NULL", false);
        assertThat(RawGreeting.parse(raw).signatureOk()).isTrue();
        assertThat(RawGreeting.parse(raw).padding()).isEqualTo(hex("de ad be ef 00 00 00 01"));
        raw[9] = 0x7e;
        assertThat(RawGreeting.parse(raw).signatureOk()).isFalse();
        raw[9] = 0x7f;
        raw[0] = 0x01;
        assertThat(RawGreeting.parse(raw).signatureOk()).isFalse();
    }

    @Test
    void stripsOnlyTrailingNulsFromTheMechanism() {
        byte[] raw = ZmtpBytes.greeting(3, 1, "NULL", false);
        assertThat(RawGreeting.parse(raw).mechanism()).isEqualTo("NULL");
        raw[14] = 0; // "NU\0L"
        assertThat(RawGreeting.parse(raw).mechanism()).isEqualTo("NU\0L");
        assertThat(RawGreeting.parse(ZmtpBytes.greeting(3, 1, "", false)).mechanism())
                .isEmpty();
        assertThat(RawGreeting.parse(ZmtpBytes.greeting(3, 1, "A".repeat(20), false))
                        .mechanism())
                .isEqualTo("A".repeat(20));
    }

    @Test
    void anyNonZeroAsServerOctetCountsAsServer() {
        byte[] raw = ZmtpBytes.greeting(3, 1, "PLAIN", false);
        assertThat(RawGreeting.parse(raw).asServer()).isFalse();
        raw[32] = 2;
        assertThat(RawGreeting.parse(raw).asServer()).isTrue();
    }

    @Test
    void onlySixtyFourOctetsParse() {
        assertThatThrownBy(() -> RawGreeting.parse(new byte[63]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("63");
    }

    @Test
    void greetingsAreValues() {
        assertThat(RawGreeting.parse(ZmtpBytes.greeting(3, 1, "NULL", false)))
                .isEqualTo(RawGreeting.parse(ZmtpBytes.greeting(3, 1, "NULL", false)))
                .isNotEqualTo(RawGreeting.parse(ZmtpBytes.greeting(3, 0, "NULL", false)));
    }
}
