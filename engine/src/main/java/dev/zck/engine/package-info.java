/**
 * The reference ZMTP 3.1 engine on Netty: the peer the kit trusts byte for byte, and the engine the simulator runs.
 * Codec, handshakes, socket types, HWM and reconnect arrive with the engine issues.
 */
package dev.zck.engine;
