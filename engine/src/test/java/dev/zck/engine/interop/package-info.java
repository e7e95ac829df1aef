/**
 * Real ZeroMQ peers for the engine's handshake interop tests: a libzmq socket (Debian's pyzmq, in a Python process
 * driven over JSON lines) or a JeroMQ socket (in this JVM), started with {@link
 * dev.zck.engine.interop.HandshakePeers}, reporting its handshake outcome as {@link
 * dev.zck.engine.interop.PeerEvent}s. {@code EngineHandshakeInteropTest} runs the engine against them; the other
 * tests here check the harness itself, without the engine.
 */
package dev.zck.engine.interop;
