/**
 * A scripted raw TCP peer for wire-level conformance tests: send exact octets, expect exact frames, expect a close or
 * silence within a named timeout. It talks to any ZeroMQ implementation byte by byte.
 *
 * <p>It is deliberately independent of the engine's Netty codec (blocking {@link java.net.Socket}s and the JDK only),
 * so the two can cross-check each other. It never hangs: every read has a deadline taken from
 * {@link dev.zck.spec.Timeouts}, and a send that the other side does not drain within the expect timeout aborts the
 * connection. Failures are {@link dev.zck.engine.rawpeer.RawPeerException}s whose message says what was expected, what
 * arrived (in hex, at most 64 octets shown) and after how long.
 *
 * <p>Entry points: {@link dev.zck.engine.rawpeer.RawPeer#connect} (the kit connects to the implementation),
 * {@link dev.zck.engine.rawpeer.RawPeerListener#listen} (the implementation connects to the kit), and
 * {@link dev.zck.engine.rawpeer.ZmtpBytes} for canonical ZMTP 3.x octet sequences written from RFC 23 and RFC 37.
 */
package dev.zck.engine.rawpeer;
