package dev.zck.engine.rawpeer;

import static dev.zck.engine.rawpeer.ZmtpBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Golden vectors, each checked by hand against RFC 23 / RFC 37 (grammar and worked example); the RFC section is named
 * on each test.
 */
class ZmtpBytesTest {

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static String zeros(int n) {
        return " 00".repeat(n);
    }

    @Test
    void readyDealerWithEmptyIdentityIsTheRfc23WorkedExample() {
        Map<String, byte[]> extras = new LinkedHashMap<>();
        extras.put("Identity", new byte[0]);
        assertThat(ZmtpBytes.ready("DEALER", extras))
                .isEqualTo(hex("04 29 05 52 45 41 44 59 0b 53 6f 63 6b 65 74 2d 54 79 70 65 00 00 00 06 44 45 41 4c"
                        + " 45 52 08 49 64 65 6e 74 69 74 79 00 00 00 00"));
    }

    @Test
    void readyRouterIsTheRfc23WorkedExampleReply() {
        // RFC 23 worked example: %x04, size 28, "READY", Socket-Type = ROUTER, no Identity
        assertThat(ZmtpBytes.ready("ROUTER"))
                .isEqualTo(ZmtpBytes.concat(
                        hex("04 1c 05"),
                        ascii("READY"),
                        hex("0b"),
                        ascii("Socket-Type"),
                        hex("00 00 00 06"),
                        ascii("ROUTER")));
    }

    @Test
    void readyPutsSocketTypeFirstThenExtrasInInsertionOrder() {
        Map<String, byte[]> extras = new LinkedHashMap<>();
        extras.put("X-B", ascii("2"));
        extras.put("X-A", ascii(""));
        byte[] ready = ZmtpBytes.ready("SUB", extras);
        // body = 6 (name) + 1+11+4+3 (Socket-Type=SUB) + 1+3+4+1 (X-B=2) + 1+3+4 (X-A=) = 42
        assertThat(ready)
                .isEqualTo(ZmtpBytes.concat(
                        hex("04 2a 05"),
                        ascii("READY"),
                        hex("0b"),
                        ascii("Socket-Type"),
                        hex("00 00 00 03"),
                        ascii("SUB"),
                        hex("03"),
                        ascii("X-B"),
                        hex("00 00 00 01"),
                        ascii("2"),
                        hex("03"),
                        ascii("X-A"),
                        hex("00 00 00 00")));
    }

    @Test
    void metadataPropertyHasOneOctetNameLengthAndFourOctetBigEndianValueLength() {
        // RFC 23 NULL grammar: property = name value; name = OCTET 1*255name-char; value = 4OCTET *OCTET
        assertThat(ZmtpBytes.metadataProperty("X-Foo", new byte[300]))
                .startsWith(hex("05 58 2d 46 6f 6f 00 00 01 2c"))
                .hasSize(1 + 5 + 4 + 300);
    }

    @Test
    void pingAndPongAreTheRfc37HeartbeatCommands() {
        assertThat(ZmtpBytes.ping(0, ascii("LOL"))).isEqualTo(hex("04 0a 04 50 49 4e 47 00 00 4c 4f 4c"));
        assertThat(ZmtpBytes.pong(ascii("LOL"))).isEqualTo(hex("04 08 04 50 4f 4e 47 4c 4f 4c"));
        // ping-ttl is 2 octets in network order; no context at all is allowed
        assertThat(ZmtpBytes.ping(15, new byte[0])).isEqualTo(hex("04 07 04 50 49 4e 47 00 0f"));
        assertThat(ZmtpBytes.ping(0xfffe, new byte[0])).endsWith(hex("ff fe"));
    }

