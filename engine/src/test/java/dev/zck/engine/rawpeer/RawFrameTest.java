package dev.zck.engine.rawpeer;

import static dev.zck.engine.rawpeer.ZmtpBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class RawFrameTest {

    @Test
    void flagsAreDecodedBitByBit() {
        RawFrame frame = new RawFrame(0x03, new byte[0]);
        assertThat(frame.more()).isTrue();
        assertThat(frame.isLong()).isTrue();
        assertThat(frame.isCommand()).isFalse();
        RawFrame command = new RawFrame(0x04, hex("04 50 49 4e 47"));
        assertThat(command.more()).isFalse();
        assertThat(command.isLong()).isFalse();
        assertThat(command.isCommand()).isTrue();
    }

    @Test
    void commandNameAndDataSplitAtTheLengthPrefix() {
        RawFrame ping = new RawFrame(0x04, hex("04 50 49 4e 47 00 0a 4c 4f 4c"));
        assertThat(ping.commandName()).isEqualTo("PING");
        assertThat(ping.commandData()).isEqualTo(hex("00 0a 4c 4f 4c"));
        assertThat(new RawFrame(0x04, hex("05 52 45 41 44 59")).commandData()).isEmpty();
    }

    @Test
    void aBodyTooShortForItsNameIsMalformed() {
        RawFrame truncated = new RawFrame(0x04, hex("05 52 45"));
        assertThatThrownBy(truncated::commandName)
                .isInstanceOfSatisfying(
                        RawPeerException.class, e -> assertThat(e.kind()).isEqualTo(RawPeerException.Kind.MALFORMED))
                .hasMessageContaining("05 52 45");
        assertThatThrownBy(new RawFrame(0x04, new byte[0])::commandData).isInstanceOf(RawPeerException.class);
    }

    @Test
    void commandAccessorsOnAMessageFrameAreAProgrammingError() {
        assertThatThrownBy(new RawFrame(0x00, hex("04 50 49 4e 47"))::commandName)
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void framesAreValuesAndOwnTheirBody() {
        byte[] body = "A".getBytes(StandardCharsets.US_ASCII);
        RawFrame frame = new RawFrame(0, body);
        body[0] = 'B';
        frame.body()[0] = 'C';
        assertThat(frame).isEqualTo(new RawFrame(0, hex("41"))).hasSameHashCodeAs(new RawFrame(0, hex("41")));
        assertThat(frame).isNotEqualTo(new RawFrame(1, hex("41")));
        assertThat(frame.toString()).contains("flags=00").contains("41");
        assertThatThrownBy(() -> new RawFrame(256, new byte[0])).isInstanceOf(IllegalArgumentException.class);
    }
}
