package dev.zck.engine.rawpeer;

import static dev.zck.engine.rawpeer.ZmtpBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zck.engine.rawpeer.RawPeerException.Kind;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Reading and parsing, against a plain JDK socket on the other side. */
class RawPeerReadTest {

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static RawPeerException failure(ThrowingCallable call, Kind kind) {
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(thrown).isInstanceOf(RawPeerException.class);
        assertThat(((RawPeerException) thrown).kind()).as(thrown.getMessage()).isEqualTo(kind);
        return (RawPeerException) thrown;
    }

    @Test
    void readsShortLongAndCommandFramesWithTheirFlags() throws IOException {
        try (Wire wire = Wire.open(Wire.PATIENT)) {
            wire.write(ZmtpBytes.concat(
                    ZmtpBytes.frame(true, ascii("A")),
                    ZmtpBytes.longFrame(false, ascii("hello")),
                    ZmtpBytes.pong(ascii("LOL")),
                    hex("f8 00")));
            assertThat(wire.peer.readFrame()).isEqualTo(new RawFrame(0x01, ascii("A")));
            RawFrame longFrame = wire.peer.readFrame();
            assertThat(longFrame).isEqualTo(new RawFrame(0x02, ascii("hello")));
            assertThat(longFrame.isLong()).isTrue();
            RawFrame pong = wire.peer.readFrame();
            assertThat(pong.isCommand()).isTrue();
            assertThat(pong.commandName()).isEqualTo("PONG");
            assertThat(pong.commandData()).isEqualTo(ascii("LOL"));
            // reserved bits are reported, not judged
            assertThat(wire.peer.readFrame().flags()).isEqualTo(0xf8);
        }
    }

    @Test
    void readsALongFrameOfSeventyThousandOctets() throws IOException {
        byte[] body = new byte[70_000];
        Arrays.fill(body, (byte) 0x5a);
        try (Wire wire = Wire.open(Wire.PATIENT)) {
            wire.write(ZmtpBytes.frame(false, body));
            RawFrame frame = wire.peer.readFrame();
            assertThat(frame.isLong()).isTrue();
            assertThat(frame.body()).isEqualTo(body);
        }
    }

