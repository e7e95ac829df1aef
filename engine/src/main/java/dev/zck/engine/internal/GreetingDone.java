package dev.zck.engine.internal;

import dev.zck.engine.Greeting;
import dev.zck.spi.SocketType;

/**
 * Passed from {@link ZmtpGreetingHandler} to {@link ZmtpSessionHandler} as a user event once the greeting is read:
 * either a 3.x greeting, or a ZMTP 2.0 peer's socket type and identity.
 */
record GreetingDone(Greeting greeting, SocketType zmtp20Type, byte[] zmtp20Identity) {

    static GreetingDone zmtp3(Greeting greeting) {
        return new GreetingDone(greeting, null, null);
    }

    static GreetingDone zmtp20(SocketType type, byte[] identity) {
        return new GreetingDone(null, type, identity);
    }

    boolean isZmtp20() {
        return greeting == null;
    }
}
