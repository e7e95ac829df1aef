package dev.zck.adapters.driver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.zck.drivers.protocol.DriverJson;
import dev.zck.drivers.protocol.Op;
import dev.zck.spi.Capabilities;
import dev.zck.spi.ErrorKind;
import dev.zck.spi.Mechanism;
import dev.zck.spi.Message;
import dev.zck.spi.SocketEvent;
import dev.zck.spi.SocketOption;
import dev.zck.spi.SocketType;
import dev.zck.spi.Transport;
import dev.zck.spi.ZmqException;
import java.util.EnumSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** The protocol's JSON forms, as the kit's side reads and writes them: round trips, and strict readers. */
class DriverJsonTest {

    @Test
    void messagesRoundTripWithEveryFrameAndTheirAddressing() {
        Message plain = Message.of(new byte[0], new byte[] {0, (byte) 0xff, 0x7f}, "text".getBytes());
        Message routed = Message.ofStrings("to the peer").withRoutingId(0xFFFF_FFFF);
        Message grouped = Message.ofStrings("to the group").withGroup("weather");
        for (Message message : new Message[] {plain, routed, grouped}) {
            String line = DriverJson.write(DriverJson.putMessage(DriverJson.object(), message));
            assertThat(DriverJson.readMessage(DriverJson.parse(line))).isEqualTo(message);
        }
        ObjectNode routedJson = DriverJson.putMessage(DriverJson.object(), routed);
        assertThat(routedJson.get("routingId").asLong())
                .as("unsigned on the wire")
                .isEqualTo(4294967295L);
        assertThat(routedJson.get("frames").get(0).asText()).isEqualTo("dG8gdGhlIHBlZXI=");
    }

    @Test
    void everyOptionTypeRoundTripsInItsJsonType() {
        for (SocketOption<?> option : SocketOption.all()) {
            Object value = sample(option);
            JsonNode json = DriverJson.parse(DriverJson.write(wrap(DriverJson.optionValue(option, value))))
                    .get("value");
            Object back = DriverJson.readOptionValue(option, json);
            if (option.type() == byte[].class) {
                assertThat(json.isTextual()).as("%s is base64 text", option).isTrue();
                assertThat((byte[]) back).as(option.name()).containsExactly((byte[]) value);
            } else {
                assertThat(back).as(option.name()).isEqualTo(value);
            }
        }
        assertThat(DriverJson.optionValue(SocketOption.LINGER, -1).isInt()).isTrue();
        assertThat(DriverJson.optionValue(SocketOption.IMMEDIATE, true).isBoolean())
                .isTrue();
        assertThat(DriverJson.optionValue(SocketOption.JOIN, "g").isTextual()).isTrue();
    }

    private static Object sample(SocketOption<?> option) {
        if (option.type() == Integer.class) {
            return -17;
        }
        if (option.type() == Boolean.class) {
            return true;
        }
        if (option.type() == byte[].class) {
            return new byte[] {1, 0, (byte) 0x80, (byte) 0xff};
        }
        return "value of " + option.name();
    }

    private static ObjectNode wrap(JsonNode value) {
        ObjectNode node = DriverJson.object();
        node.set("value", value);
        return node;
    }

    @Test
    void capabilitiesRoundTripInFull() {
        Capabilities all = Capabilities.builder()
                .socketTypes(EnumSet.allOf(SocketType.class))
                .transports(Transport.values())
                .mechanisms(Mechanism.values())
                .options(SocketOption.all())
                .events(SocketEvent.Kind.values())
                .build();
        Capabilities back =
                DriverJson.readCapabilities(DriverJson.parse(DriverJson.write(DriverJson.capabilities(all))));
        assertThat(back.socketTypes()).isEqualTo(all.socketTypes());
        assertThat(back.transports()).isEqualTo(all.transports());
        assertThat(back.mechanisms()).isEqualTo(all.mechanisms());
        assertThat(back.options()).isEqualTo(all.options());
        assertThat(back.events()).isEqualTo(all.events());
        assertThat(DriverJson.capabilities(all).get("socketTypes").toString()).contains("\"PUSH\"");
        assertThat(DriverJson.readCapabilities(DriverJson.parse("{}")).socketTypes())
                .isEmpty();
    }

    @ParameterizedTest
    @EnumSource(ErrorKind.class)
    void errorsRoundTripWithTheirKindAndMessage(ErrorKind kind) {
        ZmqException back =
                DriverJson.readError(DriverJson.parse(DriverJson.write(DriverJson.error(kind, "because " + kind))));
        assertThat(back.kind()).isEqualTo(kind);
        assertThat(back.getMessage()).isEqualTo("because " + kind);
    }

    @ParameterizedTest
    @EnumSource(SocketEvent.Kind.class)
    void eventsRoundTrip(SocketEvent.Kind kind) {
        SocketEvent event = new SocketEvent(kind, "tcp://127.0.0.1:5555", "errno 111");
        ObjectNode json = DriverJson.parse(DriverJson.write(DriverJson.event(3, event)));
        assertThat(DriverJson.intField(json, "socket")).isEqualTo(3);
        assertThat(DriverJson.readEvent(json)).isEqualTo(event);
    }

