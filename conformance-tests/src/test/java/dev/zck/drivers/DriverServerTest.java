package dev.zck.drivers;

import static dev.zck.drivers.DriverConnection.DEADLINE;
import static dev.zck.drivers.DriverConnection.request;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zck.adapters.jeromq.JeromqImplementation;
import dev.zck.drivers.protocol.DriverJson;
import dev.zck.engine.socket.ReferenceImplementation;
import dev.zck.spi.Capabilities;
import dev.zck.spi.ErrorKind;
import dev.zck.spi.ImplementationInfo;
import dev.zck.spi.SocketType;
import dev.zck.spi.ZmqException;
import dev.zck.spi.ZmqImplementation;
import dev.zck.spi.ZmqSocket;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A {@link DriverServer} driven in-process over in-memory streams, the way the kit drives a driver process: the
 * example session of spec/DRIVER-PROTOCOL.md, concurrency between sockets, events, errors and the end of a session,
 * with the reference engine and with JeroMQ behind it.
 */
class DriverServerTest {
    private ZmqImplementation implementation;
    private Thread server;
    private DriverConnection driver;

    static Stream<Named<Supplier<ZmqImplementation>>> implementations() {
        return Stream.of(
                Named.of("reference", ReferenceImplementation::new),
                Named.of("jeromq", () -> new JeromqImplementation(true)));
    }

    private void start(Supplier<ZmqImplementation> factory) {
        start(factory.get(), DriverJson.MAX_LINE_CHARS);
    }

    private void start(ZmqImplementation served, int maxLineChars) {
        implementation = served;
        BytePipe toDriver = new BytePipe();
        BytePipe fromDriver = new BytePipe();
        DriverServer session = new DriverServer(served, toDriver.input(), fromDriver.output(), maxLineChars);
        server = new Thread(session::run, "driver-server");
        server.setDaemon(true);
        server.start();
        driver = new DriverConnection(fromDriver.input(), toDriver.output());
    }

    @AfterEach
    void stop() throws Exception {
        if (server != null && server.isAlive()) {
            driver.closeInput();
            server.join(DEADLINE.toMillis());
        }
        if (implementation != null) {
            implementation.close();
        }
    }

    // ------------------------------------------------------------------ the session of the protocol's section 7

    @ParameterizedTest
    @MethodSource("implementations")
    void theExampleSessionOfTheProtocol(Supplier<ZmqImplementation> factory) throws Exception {
        start(factory);
        JsonNode hello = driver.result(request("hello").put("protocol", 1));
        ImplementationInfo info = implementation.info();
        assertThat(hello.get("protocol").asInt()).isEqualTo(1);
        assertThat(List.of(
                        hello.get("name").asText(),
                        hello.get("version").asText(),
                        hello.get("language").asText()))
                .containsExactly(info.name(), info.version(), info.language());
        assertThat(hello.get("detail").asText()).isEqualTo(info.detail());
        Capabilities declared = DriverJson.readCapabilities(hello.get("capabilities"));
        Capabilities real = implementation.capabilities();
        assertThat(declared.socketTypes()).isEqualTo(real.socketTypes());
        assertThat(declared.transports()).isEqualTo(real.transports());
        assertThat(declared.options()).isEqualTo(real.options());
        assertThat(declared.events()).isEqualTo(real.events());

        int pull = socket("PULL");
        assertThat(pull).isEqualTo(1);
        String endpoint = bind(pull, "tcp://127.0.0.1:0");
        assertThat(endpoint).matches("tcp://127\\.0\\.0\\.1:[1-9][0-9]*");
        int push = socket("PUSH");
        assertThat(push).isEqualTo(2);
        assertThat(driver.result(on("connect", push).put("endpoint", endpoint))).isEmpty();

        // The receive waits on socket 1 while the send on socket 2 is served: one thread would wait out the 10 s.
        byte[] everyOctet = new byte[256];
        for (int i = 0; i < everyOctet.length; i++) {
            everyOctet[i] = (byte) i;
        }
        List<String> frames = List.of("aGVsbG8=", "AAH/", "", DriverJson.encodeFrame(everyOctet));
        long receive = driver.send(on("recv", pull).put("timeoutMs", 10_000));
        assertThat(driver.result(send(push, frames, 10_000))).isEmpty();
        JsonNode received = driver.result(receive);
        assertThat(texts(received.get("frames"))).containsExactlyElementsOf(frames);
        assertThat(DriverJson.decodeFrame(received.get("frames").get(3).asText()))
                .isEqualTo(everyOctet);

        assertThat(errorKind(on("recv", pull).put("timeoutMs", 0))).isEqualTo("WOULD_BLOCK");
        JsonNode unknownOption =
                driver.error(on("set", pull).put("option", "NO_SUCH_OPTION").put("value", 1));
        assertThat(unknownOption.get("kind").asText()).isEqualTo("UNSUPPORTED");
        assertThat(unknownOption.get("message").asText()).contains("NO_SUCH_OPTION");

        assertThat(driver.result(request("bye"))).isEmpty();
        assertEnded();
    }

