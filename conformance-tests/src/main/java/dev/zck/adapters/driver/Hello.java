package dev.zck.adapters.driver;

import com.fasterxml.jackson.databind.JsonNode;
import dev.zck.drivers.protocol.DriverJson;
import dev.zck.spi.Capabilities;
import dev.zck.spi.ImplementationInfo;

/** What a driver says about itself in its answer to {@code hello}. */
record Hello(ImplementationInfo info, Capabilities capabilities) {

    /** Reads a hello result; throws {@link IllegalArgumentException} naming the field that is wrong. */
    static Hello read(JsonNode result) {
        long protocol = DriverJson.integer(result, "protocol");
        if (protocol != DriverJson.PROTOCOL_VERSION) {
            throw new IllegalArgumentException(
                    "field 'protocol' is " + protocol + ", but the kit asked for " + DriverJson.PROTOCOL_VERSION);
        }
        String name = DriverJson.text(result, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("field 'name' must not be blank");
        }
        String detail = result.hasNonNull("detail") ? DriverJson.text(result, "detail") : "";
        ImplementationInfo info = new ImplementationInfo(
                name, DriverJson.text(result, "version"), DriverJson.text(result, "language"), detail);
        return new Hello(info, DriverJson.readCapabilities(DriverJson.objectField(result, "capabilities")));
    }
}
