package dev.zck.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MessageTest {

    @Test
    void framesAreCopiedInAndOut() {
        byte[] frame = "abc".getBytes(StandardCharsets.US_ASCII);
        Message message = Message.of(frame);
        frame[0] = 'X';
        message.frames().get(0)[1] = 'Y';
        message.frame(0)[2] = 'Z';
        assertThat(message.frameAsString(0)).isEqualTo("abc");
    }

    @Test
    void equalityIsByContentAndAddressing() {
        assertThat(Message.ofStrings("a", "b")).isEqualTo(Message.ofStrings("a", "b"));
        assertThat(Message.ofStrings("a", "b")).isNotEqualTo(Message.ofStrings("ab"));
        assertThat(Message.ofStrings("a").withRoutingId(7)).isNotEqualTo(Message.ofStrings("a"));
        assertThat(Message.ofStrings("a").withGroup("g"))
                .isEqualTo(Message.ofStrings("a").withGroup("g"));
    }

    @Test
    void emptyMessagesAndRoutingIdZeroAreRejected() {
        assertThatThrownBy(Message::of).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Message.ofStrings("a").withRoutingId(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void toStringShowsTextOrHexAndCutsLongFrames() {
        Message message = Message.of(
                        "hi".getBytes(StandardCharsets.US_ASCII), new byte[] {0, (byte) 0xff}, new byte[40])
                .withRoutingId(-1);
        assertThat(message.toString())
                .startsWith("[\"hi\", 0x00ff, 0x0000")
                .contains("...(40 B)")
                .endsWith("routing-id=4294967295");
        assertThat(message.byteCount()).isEqualTo(44);
    }
}
