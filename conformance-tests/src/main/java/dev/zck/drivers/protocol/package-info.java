/**
 * The driver protocol's JSON forms, shared by the kit's side ({@code dev.zck.adapters.driver}) and the Java drivers
 * ({@code dev.zck.drivers}), so that both read and write every value the same way. The protocol itself is written
 * down in spec/DRIVER-PROTOCOL.md.
 */
package dev.zck.drivers.protocol;
