package dev.zck.engine.rawpeer;

import static dev.zck.engine.rawpeer.ZmtpBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.zck.engine.rawpeer.RawPeerException.Kind;
import java.io.IOException;
import java.net.SocketException;
import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** Closes, resets and silence, against a plain JDK socket on the other side. */
class RawPeerCloseAndSilenceTest {

    private static RawPeerException failure(ThrowingCallable call, Kind kind) {
        RawPeerException thrown = catchThrowableOfType(RawPeerException.class, call);
        assertThat(thrown).as("a RawPeerException").isNotNull();
        assertThat(thrown.kind()).as(thrown.getMessage()).isEqualTo(kind);
        return thrown;
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Polls a condition until it holds or the deadline passes; each {@code isClosed} poll waits up to 1 ms itself. */
    private static boolean eventually(BooleanSupplier condition, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            if (condition.getAsBoolean()) {
                return true;
            }
        }
        return condition.getAsBoolean();
    }

    @Test
    void expectCloseReturnsWhatArrivedBeforeTheEof() throws IOException {
        try (Wire wire = Wire.open(Wire.PATIENT)) {
            byte[] error = ZmtpBytes.error("400");
            wire.write(error);
            wire.closeOther();
            assertThat(wire.peer.expectClose()).isEqualTo(error);
        }
    }

    @Test
    void expectCloseCountsAResetAsClosed() throws IOException {
        try (Wire wire = Wire.open(Wire.PATIENT)) {
            wire.resetOther();
            assertThat(wire.peer.expectClose()).isEmpty();
            assertThat(wire.peer.isClosed()).isTrue();
        }
    }

    @Test
    void expectCloseFailsWhenTheConnectionStaysOpen() throws IOException {
        try (Wire wire = Wire.open(Wire.FAST)) {
            wire.write("00 01 41");
            long start = System.nanoTime();
            RawPeerException e = failure(wire.peer::expectClose, Kind.TIMEOUT);
            assertThat(millisSince(start)).isBetween(200L, 3_000L);
            assertThat(e)
                    .hasMessageStartingWith(
                            "expected the connection to be closed (EOF or reset) within 200 ms; the connection stayed open")
                    .hasMessageEndingWith("arrived 3 octets: 00 01 41");
        }
    }

    @Test
    void expectSilencePassesWhenNothingArrives() throws IOException {
        try (Wire wire = Wire.open(Wire.FAST)) {
            long start = System.nanoTime();
            wire.peer.expectSilence();
            assertThat(millisSince(start)).isGreaterThanOrEqualTo(100L);
            assertThat(wire.peer.expectSilenceOrClose()).isFalse();
        }
    }

    @Test
    void expectSilenceFailsWhenOctetsArrive() throws IOException {
        try (Wire wire = Wire.open(Wire.FAST)) {
            wire.write(ZmtpBytes.ping(0, new byte[0]));
            assertThat(failure(wire.peer::expectSilence, Kind.UNEXPECTED))
                    .hasMessageStartingWith("expected silence for 100 ms; octets arrived after ")
                    .hasMessageEndingWith("arrived 9 octets: 04 07 04 50 49 4e 47 00 00");
            wire.write("00 01 41");
            assertThat(failure(wire.peer::expectSilenceOrClose, Kind.UNEXPECTED))
                    .hasMessageContaining("00 01 41");
        }
    }

    @Test
    void aCloseDuringSilenceFailsUnlessClosingIsAccepted() throws IOException {
        try (Wire wire = Wire.open(Wire.FAST)) {
            wire.closeOther();
            assertThat(failure(wire.peer::expectSilence, Kind.CLOSED))
                    .hasMessageContaining("expected silence for 100 ms; the connection was closed (EOF)");
            assertThat(wire.peer.expectSilenceOrClose()).isTrue();
        }
    }

    @Test
    void isClosedSeesTheOtherSidesCloseWithoutConsumingData() throws IOException {
        try (Wire wire = Wire.open(Wire.PATIENT)) {
            assertThat(wire.peer.isClosed()).isFalse();
            wire.write("00 01 42");
            assertThat(wire.peer.isClosed()).isFalse();
            assertThat(wire.peer.isClosed()).isFalse();
            assertThat(wire.peer.readFrame()).isEqualTo(new RawFrame(0, hex("42")));
            wire.write("00 01 43");
            wire.closeOther();
            assertThat(eventually(wire.peer::isClosed, Duration.ofSeconds(5))).isTrue();
            // the octets before the close are still there, then the EOF
            assertThat(wire.peer.readFrame()).isEqualTo(new RawFrame(0, hex("43")));
            assertThat(wire.peer.expectClose()).isEmpty();
        }
    }

    @Test
    void closeSendsAnEofAndAbortSendsAReset() throws IOException {
        try (Wire graceful = Wire.open(Wire.PATIENT)) {
            graceful.peer.close();
            graceful.peer.close();
            assertThat(graceful.peer.isClosed()).isTrue();
            assertThat(graceful.other.getInputStream().read()).isEqualTo(-1);
        }
        try (Wire abrupt = Wire.open(Wire.PATIENT)) {
            abrupt.peer.abort();
            abrupt.peer.abort();
            assertThat(abrupt.peer.isClosed()).isTrue();
            assertThat(catchThrowableOfType(
                            SocketException.class,
                            () -> abrupt.other.getInputStream().read()))
                    .hasMessageContaining("reset");
        }
    }

    @Test
    void aClosedPeerRefusesFurtherOperations() throws IOException {
        try (Wire wire = Wire.open(Wire.FAST)) {
            wire.peer.close();
            assertThat(failure(wire.peer::readFrame, Kind.IO)).hasMessageContaining("already closed");
            assertThat(failure(() -> wire.peer.send(hex("00")), Kind.IO)).hasMessageContaining("already closed");
            assertThat(failure(wire.peer::expectSilence, Kind.IO)).hasMessageContaining("already closed");
        }
    }
}