    // ------------------------------------------------------------------ errors

    @ParameterizedTest
    @MethodSource("implementations")
    void badRequestsAreAnsweredAndTheSessionGoesOn(Supplier<ZmqImplementation> factory) {
        start(factory);
        driver.result(request("hello").put("protocol", 1));
        assertThat(errorKind(request("hello").put("protocol", 2))).isEqualTo("UNSUPPORTED");

        JsonNode unknownOp = driver.error(request("frobnicate"));
        assertThat(unknownOp.get("kind").asText()).isEqualTo("UNSUPPORTED");
        assertThat(unknownOp.get("message").asText()).contains("frobnicate");
        assertThat(errorKind(request("socket").put("type", "NO_SUCH_TYPE"))).isEqualTo("UNSUPPORTED");
        assertMalformed(request("socket"), "'type'");

        int push = socket("PUSH");
        assertMalformed(send(push, List.of("not base64!"), 0), "'frames'");
        assertMalformed(on("send", push).put("timeoutMs", 0), "'frames'");
        assertMalformed(send(push, List.of("aGk=")), "'timeoutMs'");
        assertMalformed(on("bind", push), "'endpoint'");
        assertMalformed(on("set", push).put("option", "SNDHWM").put("value", "many"), "'value'");
        assertMalformed(request("recv").put("timeoutMs", 0), "'socket'");
        assertThat(errorKind(on("recv", 99).put("timeoutMs", 0))).isEqualTo("TERMINATED");

        driver.sendRaw("this is not JSON");
        assertThat(DriverConnection.errorOf(driver.unnumberedReply())
                        .get("kind")
                        .asText())
                .isEqualTo("OTHER");
        driver.sendRaw("{\"op\":\"hello\",\"protocol\":1}");
        JsonNode noId = DriverConnection.errorOf(driver.unnumberedReply());
        assertThat(noId.get("message").asText()).contains("'id'");

        // Still serving, and the earlier bad requests changed nothing.
        assertThat(driver.result(on("set", push).put("option", "SNDHWM").put("value", 7)))
                .isEmpty();
        assertThat(driver.result(on("get", push).put("option", "SNDHWM"))
                        .get("value")
                        .asInt())
                .isEqualTo(7);
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void aReqThatReceivesBeforeSendingIsInTheWrongState(Supplier<ZmqImplementation> factory) {
        start(factory);
        int req = socket("REQ");
        assertThat(errorKind(on("recv", req).put("timeoutMs", 1000))).isEqualTo("WRONG_STATE");
    }

    @ParameterizedTest
    @MethodSource("implementations")
    void aClosedHandleIsTerminatedAndNeverReused(Supplier<ZmqImplementation> factory) {
        start(factory);
        int push = socket("PUSH");
        assertThat(driver.result(on("close", push))).isEmpty();
        assertThat(errorKind(send(push, List.of("aGk="), 0))).isEqualTo("TERMINATED");
        assertThat(errorKind(on("close", push))).isEqualTo("TERMINATED");
        assertThat(socket("PULL")).isEqualTo(push + 1);
    }

    @Test
    void anOverlongLineIsRefusedAndTheSessionGoesOn() {
        start(new ReferenceImplementation(), 100);
        driver.sendRaw("{\"id\":99,\"op\":\"hello\",\"protocol\":1,\"pad\":\"" + "x".repeat(200) + "\"}");
        JsonNode refused = DriverConnection.errorOf(driver.unnumberedReply());
        assertThat(refused.get("message").asText()).contains("longer than 100");
        assertThat(driver.result(request("hello").put("protocol", 1))
                        .get("protocol")
                        .asInt())
                .isEqualTo(1);
    }

    @Test
    void anExceptionFromTheImplementationIsOtherAndTheSessionGoesOn() {
        start(bindThrows(new ReferenceImplementation()), DriverJson.MAX_LINE_CHARS);
        int pull = socket("PULL");
        JsonNode error = driver.error(on("bind", pull).put("endpoint", "tcp://127.0.0.1:0"));
        assertThat(error.get("kind").asText()).isEqualTo("OTHER");
        assertThat(error.get("message").asText()).isEqualTo("java.lang.IllegalStateException: bind is broken");
        assertThat(errorKind(on("recv", pull).put("timeoutMs", 0))).isEqualTo("WOULD_BLOCK");
    }

    // ------------------------------------------------------------------ events

    @ParameterizedTest
    @MethodSource("implementations")
    void eventsArriveAsLinesOfTheirOwnWhileAReceiveWaits(Supplier<ZmqImplementation> factory) {
        start(factory);
        int pull = socket("PULL");
        String endpoint = bind(pull, "tcp://127.0.0.1:0");
        long receive = driver.send(on("recv", pull).put("timeoutMs", 15_000));
        int push = socket("PUSH");
        driver.result(on("connect", push).put("endpoint", endpoint));

        ObjectNode accepted = driver.awaitEvent(pull, "ACCEPTED", java.time.Duration.ofSeconds(5));
        assertThat(accepted.get("endpoint").isTextual()).isTrue();
        assertThat(accepted.get("detail").isTextual()).isTrue();
        assertThat(driver.replied(receive)).as("the receive still waits").isFalse();

        driver.result(send(push, List.of("aGk="), 5000));
        assertThat(texts(driver.result(receive).get("frames"))).containsExactly("aGk=");
    }

    // ------------------------------------------------------------------ the end of a session

    @Test
    void byeWhileAReceiveWaitsAnswersItTerminatedAndEnds() throws Exception {
        start(ReferenceImplementation::new);
        int pull = socket("PULL");
        long receive = driver.send(on("recv", pull).put("timeoutMs", 60_000));
        long bye = driver.send(request("bye"));
        assertThat(driver.reply(bye).get("ok").asBoolean()).isTrue();
        assertThat(DriverConnection.errorOf(driver.reply(receive)).get("kind").asText())
                .isEqualTo("TERMINATED");
        assertThat(driver.replyOrder()).containsSubsequence(receive, bye);
        assertEnded();
    }

    @Test
    void endOfInputEndsTheSessionLikeBye() throws Exception {
        start(() -> new JeromqImplementation(true));
        socket("PUSH");
        driver.closeInput();
        assertEnded();
    }

    @Test
    void withConnectTheSessionRunsOnATcpConnectionToTheKit() throws Exception {
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (ServerSocket kit = new ServerSocket(0, 1, loopback)) {
            kit.setSoTimeout((int) DEADLINE.toMillis());
            String[] args = {"--connect", "127.0.0.1:" + kit.getLocalPort()};
            CompletableFuture<Integer> status = CompletableFuture.supplyAsync(
                    () -> DriverServer.serve(
                            ReferenceImplementation::new,
                            args,
                            InputStream.nullInputStream(),
                            OutputStream.nullOutputStream()),
                    DriverServerTest::onNewThread);
            try (Socket connection = kit.accept()) {
                driver = new DriverConnection(connection.getInputStream(), connection.getOutputStream());
                assertThat(driver.result(request("hello").put("protocol", 1))
                                .get("name")
                                .asText())
                        .isEqualTo("zck-reference");
                assertThat(driver.result(request("bye"))).isEmpty();
                assertThat(status.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS))
                        .isZero();
                driver.awaitEnd();
            }
        }
    }

