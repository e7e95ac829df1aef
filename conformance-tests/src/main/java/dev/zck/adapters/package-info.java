/**
 * The implementations zck knows how to test, how to tell whether each is usable on this machine, and how to open each
 * ({@link dev.zck.adapters.Implementations#open}); the adapters themselves are in the sub-packages.
 */
package dev.zck.adapters;
