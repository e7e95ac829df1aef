/**
 * The implementations zck knows how to test, how to tell whether each is usable on this machine, and (from the
 * adapter issue on) the adapters themselves.
 */
package dev.zck.adapters;
