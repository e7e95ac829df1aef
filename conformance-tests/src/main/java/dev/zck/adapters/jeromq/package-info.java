/**
 * The JeroMQ adapter: JeroMQ 0.6.0, in the kit's JVM, through the SPI ({@link
 * dev.zck.adapters.jeromq.JeromqImplementation}). Everything else here is package-private: one owner thread per
 * socket, the option and error mappings, the monitor events, and the few JeroMQ internals read to synthesize the
 * HANDSHAKE_SUCCEEDED events JeroMQ does not emit and to work around its connect race.
 */
package dev.zck.adapters.jeromq;
