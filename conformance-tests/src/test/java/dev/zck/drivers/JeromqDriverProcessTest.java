package dev.zck.drivers;

import static dev.zck.drivers.DriverConnection.DEADLINE;
import static dev.zck.drivers.DriverConnection.request;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zck.drivers.jeromq.JeromqDriver;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The JeroMQ driver as the kit runs it: a child process speaking the protocol on its stdin and stdout. */
class JeromqDriverProcessTest {

    @Test
    void theJeromqDriverServesASessionAndExitsWithStatus0() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process process = new ProcessBuilder(
                        java, "-cp", System.getProperty("java.class.path"), JeromqDriver.class.getName())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            DriverConnection driver = new DriverConnection(process.getInputStream(), process.getOutputStream());
            JsonNode hello = driver.result(request("hello").put("protocol", 1));
            assertThat(hello.get("name").asText()).isEqualTo("jeromq");
            assertThat(hello.get("language").asText()).isEqualTo("Java");

            int pull = driver.result(request("socket").put("type", "PULL"))
                    .get("socket")
                    .asInt();
            String endpoint = driver.result(request("bind").put("socket", pull).put("endpoint", "tcp://127.0.0.1:0"))
                    .get("endpoint")
                    .asText();
            int push = driver.result(request("socket").put("type", "PUSH"))
                    .get("socket")
                    .asInt();
            driver.result(request("connect").put("socket", push).put("endpoint", endpoint));
            var send = request("send").put("socket", push).put("timeoutMs", 10_000);
            send.putArray("frames").add("aGVsbG8=").add("");
            driver.result(send);
            JsonNode received =
                    driver.result(request("recv").put("socket", pull).put("timeoutMs", 10_000));
            assertThat(received.get("frames").toString()).isEqualTo("[\"aGVsbG8=\",\"\"]");

            assertThat(driver.result(request("bye"))).isEmpty();
            assertThat(process.waitFor(DEADLINE.toMillis(), TimeUnit.MILLISECONDS))
                    .as("exited within " + DEADLINE)
                    .isTrue();
            assertThat(process.exitValue()).isZero();
            driver.awaitEnd();
        } finally {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }
}