    @Test
    void pingTtlMustFitSixteenBits() {
        assertThatThrownBy(() -> ZmtpBytes.ping(-1, new byte[0])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ZmtpBytes.ping(0x10000, new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void subscriptionsAreCommandsIn31AndMessagesIn30() {
        byte[] a = ascii("A");
        assertThat(ZmtpBytes.subscribeCommand(a)).isEqualTo(hex("04 0b 09 53 55 42 53 43 52 49 42 45 41"));
        assertThat(ZmtpBytes.cancelCommand(a)).isEqualTo(hex("04 08 06 43 41 4e 43 45 4c 41"));
        // RFC 23: subscribe = %x00 short-size %d1 subscription; unsubscribe = %x00 short-size %d0 subscription
        assertThat(ZmtpBytes.subscribeMessage(a)).isEqualTo(hex("00 02 01 41"));
        assertThat(ZmtpBytes.cancelMessage(a)).isEqualTo(hex("00 02 00 41"));
        assertThat(ZmtpBytes.subscribeMessage(new byte[0])).isEqualTo(hex("00 01 01"));
    }

    @Test
    void joinAndLeaveAreTheRfc37RadioDishCommands() {
        assertThat(ZmtpBytes.join("g")).isEqualTo(hex("04 06 04 4a 4f 49 4e 67"));
        assertThat(ZmtpBytes.leave("g")).isEqualTo(hex("04 07 05 4c 45 41 56 45 67"));
    }

    @Test
    void errorCarriesALengthPrefixedReason() {
        assertThat(ZmtpBytes.error("400")).isEqualTo(hex("04 0a 05 45 52 52 4f 52 03 34 30 30"));
    }

    @Test
    void frameIsShortUpTo255OctetsAndLongFrom256() {
        byte[] short255 = ZmtpBytes.frame(false, new byte[255]);
        assertThat(short255).hasSize(2 + 255).startsWith(hex("00 ff"));
        byte[] long256 = ZmtpBytes.frame(true, new byte[256]);
        assertThat(long256).hasSize(9 + 256).startsWith(hex("03 00 00 00 00 00 00 01 00"));
        assertThat(ZmtpBytes.frame(false, new byte[256])).startsWith(hex("02 00 00 00 00 00 00 01 00"));
        assertThat(ZmtpBytes.frame(true, new byte[255])).startsWith(hex("01 ff"));
    }

    @Test
    void anEmptyFrameIsFlagsAndAZeroSize() {
        assertThat(ZmtpBytes.frame(false, new byte[0])).isEqualTo(hex("00 00"));
    }

    @Test
    void longFrameUsesTheEightOctetSizeEvenForSmallBodies() {
        assertThat(ZmtpBytes.longFrame(false, ascii("hello")))
                .isEqualTo(hex("02 00 00 00 00 00 00 00 05 68 65 6c 6c 6f"));
        assertThat(ZmtpBytes.longFrame(true, new byte[0])).isEqualTo(hex("03 00 00 00 00 00 00 00 00"));
    }

    @Test
    void messageSetsMoreOnAllButTheLastFrame() {
        assertThat(ZmtpBytes.message(ascii("A"), ascii("B"), ascii("C"))).isEqualTo(hex("01 01 41 01 01 42 00 01 43"));
        assertThatThrownBy(ZmtpBytes::message).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void commandSwitchesToTheLongFormAbove255BodyOctets() {
        // body = 1 + 3 ("ABC") + 251 = 255 -> short; one more octet -> %x06 and an 8-octet size
        assertThat(ZmtpBytes.command("ABC", new byte[251]))
                .startsWith(hex("04 ff 03 41 42 43"))
                .hasSize(257);
        assertThat(ZmtpBytes.command("ABC", new byte[252]))
                .startsWith(hex("06 00 00 00 00 00 00 01 00 03 41 42 43"))
                .hasSize(9 + 256);
    }

    @Test
    void nullGreetingHasTheRfcLayout() {
        // RFC 37 worked example: FF, 8 x 00, 7F, 03, 01, "NULL" NUL-padded to 20, as-server 00, 31 x 00 filler
        assertThat(ZmtpBytes.greeting(3, 1, "NULL", false))
                .hasSize(64)
                .isEqualTo(hex("ff" + zeros(8) + " 7f 03 01 4e 55 4c 4c" + zeros(16) + " 00" + zeros(31)));
        assertThat(ZmtpBytes.greeting(3, 0, "NULL", false)[11]).isZero();
    }

    @Test
    void greetingSetsAsServerAtOctet32() {
        byte[] plainServer = ZmtpBytes.greeting(3, 1, "PLAIN", true);
        assertThat(Arrays.copyOfRange(plainServer, 12, 33)).isEqualTo(hex("50 4c 41 49 4e" + zeros(15) + " 01"));
        assertThat(Arrays.copyOfRange(plainServer, 33, 64)).containsOnly(0);
    }

    @Test
    void greetingWithPaddingPutsItInOctetsOneToEight() {
        // the note's libzmq NULL greeting: padding = identity length + 1 as a big-endian uint64
        assertThat(ZmtpBytes.greetingWithPadding(hex("00 00 00 00 00 00 00 01"), 3, 1, "NULL", false))
                .isEqualTo(hex("ff 00 00 00 00 00 00 00 01 7f 03 01 4e 55 4c 4c" + zeros(48)));
    }

    @Test
    void signatureIsTheFirstTenOctetsOfAZeroPaddedGreeting() {
        assertThat(ZmtpBytes.signature())
                .isEqualTo(hex("ff 00 00 00 00 00 00 00 00 7f"))
                .isEqualTo(Arrays.copyOf(ZmtpBytes.greeting(3, 1, "NULL", false), 10));
    }

    @Test
    void lengthsThatCannotBeEncodedAreRejected() {
        assertThatThrownBy(() -> ZmtpBytes.greeting(3, 1, "A".repeat(21), false))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("20 octets");
        assertThatThrownBy(() -> ZmtpBytes.greetingWithPadding(new byte[7], 3, 1, "NULL", false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ZmtpBytes.greeting(256, 1, "NULL", false))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ZmtpBytes.command("X".repeat(256), new byte[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("255");
        assertThatThrownBy(() -> ZmtpBytes.metadataProperty("Ä", new byte[0]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ASCII");
        assertThatThrownBy(() -> ZmtpBytes.error("x".repeat(256))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void oddButEncodableSequencesAreAllowed() {
        assertThat(ZmtpBytes.greeting(3, 1, "null", false)).contains(ascii("null"));
        assertThat(ZmtpBytes.command("", new byte[0])).isEqualTo(hex("04 01 00"));
        assertThat(ZmtpBytes.ping(0, new byte[17])).hasSize(2 + 1 + 4 + 2 + 17);
    }

    @Test
    void hexAcceptsSpacesOrNoneAndEitherCase() {
        byte[] expected = {(byte) 0xff, 0x00, 0x7f};
        assertThat(hex("ff 00 7f")).isEqualTo(expected);
        assertThat(hex("ff007f")).isEqualTo(expected);
        assertThat(hex(" FF 00\n7F ")).isEqualTo(expected);
        assertThat(hex("")).isEmpty();
    }

    @Test
    void hexRejectsOddLengthsAndNonHexCharacters() {
        assertThatThrownBy(() -> hex("ff 0"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("odd");
        assertThatThrownBy(() -> hex("fg"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'g'");
    }

    @Test
    void toHexIsLowerCaseSpaceSeparatedAndRoundTrips() {
        assertThat(ZmtpBytes.toHex(new byte[] {(byte) 0xff, 0x00, 0x7f, 0x0a})).isEqualTo("ff 00 7f 0a");
        assertThat(ZmtpBytes.toHex(new byte[0])).isEmpty();
        byte[] ready = ZmtpBytes.ready("PUB");
        assertThat(hex(ZmtpBytes.toHex(ready))).isEqualTo(ready);
    }
}
