package dev.zck.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The leak checker itself: a buffer leaked on purpose must be caught, a released one must not. The deliberate leak
 * carries a unique hint and is taken out of the record by that hint only, so it can neither make another test fail
 * nor hide a real leak found at the same time.
 */
class NoLeaksTest {
    private static final long CATCH_DEADLINE_MILLIS = 10_000;

    @Test
    void aLeakedBufferIsCaught() {
        NoLeaks.requireActive();
        String marker = NoLeaks.EXPECTED_LEAK_HINT + "-" + UUID.randomUUID();
        leakOneBuffer(marker);

        List<NoLeaks.Leak> caught = List.of();
        long deadline = System.nanoTime() + CATCH_DEADLINE_MILLIS * 1_000_000;
        while (caught.isEmpty() && System.nanoTime() < deadline) {
            NoLeaks.collect();
            caught = NoLeaks.take(leak -> leak.records().contains(marker));
        }
        assertThat(caught).as("the deliberately leaked buffer").hasSize(1);
        assertThat(caught.get(0).resourceType()).isEqualTo("ByteBuf");
        assertThat(caught.get(0).records()).contains("leakOneBuffer");
    }

    @Test
    void releasedBuffersAndFinishedChannelsAreNotReported() {
        NoLeaks.requireActive();
        int before = NoLeaks.collect().size();
        String marker = "zck-released-" + UUID.randomUUID();
        for (int i = 0; i < 100; i++) {
            ByteBuf buffer = ByteBufAllocator.DEFAULT.buffer(64).touch(marker);
            buffer.writeLong(i);
            buffer.release();
        }
        EmbeddedChannel channel = new EmbeddedChannel();
        channel.writeOutbound(ByteBufAllocator.DEFAULT.buffer(4).writeInt(1).touch(marker));
        channel.finishAndReleaseAll();
        NoLeaks.assertNoLeaksSince(before, "released buffers");
        assertThat(NoLeaks.take(leak -> leak.records().contains(marker))).isEmpty();
    }

    /** Allocates a tracked buffer and drops it without releasing it. */
    private static void leakOneBuffer(String marker) {
        ByteBuf buffer = ByteBufAllocator.DEFAULT.buffer(32);
        buffer.writeInt(42);
        buffer.touch(marker);
    }
}