    @Test
    void everyOpHasItsWireName() {
        for (Op op : Op.values()) {
            assertThat(Op.fromWireName(op.wireName())).contains(op);
        }
        assertThat(Op.CONNECT_PEER.wireName()).isEqualTo("connectPeer");
        assertThat(Op.fromWireName("explode")).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '`',
            value = {
                "message      | {\"frames\": []}                                  | 'frames'",
                "message      | {\"frames\": \"aGk=\"}                            | 'frames'",
                "message      | {\"frames\": [1]}                                 | 'frames'",
                "message      | {\"frames\": [\"#not base64#\"]}                  | not base64",
                "message      | {\"frames\": [\"aGk=\"], \"routingId\": 0}        | 'routingId'",
                "message      | {\"frames\": [\"aGk=\"], \"routingId\": 4294967296} | 'routingId'",
                "message      | {\"frames\": [\"aGk=\"], \"group\": 7}            | 'group'",
                "capabilities | {\"socketTypes\": \"PUSH\"}                       | 'socketTypes'",
                "capabilities | {\"socketTypes\": [\"SHOVE\"]}                    | unknown socket type SHOVE",
                "capabilities | {\"transports\": [\"carrier-pigeon\"]}           | unknown transport carrier-pigeon",
                "capabilities | {\"mechanisms\": [\"GSSAPI2\"]}                  | unknown mechanism GSSAPI2",
                "capabilities | {\"options\": [\"ZMQ_LINGER\"]}                  | unknown option ZMQ_LINGER",
                "capabilities | {\"events\": [3]}                                 | 'events'",
                "error        | {\"message\": \"no kind\"}                       | 'kind'",
                "error        | {\"kind\": \"EAGAIN\"}                            | unknown error kind EAGAIN",
                "event        | {\"endpoint\": \"tcp://x:1\"}                     | 'kind'",
                "event        | {\"kind\": \"EXPLODED\"}                          | unknown event kind EXPLODED",
                "linger       | {\"value\": \"5\"}                                | LINGER takes an integer",
                "immediate    | {\"value\": 1}                                    | IMMEDIATE takes a boolean",
                "routingId    | {\"value\": 5}                                    | ROUTING_ID takes base64",
                "join         | {\"value\": false}                                | JOIN takes a string",
                "linger       | {}                                                | field 'value' is missing for LINGER",
            })
    void malformedInputsAreRejectedNamingTheField(String reader, String json, String expected) {
        ObjectNode node = DriverJson.parse(json);
        assertThatThrownBy(() -> read(reader, node))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(expected);
    }

    private static Object read(String reader, ObjectNode node) {
        return switch (reader) {
            case "message" -> DriverJson.readMessage(node);
            case "capabilities" -> DriverJson.readCapabilities(node);
            case "error" -> DriverJson.readError(node);
            case "event" -> DriverJson.readEvent(node);
            case "linger" -> DriverJson.readOptionValue(SocketOption.LINGER, node.get("value"));
            case "immediate" -> DriverJson.readOptionValue(SocketOption.IMMEDIATE, node.get("value"));
            case "routingId" -> DriverJson.readOptionValue(SocketOption.ROUTING_ID, node.get("value"));
            case "join" -> DriverJson.readOptionValue(SocketOption.JOIN, node.get("value"));
            default -> throw new IllegalStateException(reader);
        };
    }

    @Test
    void linesThatAreNotObjectsAreRejected() {
        assertThatThrownBy(() -> DriverJson.parse("hello")).hasMessageStartingWith("not JSON: ");
        assertThatThrownBy(() -> DriverJson.parse("[1, 2]")).hasMessage("not a JSON object");
        assertThatThrownBy(() -> DriverJson.parse("")).hasMessage("not a JSON object");
        assertThatThrownBy(() -> DriverJson.integer(DriverJson.parse("{\"id\": 1.5}"), "id"))
                .hasMessage("field 'id' must be an integer");
        assertThatThrownBy(() -> DriverJson.intField(DriverJson.parse("{\"socket\": 4294967296}"), "socket"))
                .hasMessageContaining("field 'socket' is out of range");
        assertThatThrownBy(() -> DriverJson.optionValue(SocketOption.LINGER, "five"))
                .hasMessageContaining("LINGER takes a Integer");
    }

    @Test
    void helloResultsAreReadStrictly() {
        String good = "{\"protocol\": 1, \"name\": \"libzmq\", \"version\": \"4.3.5\", \"language\": \"C++\","
                + " \"capabilities\": {\"socketTypes\": [\"PUSH\"]}}";
        Hello hello = Hello.read(DriverJson.parse(good));
        assertThat(hello.info().label()).isEqualTo("libzmq 4.3.5");
        assertThat(hello.info().detail()).isEmpty();
        assertThat(hello.capabilities().socketTypes()).containsExactly(SocketType.PUSH);
        assertThatThrownBy(() -> Hello.read(DriverJson.parse(good.replace("\"protocol\": 1", "\"protocol\": 2"))))
                .hasMessage("field 'protocol' is 2, but the kit asked for 1");
        assertThatThrownBy(() -> Hello.read(DriverJson.parse(good.replace("\"libzmq\"", "\" \""))))
                .hasMessage("field 'name' must not be blank");
        assertThatThrownBy(() -> Hello.read(DriverJson.parse(good.replace("\"language\"", "\"lang\""))))
                .hasMessage("field 'language' must be a string");
        assertThatThrownBy(() -> Hello.read(DriverJson.parse(good.replace("\"capabilities\"", "\"caps\""))))
                .hasMessage("field 'capabilities' must be an object");
    }
}
