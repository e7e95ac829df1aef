package dev.zck.spi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SocketTypeTest {

    @Test
    void compatibilityIsSymmetric() {
        for (SocketType a : SocketType.values()) {
            for (SocketType b : SocketType.values()) {
                assertThat(a.isCompatibleWith(b)).as("%s-%s", a, b).isEqualTo(b.isCompatibleWith(a));
            }
        }
    }

    @Test
    void classicTypesNeverPairWithDraftTypes() {
        for (SocketType a : SocketType.values()) {
            for (SocketType peer : a.compatiblePeers()) {
                assertThat(peer.isDraft()).as("%s-%s", a, peer).isEqualTo(a.isDraft());
            }
        }
    }

    @Test
    void invalidRequestReplyCombinationsAreRefused() {
        assertThat(SocketType.REQ.isCompatibleWith(SocketType.REQ)).isFalse();
        assertThat(SocketType.REQ.isCompatibleWith(SocketType.DEALER)).isFalse();
        assertThat(SocketType.REP.isCompatibleWith(SocketType.REP)).isFalse();
        assertThat(SocketType.REP.isCompatibleWith(SocketType.ROUTER)).isFalse();
        assertThat(SocketType.ROUTER.isCompatibleWith(SocketType.ROUTER)).isTrue();
    }

    @Test
    void codesAreLibzmqs() {
        assertThat(SocketType.PUSH.code()).isEqualTo(8);
        assertThat(SocketType.XSUB.code()).isEqualTo(10);
        assertThat(SocketType.SERVER.code()).isEqualTo(12);
        assertThat(SocketType.CHANNEL.code()).isEqualTo(20);
        for (SocketType type : SocketType.values()) {
            assertThat(SocketType.fromCode(type.code())).hasValue(type);
        }
    }

    @Test
    void zmtpNamesAreMatchedWithoutCase() {
        assertThat(SocketType.fromZmtpName("dealer")).hasValue(SocketType.DEALER);
        assertThat(SocketType.fromZmtpName("Router")).hasValue(SocketType.ROUTER);
        assertThat(SocketType.fromZmtpName("STREAM")).isEmpty();
    }
}
