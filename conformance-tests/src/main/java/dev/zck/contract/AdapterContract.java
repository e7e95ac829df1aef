package dev.zck.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.zck.rules.RuleId;
import dev.zck.spi.Capabilities;
import dev.zck.spi.ErrorKind;
import dev.zck.spi.ImplementationInfo;
import dev.zck.spi.Mechanism;
import dev.zck.spi.Message;
import dev.zck.spi.SocketEvent;
import dev.zck.spi.SocketOption;
import dev.zck.spi.SocketType;
import dev.zck.spi.Transport;
import dev.zck.spi.ZmqException;
import dev.zck.spi.ZmqImplementation;
import dev.zck.spi.ZmqSocket;
import dev.zck.suites.EachTransport;
import dev.zck.suites.SuiteBase;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.function.ThrowingSupplier;

/**
 * The adapter contract: checks that an adapter is wired right before any conformance rule runs through it, as the
 * Reactive Streams TCK's verification classes do for a publisher. A suite's FAIL must be a finding about the
 * implementation; an adapter that resolves no port, loses or reorders frames, ignores timeouts, throws the wrong
 * exceptions or hangs on close makes every suite fail for reasons that have nothing to do with ZeroMQ. These checks
 * pin down what the SPI's Javadoc promises, as the catalog's {@code SPI-*} rules: identity and declaration, bind to
 * port 0, byte-exact multipart round trips, timeouts, error kinds, option round trips, events and close.
 *
 * <p>Extend it in your build's tests with the one method that returns a fresh implementation, and run it before the
 * suites:
 *
 * <pre>{@code
 * class MyZmqAdapterContractTest extends AdapterContract {
 *     protected ZmqImplementation createImplementation() throws Exception {
 *         return new MyZmq(); // or a driver that starts the implementation's process
 *     }
 * }
 * }</pre>
 *
 * <p>One implementation serves the whole class (an out-of-process driver starts once) and is closed after it; one
 * check calls {@link #createImplementation()} again for an implementation of its own, to close it with sockets still
 * open, so the method must return a new implementation on every call. Every socket a check opens is closed after it. A check that needs a socket type, transport, option or event
 * the adapter does not declare is aborted as UNSUPPORTED, as in the suites, never failed; a call that hangs is cut
 * at the expect timeout and fails the check.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
public abstract class AdapterContract extends SuiteBase {
    /** The positive timeout the timeout checks pass to send and receive. */
    private static final Duration TIMED_WAIT = Duration.ofMillis(200);

    /** How much earlier than {@link #TIMED_WAIT} a timed call may give up, for coarse timers and scheduling. */
    private static final Duration SLACK = Duration.ofMillis(50);

    private static final String TCP_ANY = "tcp://127.0.0.1:0";
    private static final Pattern TCP_RESOLVED = Pattern.compile("tcp://127\\.0\\.0\\.1:(\\d{1,5})");
    private static final byte[] ROUTING_ID = {0x01, 'z', 'c', 'k', 0x00, (byte) 0xff};

    /** The integer options read back, with the value each is set to (one more if that is the current value). */
    private static final Map<SocketOption<Integer>, Integer> INT_OPTIONS = intOptions();

    // ------------------------------------------------------------------ SPI-IDENTITY

    @Test
    @Order(10)
    @RuleId("SPI-IDENTITY")
    @DisplayName("info() names the implementation; capabilities() declare a socket type, tcp and NULL")
    void namesItselfAndDeclaresTheMinimum() {
        ImplementationInfo info = implementation().info();
        assertThat(info).as("info()").isNotNull();
        assertThat(info.name()).as("info().name()").isNotBlank();
        assertThat(info.version()).as("info().version()").isNotBlank();
        assertThat(info.language()).as("info().language()").isNotBlank();
        assertThat(implementation().info()).as("info() asked again").isEqualTo(info);

        Capabilities capabilities = implementation().capabilities();
        assertThat(capabilities).as("capabilities()").isNotNull();
        assertThat(capabilities.socketTypes()).as("declared socket types").isNotEmpty();
        assertThat(capabilities.transports()).as("declared transports").contains(Transport.TCP);
        assertThat(capabilities.mechanisms()).as("declared mechanisms").contains(Mechanism.NULL);
        Capabilities again = implementation().capabilities();
        assertThat(List.of(
                        again.socketTypes(), again.transports(), again.mechanisms(), again.options(), again.events()))
                .as("capabilities() asked again: types, transports, mechanisms, options, events")
                .isEqualTo(List.of(
                        capabilities.socketTypes(),
                        capabilities.transports(),
                        capabilities.mechanisms(),
                        capabilities.options(),
                        capabilities.events()));
    }

    // ------------------------------------------------------------------ SPI-BIND-PORT-ZERO

    @Test
    @Order(20)
    @RuleId("SPI-BIND-PORT-ZERO")
    @DisplayName("bind to tcp://127.0.0.1:0 returns tcp://127.0.0.1:<port> and listens on that port")
    void bindToPortZeroReturnsTheChosenPort() throws Exception {
        requireTransports(Transport.TCP);
        ZmqSocket socket = socket(route().receiver());
        String endpoint = socket.bind(TCP_ANY);
        int port = portOf(endpoint);
        assertThat(port).as("the port in %s", endpoint).isBetween(1, 65_535);
        assertThatCode(() -> {
                    try (Socket probe = new Socket()) {
                        probe.connect(new InetSocketAddress("127.0.0.1", port), (int) expect().toMillis());
                    }
                })
                .as("a TCP connection to port %d, which bind returned", port)
                .doesNotThrowAnyException();
    }

    @Test
    @Order(21)
    @RuleId("SPI-BIND-PORT-ZERO")
    @DisplayName("binding an endpoint another socket holds fails with a ZmqException")
    void bindingATakenEndpointIsAZmqException() throws Exception {
        requireTransports(Transport.TCP);
        SocketType type = route().receiver();
        String endpoint = socket(type).bind(TCP_ANY);
        ZmqSocket second = socket(type);
        expectZmqException("a second bind to " + endpoint, () -> second.bind(endpoint));
    }

    @Test
    @Order(22)
    @RuleId("SPI-BIND-PORT-ZERO")
    @DisplayName("binding an endpoint of invalid syntax fails with a ZmqException")
    void bindingABadEndpointIsAZmqException() throws Exception {
        ZmqSocket socket = socket(route().receiver());
        for (String bad : List.of("tcp://127.0.0.1:not-a-port", "no scheme at all")) {
            expectZmqException("bind to \"" + bad + "\"", () -> socket.bind(bad));
        }
    }

    // ------------------------------------------------------------------ SPI-MULTIPART-ROUND-TRIP

    @EachTransport
    @Order(30)
    @RuleId("SPI-MULTIPART-ROUND-TRIP")
    @DisplayName("frames of 0 B, 1 B, all 256 octet values, 64 KiB, 1 MiB and a 3-frame message arrive byte-exact; "
            + "100 messages in order")
    void messagesArriveByteExactAndInOrder(String transport) throws Exception {
        Link link = link(transport);
        List<Message> messages = List.of(
                Message.of(new byte[0]),
                Message.of(new byte[] {0x5a}),
                Message.of(allOctets()),
                Message.of(noise(64 * 1024)),
                Message.of(noise(1024 * 1024)),
                Message.of(bytes("first"), new byte[0], allOctets()));
        List<Message> received = sendAllThenReceive(link, messages);
        for (int i = 0; i < messages.size(); i++) {
            assertSameMessage(received.get(i), messages.get(i), "message " + sizes(messages.get(i)));
        }

        List<String> numbers =
                IntStream.range(0, 100).mapToObj(Integer::toString).toList();
        List<String> inOrder = sendAllThenReceive(
                        link, numbers.stream().map(Message::ofStrings).toList())
                .stream()
                .map(message -> message.frameAsString(0))
                .toList();
        assertThat(inOrder).as("100 numbered messages in the order received").containsExactlyElementsOf(numbers);
    }

    @EachTransport
    @Order(31)
    @RuleId("SPI-MULTIPART-ROUND-TRIP")
    @DisplayName("a ROUTER receives the DEALER's routing id first and routes the reply back by it")
    void routerRoutesTheReplyByTheRoutingId(String transport) throws Exception {
        requireTypes(SocketType.DEALER, SocketType.ROUTER);
        boolean named = implementation().capabilities().supports(SocketOption.ROUTING_ID);
        ZmqSocket router = socket(SocketType.ROUTER);
        String endpoint = router.bind(endpoint(transport));
        ZmqSocket dealer = socket(SocketType.DEALER);
        if (named) {
            dealer.set(SocketOption.ROUTING_ID, ROUTING_ID);
        }
        dealer.connect(endpoint);
        Message request = Message.of(bytes("request"), allOctets());
        dealer.send(request, expect());

        Message received = router.receive(expect());
        assertThat(received.size())
                .as("frames at the ROUTER: the routing id, then the %d of the request", request.size())
                .isEqualTo(request.size() + 1);
        byte[] id = received.frame(0);
        if (named) {
            assertThat(id)
                    .as("the routing id frame: the ROUTING_ID the DEALER set")
                    .isEqualTo(ROUTING_ID);
        } else {
            assertThat(id).as("the routing id frame").isNotEmpty();
        }
        List<byte[]> frames = received.frames();
        assertSameMessage(Message.of(frames.subList(1, frames.size())), request, "the request behind the routing id");

        Message reply = Message.of(bytes("reply"), new byte[0], bytes("end"));
        List<byte[]> routed = new ArrayList<>();
        routed.add(id);
        routed.addAll(reply.frames());
        router.send(Message.of(routed), expect());
        assertSameMessage(dealer.receive(expect()), reply, "the reply routed back to the DEALER");
    }

    // ------------------------------------------------------------------ SPI-TIMEOUT-WOULD-BLOCK

    @Test
    @Order(40)
    @RuleId("SPI-TIMEOUT-WOULD-BLOCK")
    @DisplayName("receive with nothing queued: WOULD_BLOCK at once for 0, after the wait for 200 ms")
    void receiveHonoursItsTimeout() throws Exception {
        ZmqSocket socket = socket(route().receiver());
        expectTimeoutsHonoured("receive on an empty " + socket.type(), socket::receive);
    }

    @Test
    @Order(41)
    @RuleId("SPI-TIMEOUT-WOULD-BLOCK")
    @DisplayName("send with no peer: WOULD_BLOCK at once for 0, after the wait for 200 ms")
    void sendHonoursItsTimeout() throws Exception {
        ZmqSocket socket = socket(route().sender());
        expectTimeoutsHonoured(
                "send on a " + socket.type() + " without peers",
                timeout -> socket.send(Message.ofStrings("nobody listens"), timeout));
    }

    // ------------------------------------------------------------------ SPI-ERROR-KINDS

    @Test
    @Order(50)
    @RuleId("SPI-ERROR-KINDS")
    @DisplayName("a REQ that receives before it sent gets WRONG_STATE")
    void reqReceivingFirstIsWrongState() throws Exception {
        ZmqSocket req = socket(SocketType.REQ);
        expectFailure(ErrorKind.WRONG_STATE, "receive on a REQ that has sent nothing", () -> req.receive(silence()));
    }

    @Test
    @Order(51)
    @RuleId("SPI-ERROR-KINDS")
    @DisplayName("a ROUTER_MANDATORY ROUTER sending to an unknown routing id gets HOST_UNREACHABLE")
    void mandatoryRouterToAnUnknownPeerIsHostUnreachable() throws Exception {
        requireOptions(SocketOption.ROUTER_MANDATORY);
        ZmqSocket router = socket(SocketType.ROUTER);
        router.set(SocketOption.ROUTER_MANDATORY, true);
        expectFailure(
                ErrorKind.HOST_UNREACHABLE,
                "send by a ROUTER_MANDATORY ROUTER to an unknown routing id",
                () -> router.send(Message.of(bytes("zck-nobody"), bytes("hello")), silence()));
    }

    @Test
    @Order(52)
    @RuleId("SPI-ERROR-KINDS")
    @DisplayName("creating a socket type that is not declared gets UNSUPPORTED")
    void undeclaredSocketTypeIsUnsupported() {
        Capabilities capabilities = implementation().capabilities();
        Optional<SocketType> undeclared = Arrays.stream(SocketType.values())
                .filter(type -> !capabilities.supports(type))
                .findFirst();
        Assumptions.assumeTrue(
                undeclared.isPresent(),
                () -> UNSUPPORTED + label() + " declares every socket type, so none is left to refuse");
        SocketType type = undeclared.get();
        expectFailure(
                ErrorKind.UNSUPPORTED,
                "socket(" + type + "), a type not declared",
                () -> implementation().socket(type).close());
    }

    @Test
    @Order(53)
    @RuleId("SPI-ERROR-KINDS")
    @DisplayName("setting an option that is not declared gets UNSUPPORTED")
    void undeclaredOptionIsUnsupported() throws Exception {
        Capabilities capabilities = implementation().capabilities();
        Optional<SocketOption<?>> undeclared = SocketOption.all().stream()
                .filter(option -> !capabilities.supports(option))
                .findFirst();
        Assumptions.assumeTrue(
                undeclared.isPresent(),
                () -> UNSUPPORTED + label() + " declares every option, so none is left to refuse");
        SocketOption<?> option = undeclared.get();
        ZmqSocket socket = socket(route().sender());
        expectFailure(
                ErrorKind.UNSUPPORTED,
                "set(" + option + "), an option not declared, on a " + socket.type(),
                () -> setSample(socket, option));
    }

    // ------------------------------------------------------------------ SPI-OPTIONS-ROUND-TRIP

    @Test
    @Order(60)
    @RuleId("SPI-OPTIONS-ROUND-TRIP")
    @DisplayName("SNDHWM, RCVHWM, LINGER and RECONNECT_IVL read back the values set")
    void integerOptionsReadBackWhatWasSet() throws Exception {
        Capabilities capabilities = implementation().capabilities();
        List<SocketOption<Integer>> declared =
                INT_OPTIONS.keySet().stream().filter(capabilities::supports).toList();
        Assumptions.assumeFalse(
                declared.isEmpty(), () -> UNSUPPORTED + label() + " declares none of " + INT_OPTIONS.keySet());
        ZmqSocket socket = socket(route().sender());
        Map<SocketOption<Integer>, Integer> set = new LinkedHashMap<>();
        for (SocketOption<Integer> option : declared) { // all set first, so that one option cannot pose as another
            int value = INT_OPTIONS.get(option);
            set.put(option, socket.get(option) == value ? value + 1 : value);
            socket.set(option, set.get(option));
        }
        for (SocketOption<Integer> option : declared) {
            assertThat(socket.get(option)).as("%s after setting it", option).isEqualTo(set.get(option));
        }
    }

    @Test
    @Order(61)
    @RuleId("SPI-OPTIONS-ROUND-TRIP")
    @DisplayName("ROUTING_ID reads back the octets set")
    void routingIdReadsBackWhatWasSet() throws Exception {
        requireOptions(SocketOption.ROUTING_ID);
        // A type that libzmq documents the option for, since an adapter may refuse it on others.
        SocketType type = Stream.of(SocketType.DEALER, SocketType.ROUTER, SocketType.REQ, SocketType.REP)
                .filter(implementation().capabilities()::supports)
                .findFirst()
                .orElse(route().sender());
        ZmqSocket socket = socket(type);
        socket.set(SocketOption.ROUTING_ID, ROUTING_ID);
        assertThat(socket.get(SocketOption.ROUTING_ID))
                .as("ROUTING_ID after setting it")
                .isEqualTo(ROUTING_ID);
    }

    // ------------------------------------------------------------------ SPI-EVENTS

    @Test
    @Order(70)
    @RuleId("SPI-EVENTS")
    @DisplayName("a connecting socket reports HANDSHAKE_SUCCEEDED (or CONNECTED) within the expect timeout")
    void connectingIsReported() throws Exception {
        requireTransports(Transport.TCP);
        Capabilities capabilities = implementation().capabilities();
        SocketEvent.Kind kind = capabilities.reports(SocketEvent.Kind.HANDSHAKE_SUCCEEDED)
                ? SocketEvent.Kind.HANDSHAKE_SUCCEEDED
                : SocketEvent.Kind.CONNECTED;
        Assumptions.assumeTrue(
                capabilities.reports(kind),
                () -> UNSUPPORTED + label() + " reports neither HANDSHAKE_SUCCEEDED nor CONNECTED events");
        Link link = link("tcp");
        ZmqSocket connecting = link.sender();
        List<SocketEvent> seen = new ArrayList<>();
        long deadline = System.nanoTime() + expect().toNanos();
        // Cut only well after the deadline below, whose failure says which events did arrive.
        assertTimeoutPreemptively(
                expect().plus(silence()),
                () -> {
                    while (seen.stream().noneMatch(event -> event.kind() == kind)) {
                        long left = deadline - System.nanoTime();
                        assertThat(left)
                                .as(
                                        "%s on the connecting %s within %d ms; it reported %s",
                                        kind, connecting.type(), expect().toMillis(), seen)
                                .isPositive();
                        connecting.nextEvent(Duration.ofNanos(left)).ifPresent(seen::add);
                    }
                },
                () -> timedOut("nextEvent"));
    }

    @Test
    @Order(71)
    @RuleId("SPI-EVENTS")
    @DisplayName("nextEvent when nothing happened returns empty, at once and after a short wait")
    void noEventIsAnEmptyAnswer() throws Exception {
        ZmqSocket socket = socket(route().sender());
        assertThat(within("nextEvent(0)", () -> socket.nextEvent(Duration.ZERO)))
                .as("nextEvent(0) on a %s neither bound nor connected", socket.type())
                .isEmpty();
        assertThat(within("nextEvent(silence timeout)", () -> socket.nextEvent(silence())))
                .as(
                        "nextEvent(%d ms) on a %s neither bound nor connected",
                        silence().toMillis(), socket.type())
                .isEmpty();
    }

    // ------------------------------------------------------------------ SPI-CLOSE

    @Test
    @Order(80)
    @RuleId("SPI-CLOSE")
    @DisplayName("after close() send and receive fail with TERMINATED, and closing again is harmless")
    void closedSocketsAreTerminated() throws Exception {
        requireTransports(Transport.TCP);
        Link link = link("tcp");
        exchange(link.sender(), link.receiver());
        runWithin("close() of the sender", link.sender()::close);
        runWithin("close() of the receiver", link.receiver()::close);
        expectFailure(
                ErrorKind.TERMINATED,
                "send on a closed " + link.sender().type(),
                () -> link.sender().send(Message.ofStrings("after close"), Duration.ZERO));
        expectFailure(
                ErrorKind.TERMINATED,
                "receive on a closed " + link.receiver().type(),
                () -> link.receiver().receive(Duration.ZERO));
        assertThatCode(() -> runWithin("close() again", () -> {
                    link.sender().close();
                    link.receiver().close();
                }))
                .as("closing the sockets a second time")
                .doesNotThrowAnyException();
    }

    @Test
    @Order(81)
    @RuleId("SPI-CLOSE")
    @DisplayName("unbind frees the endpoint bind returned; unbinding one the socket does not hold is a ZmqException")
    void unbindReleasesOnlyWhatWasBound() throws Exception {
        requireTransports(Transport.TCP);
        SocketType type = route().receiver();
        ZmqSocket owner = socket(type);
        String endpoint = owner.bind(TCP_ANY);
        ZmqSocket stranger = socket(type);
        expectZmqException(
                "unbind of " + endpoint + " by a socket that never bound it", () -> stranger.unbind(endpoint));
        assertThatCode(() -> runWithin("unbind", () -> owner.unbind(endpoint)))
                .as("unbind of %s, which bind returned", endpoint)
                .doesNotThrowAnyException();
        expectZmqException("a second unbind of " + endpoint, () -> owner.unbind(endpoint));
        assertThatCode(() -> bindOnceFree(stranger, endpoint))
                .as("another socket binds %s once it is unbound", endpoint)
                .doesNotThrowAnyException();
    }

    @Test
    @Order(90)
    @RuleId("SPI-CLOSE")
    @DisplayName(
            "closing the implementation with sockets open returns in time; its sockets and socket() are then TERMINATED")
    void closingTheImplementationEndsItsSockets() throws Exception {
        requireTransports(Transport.TCP);
        Route route = route();
        ZmqImplementation other = createImplementation(); // its own, so that the class-wide one stays usable
        boolean closeCalled = false;
        try {
            ZmqSocket receiver = other.socket(route.receiver());
            ZmqSocket sender = other.socket(route.sender());
            sender.connect(receiver.bind(TCP_ANY));
            exchange(sender, receiver);
            closeCalled = true;
            runWithin("close() of an implementation with two connected sockets open", other::close);
            expectFailure(
                    ErrorKind.TERMINATED,
                    "send on a " + sender.type() + " of a closed implementation",
                    () -> sender.send(Message.ofStrings("after close"), Duration.ZERO));
            expectFailure(
                    ErrorKind.TERMINATED,
                    "receive on a " + receiver.type() + " of a closed implementation",
                    () -> receiver.receive(Duration.ZERO));
            expectFailure(
                    ErrorKind.TERMINATED,
                    "socket(" + route.sender() + ") of a closed implementation",
                    () -> other.socket(route.sender()).close());
            assertThatCode(() -> runWithin("close() again", other::close))
                    .as("closing the implementation a second time")
                    .doesNotThrowAnyException();
        } finally {
            if (!closeCalled) { // a close that hung once is not tried again
                try {
                    other.close();
                } catch (ZmqException | RuntimeException ignored) {
                    // the check's own verdict matters more
                }
            }
        }
    }

    // ------------------------------------------------------------------ helpers

    /** The two socket types the checks talk through: PUSH to PULL, or PAIR to PAIR. */
    record Route(SocketType sender, SocketType receiver) {}

    /** A sender connected to the endpoint a receiver bound. */
    record Link(ZmqSocket sender, ZmqSocket receiver) {}

    /** PUSH to PULL when both are declared, else PAIR to PAIR; UNSUPPORTED when neither is. */
    private Route route() {
        Capabilities capabilities = implementation().capabilities();
        if (capabilities.supports(SocketType.PUSH) && capabilities.supports(SocketType.PULL)) {
            return new Route(SocketType.PUSH, SocketType.PULL);
        }
        Assumptions.assumeTrue(
                capabilities.supports(SocketType.PAIR),
                () -> UNSUPPORTED + label() + " declares neither PUSH and PULL nor PAIR");
        return new Route(SocketType.PAIR, SocketType.PAIR);
    }

    /** The receiver binds a fresh endpoint of {@code transport}; the sender connects to what bind returned. */
    private Link link(String transport) throws ZmqException {
        Route route = route();
        ZmqSocket receiver = socket(route.receiver());
        String endpoint = receiver.bind(endpoint(transport));
        ZmqSocket sender = socket(route.sender());
        sender.connect(endpoint);
        return new Link(sender, receiver);
    }

    /** Sends every message, then receives as many, each within the expect timeout. */
    private List<Message> sendAllThenReceive(Link link, List<Message> messages) throws ZmqException {
        for (Message message : messages) {
            link.sender().send(message, expect());
        }
        List<Message> received = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            received.add(link.receiver().receive(expect()));
        }
        return received;
    }

    /** One message from sender to receiver: the two are connected. */
    private void exchange(ZmqSocket sender, ZmqSocket receiver) throws ZmqException {
        Message message = Message.ofStrings("before close");
        sender.send(message, expect());
        assertSameMessage(receiver.receive(expect()), message, "a message before close");
    }

    /** A send or receive with the given timeout. */
    @FunctionalInterface
    interface TimedCall {
        void call(Duration timeout) throws Exception;
    }

    /** Zero fails with WOULD_BLOCK without waiting; {@link #TIMED_WAIT} with WOULD_BLOCK after about that long. */
    private void expectTimeoutsHonoured(String what, TimedCall call) {
        long dontWait = expectFailure(ErrorKind.WOULD_BLOCK, what + " (0)", () -> call.call(Duration.ZERO))
                .toMillis();
        assertThat(dontWait)
                .as("ms taken by %s with a zero timeout, which must not wait", what)
                .isLessThan(TIMED_WAIT.minus(SLACK).toMillis());
        long waited = expectFailure(ErrorKind.WOULD_BLOCK, what + " (200 ms)", () -> call.call(TIMED_WAIT))
                .toMillis();
        assertThat(waited)
                .as("ms taken by %s with a %d ms timeout", what, TIMED_WAIT.toMillis())
                .isGreaterThanOrEqualTo(TIMED_WAIT.minus(SLACK).toMillis())
                .isLessThan(TIMED_WAIT.plus(expect().dividedBy(2)).toMillis());
    }

    /** Runs a call that must fail with a ZmqException of {@code kind}; returns how long it took. */
    private Duration expectFailure(ErrorKind kind, String what, ThrowingCallable call) {
        long start = System.nanoTime();
        ZmqException failure = expectZmqException(what, call);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(failure.kind()).as("%s: the kind of %s", what, failure).isEqualTo(kind);
        return took;
    }

    /** Runs a call that must fail with a ZmqException (of any kind) within the expect timeout. */
    private ZmqException expectZmqException(String what, ThrowingCallable call) {
        Throwable thrown = within(what, () -> catchThrowable(call));
        assertThat(thrown).as("%s must fail with a ZmqException", what).isInstanceOf(ZmqException.class);
        return (ZmqException) thrown;
    }

    /** Runs a call that must return within the expect timeout, and returns its result. */
    private <T> T within(String what, ThrowingSupplier<T> call) {
        return assertTimeoutPreemptively(expect(), call, () -> timedOut(what));
    }

    /** Runs a call that must return within the expect timeout. */
    private void runWithin(String what, Executable call) {
        assertTimeoutPreemptively(expect(), call, () -> timedOut(what));
    }

    private String timedOut(String what) {
        return what + " did not return within the expect timeout of " + expect().toMillis() + " ms";
    }

    private String label() {
        return implementation().info().label();
    }

    private static <T> void setSample(ZmqSocket socket, SocketOption<T> option) throws ZmqException {
        Class<T> type = option.type();
        Object value;
        if (type == Integer.class) {
            value = 1;
        } else if (type == Boolean.class) {
            value = true;
        } else if (type == String.class) {
            value = "zck";
        } else {
            value = noise(32); // a valid CURVE key length, and a valid routing id or subscription
        }
        socket.set(option, option.cast(value));
    }

    /** Same frames, octet for octet; a difference is shown by frame, length and first differing octet. */
    private static void assertSameMessage(Message received, Message sent, String what) {
        assertThat(received.size()).as("%s: number of frames", what).isEqualTo(sent.size());
        for (int i = 0; i < sent.size(); i++) {
            byte[] expected = sent.frame(i);
            byte[] actual = received.frame(i);
            assertThat(actual.length).as("%s: octets in frame %d", what, i + 1).isEqualTo(expected.length);
            assertThat(Arrays.mismatch(actual, expected))
                    .as("%s: first differing octet of frame %d (-1: none)", what, i + 1)
                    .isEqualTo(-1);
        }
    }

    private static int portOf(String endpoint) {
        Matcher matcher = TCP_RESOLVED.matcher(endpoint);
        assertThat(matcher.matches())
                .as("bind(%s) returned %s, not tcp://127.0.0.1:<port>", TCP_ANY, endpoint)
                .isTrue();
        return Integer.parseInt(matcher.group(1));
    }

    private static String sizes(Message message) {
        return message.frames().stream()
                .map(frame -> frame.length + " B")
                .toList()
                .toString();
    }

    private static byte[] allOctets() {
        byte[] octets = new byte[256];
        for (int i = 0; i < octets.length; i++) {
            octets[i] = (byte) i;
        }
        return octets;
    }

    /** {@code size} octets from a fixed seed: the same every run, different at every offset that matters. */
    private static byte[] noise(int size) {
        byte[] octets = new byte[size];
        new Random(size).nextBytes(octets);
        return octets;
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static Map<SocketOption<Integer>, Integer> intOptions() {
        Map<SocketOption<Integer>, Integer> values = new LinkedHashMap<>();
        values.put(SocketOption.SNDHWM, 1_234);
        values.put(SocketOption.RCVHWM, 2_345);
        values.put(SocketOption.LINGER, 3_456);
        values.put(SocketOption.RECONNECT_IVL, 456);
        return values;
    }
}
