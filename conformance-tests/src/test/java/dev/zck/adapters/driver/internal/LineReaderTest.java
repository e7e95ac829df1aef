package dev.zck.adapters.driver.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class LineReaderTest {

    @Test
    void readsLinesAcrossBufferBoundariesAndCountsThem() throws IOException {
        String longLine = "x".repeat(20_000);
        LineReader reader = new LineReader(new StringReader("first\n\n" + longLine + "\nlast\n"), 30_000);
        assertThat(reader.readLine()).isEqualTo("first");
        assertThat(reader.readLine()).isEmpty();
        assertThat(reader.readLine()).isEqualTo(longLine);
        assertThat(reader.readLine()).isEqualTo("last");
        assertThat(reader.lineNumber()).isEqualTo(4);
        assertThat(reader.readLine()).isNull();
    }

    @Test
    void decodesUtf8() throws IOException {
        byte[] bytes = "{\"group\":\"caf\u00e9 \u2615\"}\n".getBytes(StandardCharsets.UTF_8);
        assertThat(new LineReader(new ByteArrayInputStream(bytes), 100).readLine())
                .isEqualTo("{\"group\":\"caf\u00e9 \u2615\"}");
    }

    @Test
    void anUnterminatedLastLineIsDropped() throws IOException {
        LineReader reader = new LineReader(new StringReader("whole\nhalf a li"), 100);
        assertThat(reader.readLine()).isEqualTo("whole");
        assertThat(reader.readLine()).isNull();
    }

    @Test
    void aLineOverTheBoundIsRefusedWithItsNumberAndHead() throws IOException {
        String tooLong = "y".repeat(10_000);
        LineReader reader = new LineReader(new StringReader("ok\n" + tooLong + "\n"), 9_999);
        assertThat(reader.readLine()).isEqualTo("ok");

        LineReader.TooLong refused = catchThrowableOfType(reader::readLine, LineReader.TooLong.class);

        assertThat(refused).isNotNull();
        assertThat(refused.lineNumber()).isEqualTo(2);
        assertThat(refused.head()).isEqualTo("y".repeat(LineReader.QUOTED_CHARS));
        assertThat(refused).hasMessage("line 2 is longer than 9999 characters");
    }

    @Test
    void aLineExactlyAtTheBoundIsAccepted() throws IOException {
        assertThat(new LineReader(new StringReader("12345\n"), 5).readLine()).isEqualTo("12345");
    }

    @Test
    void quotesCutLongLines() {
        assertThat(LineDispatcher.quote("short")).isEqualTo("\"short\"");
        String quoted = LineDispatcher.quote("z".repeat(500));
        assertThat(quoted).startsWith("\"zzz").endsWith("\"... (500 characters)");
        assertThat(quoted).hasSize(LineReader.QUOTED_CHARS + "\"\"... (500 characters)".length());
    }
}
