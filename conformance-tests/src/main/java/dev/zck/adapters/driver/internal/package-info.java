/**
 * The driver process and its channel: starting it, the reader, writer, stderr and exit-watcher threads, matching
 * replies to requests, queueing events, and turning every misbehaviour into an
 * {@link dev.zck.spi.ImplementationFailure} after killing the driver's process tree.
 */
package dev.zck.adapters.driver.internal;
