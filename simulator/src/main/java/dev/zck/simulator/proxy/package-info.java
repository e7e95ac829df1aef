/**
 * The fault proxy: a TCP proxy on loopback that sits between two real ZeroMQ implementations and applies the fault
 * vocabulary of {@link dev.zck.simulator.Fault} in real time. {@link dev.zck.simulator.proxy.FaultProxy} is the
 * entry point; {@code internal} holds the Netty handlers.
 */
package dev.zck.simulator.proxy;