    @Test
    void assemblesFramesArrivingOneOctetAtATime() throws IOException {
        byte[] script = ZmtpBytes.concat(
                ZmtpBytes.greeting(3, 1, "NULL", false),
                ZmtpBytes.ready("PUB"),
                ZmtpBytes.message(ascii("topic"), new byte[300]));
        try (Wire wire = Wire.open(Wire.PATIENT)) {
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> writeOctetByOctet(wire, script));
            assertThat(wire.peer.readGreeting().mechanism()).isEqualTo("NULL");
            assertThat(wire.peer.expectCommand("READY").commandData())
                    .isEqualTo(ZmtpBytes.metadataProperty("Socket-Type", ascii("PUB")));
            assertThat(wire.peer.readMessage())
                    .containsExactly(new RawFrame(0x01, ascii("topic")), new RawFrame(0x02, new byte[300]));
            writer.join();
        }
    }

    private static void writeOctetByOctet(Wire wire, byte[] script) {
        try {
            OutputStream out = wire.other.getOutputStream();
            for (byte octet : script) {
                out.write(octet);
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void readsAGreetingWholeOrAsSignatureThenRest() throws IOException {
        try (Wire wire = Wire.open(Wire.PATIENT)) {
            byte[] greeting = ZmtpBytes.greeting(3, 0, "PLAIN", true);
            wire.write(greeting);
            wire.write(greeting);
            RawGreeting whole = wire.peer.readGreeting();
            assertThat(whole.signatureOk()).isTrue();
            assertThat(whole.major()).isEqualTo(3);
            assertThat(whole.minor()).isZero();
            assertThat(whole.mechanism()).isEqualTo("PLAIN");
            assertThat(whole.asServer()).isTrue();
            byte[] signature = wire.peer.readSignature();
            assertThat(signature).isEqualTo(ZmtpBytes.signature());
            byte[] rest = wire.peer.readExactly(54);
            assertThat(RawGreeting.parse(ZmtpBytes.concat(signature, rest))).isEqualTo(whole);
        }
    }

    @Test
    void expectBytesPassesOnEqualOctetsAndShowsTheFirstDifference() throws IOException {
        try (Wire wire = Wire.open(Wire.FAST)) {
            wire.write("ff 00 7f");
            wire.peer.expectBytes(hex("ff 00 7f"));
            wire.write("ff 00 00 03");
            RawPeerException e = failure(() -> wire.peer.expectBytes(hex("ff 00 7f 03")), Kind.UNEXPECTED);
            assertThat(e)
                    .hasMessageContaining("expected 4 octets: ff 00 7f 03 within 200 ms")
                    .hasMessageContaining("first difference at offset 2 (expected 7f, got 00)")
                    .hasMessageContaining("arrived 4 octets: ff 00 00 03")
                    .hasMessageMatching("(?s).*after \\d+ ms.*");
        }
    }

    @Test
    void expectBytesShowsTheRegionOfADifferenceBeyondSixtyFourOctets() throws IOException {
        byte[] expected = new byte[200];
        byte[] actual = new byte[200];
        actual[150] = 0x11;
        try (Wire wire = Wire.open(Wire.FAST)) {
            wire.write(actual);
            RawPeerException e = failure(() -> wire.peer.expectBytes(expected), Kind.UNEXPECTED);
            assertThat(e)
                    .hasMessageContaining("offset 150 (expected 00, got 11)")
                    .hasMessageContaining("got [octets 134..197 of 200]")
                    .hasMessageContaining("200 octets (first 64 shown)");
        }
    }

    @Test
    void aReadWithNothingArrivingFailsAfterTheExpectTimeout() throws IOException {
        try (Wire wire = Wire.open(Wire.FAST)) {
            long start = System.nanoTime();
            RawPeerException e = failure(wire.peer::readFrame, Kind.TIMEOUT);
            long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
            assertThat(elapsedMillis).isBetween(200L, 3_000L);
            assertThat(e)
                    .hasMessageStartingWith("expected a frame within 200 ms; timed out after ")
                    .hasMessageEndingWith("arrived nothing");
        }
    }

    @Test
    void aTimeoutShowsThePartOfTheFrameThatArrived() throws IOException {
        try (Wire wire = Wire.open(Wire.FAST)) {
            wire.write("00 05 41 42");
            assertThat(failure(wire.peer::readFrame, Kind.TIMEOUT))
                    .hasMessageEndingWith("arrived 4 octets: 00 05 41 42");
        }
    }

    @Test
    void failureMessagesShowAtMostSixtyFourOctets() throws IOException {
        byte[] hundred = new byte[100];
        for (int i = 0; i < hundred.length; i++) {
            hundred[i] = (byte) i;
        }
        try (Wire wire = Wire.open(Wire.FAST)) {
            wire.write(hundred);
            assertThat(failure(() -> wire.peer.readExactly(101), Kind.TIMEOUT))
                    .hasMessageContaining("arrived 100 octets (first 64 shown): 00 01 02")
                    .hasMessageEndingWith("3e 3f ...");
        }
    }

    @Test
    void anEofInsideAFrameIsReportedAsClosed() throws IOException {
        try (Wire wire = Wire.open(Wire.PATIENT)) {
            wire.write("00 05 41");
            wire.closeOther();
            assertThat(failure(wire.peer::readFrame, Kind.CLOSED))
                    .hasMessageContaining("the connection was closed (EOF)")
                    .hasMessageEndingWith("arrived 3 octets: 00 05 41");
        }
    }

    @Test
    void anOversizedSizeFieldIsRefusedBeforeAnythingIsAllocated() throws IOException {
        try (Wire wire = Wire.open(Wire.FAST)) {
            wire.write("02 7f ff ff ff ff ff ff ff");
            assertThat(failure(wire.peer::readFrame, Kind.TOO_LARGE))
                    .hasMessageContaining("9223372036854775807 octets")
                    .hasMessageContaining("limit of 16777216")
                    .hasMessageEndingWith("arrived 9 octets: 02 7f ff ff ff ff ff ff ff");
            // a size with the top bit set is read as unsigned, never as a negative length
            wire.write("06 ff ff ff ff ff ff ff ff");
            assertThat(failure(() -> wire.peer.expectCommand("READY"), Kind.TOO_LARGE))
                    .hasMessageContaining("18446744073709551615 octets");
        }
    }

    @Test
    void theFrameSizeLimitIsConfigurable() throws IOException {
        try (Wire wire = Wire.open(Wire.FAST)) {
            assertThat(wire.peer.maxFrameSize()).isEqualTo(RawPeer.DEFAULT_MAX_FRAME_SIZE);
            wire.peer.maxFrameSize(10);
            wire.write(ZmtpBytes.frame(false, new byte[10]));
            assertThat(wire.peer.readFrame().size()).isEqualTo(10);
            wire.write(ZmtpBytes.frame(false, new byte[11]));
            assertThat(failure(wire.peer::readFrame, Kind.TOO_LARGE))
                    .hasMessageContaining("11 octets, above the limit of 10");
            assertThatThrownBy(() -> wire.peer.maxFrameSize(-1)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void readMessageCollectsFramesUpToTheLastAndRefusesACommandInside() throws IOException {
        try (Wire wire = Wire.open(Wire.FAST)) {
            wire.write(ZmtpBytes.message(ascii("A"), ascii("B"), ascii("C")));
            assertThat(wire.peer.readMessage())
                    .extracting(RawFrame::body)
                    .containsExactly(ascii("A"), ascii("B"), ascii("C"));
            wire.write(ZmtpBytes.concat(ZmtpBytes.frame(true, ascii("A")), ZmtpBytes.ping(0, new byte[0])));
            assertThat(failure(wire.peer::readMessage, Kind.UNEXPECTED))
                    .hasMessageContaining("command frame as frame 1 of the message");
            wire.write(ZmtpBytes.pong(new byte[0]));
            assertThat(failure(wire.peer::readMessage, Kind.UNEXPECTED))
                    .hasMessageContaining("command frame as frame 0 of the message");
        }
    }

    @Test
    void expectCommandReturnsTheNamedCommand() throws IOException {
        try (Wire wire = Wire.open(Wire.FAST)) {
            wire.write(ZmtpBytes.subscribeCommand(ascii("A")));
            assertThat(wire.peer.expectCommand("SUBSCRIBE").commandData()).isEqualTo(ascii("A"));
        }
    }

    @Test
    void expectCommandSkipsNothing() throws IOException {
        try (Wire wire = Wire.open(Wire.FAST)) {
            wire.write(ZmtpBytes.concat(ZmtpBytes.subscribeMessage(ascii("A")), ZmtpBytes.ready("PUB")));
            assertThat(failure(() -> wire.peer.expectCommand("READY"), Kind.UNEXPECTED))
                    .hasMessageContaining(
                            "expected the command READY within 200 ms; got a message frame (flags 00, 2 octets)")
                    .hasMessageEndingWith("arrived 4 octets: 00 02 01 41");
            wire.write(ZmtpBytes.ping(0, new byte[0]));
            assertThat(failure(() -> wire.peer.expectCommand("PONG"), Kind.UNEXPECTED))
                    .hasMessageContaining("got the command READY");
            assertThat(failure(() -> wire.peer.expectCommand("ping"), Kind.UNEXPECTED))
                    .hasMessageContaining("got the command PING");
        }
    }

    @Test
    void expectCommandReportsAMalformedName() throws IOException {
        try (Wire wire = Wire.open(Wire.FAST)) {
            wire.write("04 02 05 52");
            assertThat(failure(() -> wire.peer.expectCommand("READY"), Kind.MALFORMED))
                    .hasMessageContaining("name is malformed")
                    .hasMessageEndingWith("arrived 4 octets: 04 02 05 52");
        }
    }

    @Test
    void readExactlyReturnsTheOctetsAndAcceptsZero() throws IOException {
        try (Wire wire = Wire.open(Wire.FAST)) {
            wire.write("01 02 03");
            assertThat(wire.peer.readExactly(0)).isEmpty();
            assertThat(wire.peer.readExactly(2)).isEqualTo(hex("01 02"));
            assertThat(wire.peer.readExactly(1)).isEqualTo(hex("03"));
            assertThatThrownBy(() -> wire.peer.readExactly(-1)).isInstanceOf(IllegalArgumentException.class);
        }
    }
}
