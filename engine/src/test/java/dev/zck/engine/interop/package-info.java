/**
 * Real ZeroMQ peers for the engine's interop tests: a libzmq socket (libzmq 4.3.4 through Debian's pyzmq, in a Python
 * process of its own, or libzmq 4.3.5 through zeromq.js, in one Node process shared by all such peers; both driven
 * over JSON lines by {@link dev.zck.engine.interop.PeerProcess}) or a JeroMQ socket (in this JVM), started with
 * {@link dev.zck.engine.interop.HandshakePeers}, reporting its handshake outcome as {@link
 * dev.zck.engine.interop.PeerEvent}s and sending and receiving messages (set up with {@link
 * dev.zck.engine.interop.PeerSetup}: subscriptions, groups, routing id). {@code EngineHandshakeInteropTest} runs the
 * engine's ZMTP sessions against them, {@code EngineMessagingInteropTest} the engine's sockets; the other tests here
 * check the harness itself, without the engine.
 */
package dev.zck.engine.interop;
