package dev.zck.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SocketOptionTest {

    @Test
    void everyOptionTheIssueListsExists() {
        for (String name : new String[] {
            "SNDHWM",
            "RCVHWM",
            "LINGER",
            "RECONNECT_IVL",
            "RECONNECT_IVL_MAX",
            "IMMEDIATE",
            "ROUTING_ID",
            "SUBSCRIBE",
            "UNSUBSCRIBE",
            "ROUTER_MANDATORY",
            "XPUB_NODROP",
            "REQ_RELAXED",
            "REQ_CORRELATE",
            "HEARTBEAT_IVL",
            "HEARTBEAT_TTL",
            "HEARTBEAT_TIMEOUT",
            "MAXMSGSIZE",
            "HANDSHAKE_IVL"
        }) {
            assertThat(SocketOption.byName(name)).as(name).isPresent();
        }
    }

    @Test
    void namesAndLibzmqCodesAreUnique() {
        Set<Integer> codes = new HashSet<>();
        for (SocketOption<?> option : SocketOption.all()) {
            assertThat(SocketOption.byName(option.name())).hasValue(option);
            if (option.libzmqCode() >= 0) {
                assertThat(codes.add(option.libzmqCode())).as(option.name()).isTrue();
            }
        }
        assertThat(SocketOption.SNDHWM.libzmqCode()).isEqualTo(23);
        assertThat(SocketOption.HEARTBEAT_IVL.libzmqCode()).isEqualTo(75);
    }

    @Test
    void castChecksTheValueType() {
        assertThat(SocketOption.SNDHWM.cast(5)).isEqualTo(5);
        assertThatThrownBy(() -> SocketOption.SNDHWM.cast("5"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("SNDHWM takes a Integer, not a String");
    }

    @Test
    void errorKindsMapFromErrnoNames() {
        assertThat(ErrorKind.fromErrno("EAGAIN")).isEqualTo(ErrorKind.WOULD_BLOCK);
        assertThat(ErrorKind.fromErrno("EHOSTUNREACH")).isEqualTo(ErrorKind.HOST_UNREACHABLE);
        assertThat(ErrorKind.fromErrno("ENOTSOCK")).isEqualTo(ErrorKind.TERMINATED);
        assertThat(ErrorKind.fromErrno("EWHATEVER")).isEqualTo(ErrorKind.OTHER);
        assertThat(ErrorKind.fromErrno("")).isEqualTo(ErrorKind.OTHER);
    }
}
