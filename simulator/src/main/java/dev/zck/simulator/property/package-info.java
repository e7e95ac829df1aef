/**
 * The property engine: zck's own QuickCheck/Hypothesis, on plain JUnit 5 (jqwik is not used, see DEVELOPERS.md).
 *
 * <ul>
 *   <li>{@link dev.zck.simulator.property.Seed} and {@link dev.zck.simulator.property.Rand}: one seed, one
 *       deterministic, splittable random stream (SplitMix64) for everything a run decides.
 *   <li>{@link dev.zck.simulator.property.Gen}: generators with integrated shrinking over recorded choices.
 *   <li>{@link dev.zck.simulator.property.StateMachine} and {@link dev.zck.simulator.property.Action}: stateful tests,
 *       actions as data with preconditions, postconditions and invariants against a model.
 *   <li>{@link dev.zck.simulator.property.Property}: runs the tries inside a JUnit test, shrinks a failure, reports it
 *       with its seed and replay command, and writes a shrunk stateful case as a standalone test.
 * </ul>
 *
 * It knows nothing of the simulated network; the simulator's scenarios are state machines built on it.
 */
package dev.zck.simulator.property;
