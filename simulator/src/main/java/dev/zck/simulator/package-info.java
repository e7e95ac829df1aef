/**
 * Deterministic network simulator (virtual clock, one seed, fault schedules), the fault proxy for real
 * implementations, and the property engine. Arrives with the simulator issue.
 */
package dev.zck.simulator;
