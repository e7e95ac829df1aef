package dev.zck.engine.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MiniJsonTest {

    @Test
    void readsWhatTheDriverScriptWrites() {
        Map<String, Object> event = MiniJson.parseObject(
                "{\"type\": \"event\", \"code\": 4096, \"value\": -1, \"ok\": true, \"none\": null,"
                        + " \"frames\": [\"00ff\", \"\"], \"endpoint\": \"tcp://127.0.0.1:5555 \\u00e9\\\"\\\\\","
                        + " \"nested\": {\"a\": []}}");

        assertThat(event)
                .containsEntry("type", "event")
                .containsEntry("code", 4096L)
                .containsEntry("value", -1L)
                .containsEntry("ok", true)
                .containsEntry("none", null)
                .containsEntry("frames", List.of("00ff", ""))
                .containsEntry("endpoint", "tcp://127.0.0.1:5555 é\"\\")
                .containsEntry("nested", Map.of("a", List.of()));
    }

    @Test
    void writesCommandsThatReadBack() {
        Map<String, Object> command = new LinkedHashMap<>();
        command.put("cmd", "send");
        command.put("id", 7L);
        command.put("frames", List.of("68656c6c6f", "\"quoted\"\n"));

        String line = MiniJson.write(command);

        assertThat(line).doesNotContain("\n");
        assertThat(MiniJson.parseObject(line)).isEqualTo(command);
    }

    @Test
    void rejectsWhatIsNotOneObject() {
        assertThatThrownBy(() -> MiniJson.parseObject("Traceback (most recent call last):"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MiniJson.parseObject("{} {}")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> MiniJson.parseObject("[1]")).isInstanceOf(IllegalArgumentException.class);
    }
}
