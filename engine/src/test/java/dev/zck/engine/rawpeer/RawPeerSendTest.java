package dev.zck.engine.rawpeer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.zck.engine.rawpeer.RawPeerException.Kind;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/** Sending, against a plain JDK socket on the other side. */
class RawPeerSendTest {

    @Test
    void sendDeliversTheOctetsUnchanged() throws IOException {
        try (Wire wire = Wire.open(Wire.PATIENT)) {
            byte[] greeting = ZmtpBytes.greeting(3, 1, "NULL", false);
            wire.peer.send(greeting);
            wire.peer.send(new byte[0]);
            assertThat(wire.read(64)).isEqualTo(greeting);
        }
    }

    @Test
    void sendFragmentedDeliversTheSameOctetsInAnyChunkSize() throws IOException {
        byte[] script = ZmtpBytes.concat(ZmtpBytes.greeting(3, 1, "NULL", false), ZmtpBytes.ready("DEALER"));
        try (Wire wire = Wire.open(Wire.PATIENT)) {
            wire.peer.sendFragmented(script, 1);
            assertThat(wire.read(script.length)).isEqualTo(script);
            wire.peer.sendFragmented(script, 7);
            assertThat(wire.read(script.length)).isEqualTo(script);
            wire.peer.sendFragmented(script, 1_000);
            assertThat(wire.read(script.length)).isEqualTo(script);
            assertThatThrownBy(() -> wire.peer.sendFragmented(script, 0)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void aSendTheOtherSideNeverReadsIsAbortedAfterTheExpectTimeout() throws IOException {
        byte[] tooMuchToBuffer = new byte[64 * 1024 * 1024];
        try (Wire wire = Wire.open(Wire.FAST)) {
            long start = System.nanoTime();
            RawPeerException e = catchThrowableOfType(RawPeerException.class, () -> wire.peer.send(tooMuchToBuffer));
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(e).isNotNull();
            assertThat(e.kind()).isEqualTo(Kind.TIMEOUT);
            assertThat(e)
                    .hasMessageStartingWith("expected to send 67108864 octets within 200 ms;")
                    .hasMessageContaining("did not read them")
                    .hasMessageContaining("aborted");
            assertThat(elapsedMillis).isBetween(200L, 5_000L);
            assertThat(wire.peer.isClosed()).isTrue();
        }
    }
}
