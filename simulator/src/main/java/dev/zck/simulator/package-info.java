/**
 * The deterministic network simulator: the reference engine, unchanged, on a virtual clock and a simulated TCP
 * network, so that timing, backpressure and faults happen exactly and every run of a seed is the same.
 *
 * <ul>
 *   <li>{@link dev.zck.simulator.Simulation}: the entry point; one seed, one {@link dev.zck.simulator.SimEventLoop}
 *       (virtual time, single-threaded, stepped by the caller), one {@link dev.zck.simulator.SimNetwork}, named
 *       {@link dev.zck.simulator.SimHost}s whose engine sockets reach each other at {@code tcp://HOST:PORT}.
 *   <li>{@link dev.zck.simulator.SimConfig}: latency and bandwidth (per link), send and receive buffers, segment size.
 *   <li>{@link dev.zck.simulator.Fault} and {@link dev.zck.simulator.Link}: the fault vocabulary, shared with the fault
 *       proxy for real implementations.
 * </ul>
 *
 * {@code internal} holds the network: Netty channels of its own on the virtual loop (one per connection end, and one
 * per listener), the flows that carry a connection's bytes each way through send buffer, wire and receive buffer, and
 * the faults per link. The property engine ({@code property}) and the fault proxy are separate.
 */
package dev.zck.simulator;
