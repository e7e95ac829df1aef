package dev.zck.simulator.property;

import java.nio.file.Path;
import java.util.function.BiPredicate;

/**
 * How a property runs, once its seed and tries are known.
 *
 * @param maxSize the largest case size
 * @param shrinkBudget the most candidate runs shrinking may spend
 * @param sameFailure whether a candidate's failure (second) counts as the original's (first)
 * @param shrunkTests where standalone tests for shrunk cases go, or null for nowhere
 */
record Settings(int maxSize, int shrinkBudget, BiPredicate<Throwable, Throwable> sameFailure, Path shrunkTests) {}
