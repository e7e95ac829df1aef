/**
 * Interop checks: two implementations exchange messages over TCP through every compatible socket-type pair, each
 * side in turn binding and connecting. The oracle is strict about loss, duplication, order, envelopes and filtering,
 * and tolerant about timing (every wait is bounded by the expect timeout, never measured).
 */
package dev.zck.interop;
