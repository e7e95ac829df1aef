package dev.zck.engine;

import static dev.zck.engine.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.zck.spi.Mechanism;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class GreetingAndMetadataTest {
    /** libzmq 4.x NULL greeting: padding 00..01, version 3.1. */
    static final byte[] LIBZMQ_NULL_GREETING =
            Hex.concat(bytes("ff 00 00 00 00 00 00 00 01 7f 03 01 'NULL'"), new byte[48]);

    @Test
    void engineGreetingIsLibzmqsNullGreeting() throws Exception {
        // ZMTP3-GREET-SIGNATURE, ZMTP3-GREET-VERSION, ZMTP3-GREET-MECHANISM-FIELD, ZMTP3-GREET-ASSERVER-NULL,
        // ZMTP3-GREET-FILLER
        assertThat(Hex.of(Greeting.of(Mechanism.NULL, false).encode())).isEqualTo(Hex.of(LIBZMQ_NULL_GREETING));
        Greeting decoded = Greeting.decode(LIBZMQ_NULL_GREETING);
        assertThat(decoded).isEqualTo(new Greeting(3, 1, "NULL", false));
        assertThat(decoded.version()).isEqualTo(ZmtpVersion.ZMTP_3_1);
    }

    @Test
    void paddingIsNotValidatedAndHigherVersionsAreAccepted() throws Exception {
        // ZMTP3-GREET-PADDING-IGNORED, ZMTP3-GREET-HIGHER-VERSION, ZMTP31-GREET-VERSION-MINOR
        byte[] greeting = LIBZMQ_NULL_GREETING.clone();
        for (int i = 1; i <= 8; i++) {
            greeting[i] = (byte) (0x10 * i + 3);
        }
        greeting[11] = 0;
        assertThat(Greeting.decode(greeting).version()).isEqualTo(ZmtpVersion.ZMTP_3_0);
        greeting[11] = 5;
        assertThat(Greeting.decode(greeting).version()).isEqualTo(ZmtpVersion.ZMTP_3_1);
        greeting[10] = 4;
        assertThat(Greeting.decode(greeting).version()).isEqualTo(ZmtpVersion.ZMTP_3_1);
    }

    @Test
    void badSignatureOrOldVersionInAFullGreetingIsAViolation() {
        byte[] greeting = LIBZMQ_NULL_GREETING.clone();
        greeting[0] = 0x01;
        assertThatThrownBy(() -> Greeting.decode(greeting))
                .isInstanceOfSatisfying(
                        ProtocolViolation.class, v -> assertThat(v.ruleId()).isEqualTo("ZMTP3-GREET-SIGNATURE"));
        byte[] old = LIBZMQ_NULL_GREETING.clone();
        old[10] = 1;
        assertThatThrownBy(() -> Greeting.decode(old))
                .isInstanceOfSatisfying(
                        ProtocolViolation.class, v -> assertThat(v.ruleId()).isEqualTo("ZMTP3-GREET-VERSION"));
    }

    @Test
    void metadataNamesAreCaseInsensitive() throws Exception {
        // ZMTP3-META-NAME-CASE
        byte[] data = bytes("0b 'socket-type' 00 00 00 03 'SUB' 04 'X-Hi' 00 00 00 00");
        Metadata metadata = Metadata.decode(data, 0);
        assertThat(metadata.getString("Socket-Type")).hasValue("SUB");
        assertThat(metadata.get("x-hi")).hasValueSatisfying(v -> assertThat(v).isEmpty());
        assertThat(Hex.of(metadata.encode())).isEqualTo(Hex.of(data));
    }

    @Test
    void malformedMetadataNamesItsRule() {
        // ZMTP3-META-NAME-LENGTH, ZMTP3-META-VALUE-LENGTH, ZMTP3-META-PROPERTY-GRAMMAR
        assertRule(bytes("00 00 00 00 00"), "ZMTP3-META-NAME-LENGTH");
        assertRule(bytes("01 'A' 00 00 00 05 'abc'"), "ZMTP3-META-VALUE-LENGTH");
        assertRule(bytes("01 'A' ff ff ff ff"), "ZMTP3-META-VALUE-LENGTH");
        assertRule(bytes("05 'Sock'"), "ZMTP3-META-PROPERTY-GRAMMAR");
        assertRule(bytes("02 'A ' 00 00 00 00"), "ZMTP3-META-PROPERTY-GRAMMAR");
    }

    @Test
    void malformedCommandsNameTheirRule() {
        assertThatThrownBy(() -> ZmtpCommands.decode(new byte[0]))
                .isInstanceOfSatisfying(
                        ProtocolViolation.class, v -> assertThat(v.ruleId()).isEqualTo("ZMTP3-CMD-NAME-GRAMMAR"));
        assertThatThrownBy(() -> ZmtpCommands.decode(bytes("09 'SUB'")))
                .isInstanceOfSatisfying(
                        ProtocolViolation.class, v -> assertThat(v.ruleId()).isEqualTo("ZMTP3-CMD-NAME-GRAMMAR"));
        assertThatThrownBy(() -> ZmtpCommands.decode(bytes("05 'ERROR' 09 'abc'")))
                .isInstanceOfSatisfying(
                        ProtocolViolation.class, v -> assertThat(v.ruleId()).isEqualTo("ZMTP3-ERROR-GRAMMAR"));
        assertThatThrownBy(() -> ZmtpCommands.decode(bytes("04 'PING' 00")))
                .isInstanceOfSatisfying(
                        ProtocolViolation.class, v -> assertThat(v.ruleId()).isEqualTo("ZMTP31-PING-GRAMMAR"));
    }

    @Test
    void unknownCommandsAreKeptNotRefused() throws Exception {
        // ZMTP3-CMD-UNKNOWN: parsing keeps them; the connection ignores them after the handshake.
        ZmtpCommand command = ZmtpCommands.decode(bytes("04 'ABCD' 01 02"));
        assertThat(command).isInstanceOf(ZmtpCommand.Unknown.class);
        assertThat(command.name()).isEqualTo("ABCD");
        assertThat(Arrays.equals(command.data(), new byte[] {1, 2})).isTrue();
    }

    private static void assertRule(byte[] data, String rule) {
        assertThatThrownBy(() -> Metadata.decode(data, 0))
                .isInstanceOfSatisfying(
                        ProtocolViolation.class, v -> assertThat(v.ruleId()).isEqualTo(rule));
    }
}