    @Test
    void badArgumentsEndWithStatus2WithoutMakingTheImplementation() {
        Supplier<ZmqImplementation> never = () -> fail("the implementation was made");
        for (String[] args : List.of(new String[] {"--bogus"}, new String[] {"--connect", "no-port"})) {
            assertThat(DriverServer.serve(never, args, InputStream.nullInputStream(), OutputStream.nullOutputStream()))
                    .as(String.join(" ", args))
                    .isEqualTo(2);
        }
    }

    // ------------------------------------------------------------------ helpers

    private void assertEnded() throws InterruptedException {
        server.join(DEADLINE.toMillis());
        assertThat(server.isAlive()).as("run() returned").isFalse();
        driver.awaitEnd();
        assertThatThrownBy(() -> implementation.socket(SocketType.PAIR))
                .as("the implementation is closed")
                .isInstanceOfSatisfying(
                        ZmqException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.TERMINATED));
    }

    /** The implementation, with sockets whose bind throws an unchecked exception (a bug, as the server sees it). */
    private static ZmqImplementation bindThrows(ZmqImplementation real) {
        return proxy(ZmqImplementation.class, real, (method, args) -> {
            Object result = method.invoke(real, args);
            if (!method.getName().equals("socket")) {
                return result;
            }
            ZmqSocket socket = (ZmqSocket) result;
            return proxy(ZmqSocket.class, socket, (socketMethod, socketArgs) -> {
                if (socketMethod.getName().equals("bind")) {
                    throw new IllegalStateException("bind is broken");
                }
                return socketMethod.invoke(socket, socketArgs);
            });
        });
    }

    @FunctionalInterface
    private interface Call {
        Object invoke(Method method, Object[] args) throws Exception;
    }

    private static <T> T proxy(Class<T> type, T real, Call call) {
        InvocationHandler handler = (self, method, args) -> {
            try {
                return call.invoke(method, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return type.cast(Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, handler));
    }

    private int socket(String type) {
        return driver.result(request("socket").put("type", type)).get("socket").asInt();
    }

    private String bind(int socket, String endpoint) {
        return driver.result(on("bind", socket).put("endpoint", endpoint))
                .get("endpoint")
                .asText();
    }

    private String errorKind(ObjectNode request) {
        return driver.error(request).get("kind").asText();
    }

    private void assertMalformed(ObjectNode request, String field) {
        JsonNode error = driver.error(request);
        assertThat(error.get("kind").asText()).as("%s", error).isEqualTo("OTHER");
        assertThat(error.get("message").asText()).contains(field);
    }

    private static ObjectNode on(String op, int socket) {
        return request(op).put("socket", socket);
    }

    private static ObjectNode send(int socket, List<String> frames) {
        ObjectNode send = on("send", socket);
        ArrayNode array = send.putArray("frames");
        frames.forEach(array::add);
        return send;
    }

    private static ObjectNode send(int socket, List<String> frames, int timeoutMs) {
        return send(socket, frames).put("timeoutMs", timeoutMs);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private static void onNewThread(Runnable task) {
        Thread thread = new Thread(task, "driver-serve");
        thread.setDaemon(true);
        thread.start();
    }
}
