/**
 * The property engine's machinery: the choice recorder ({@code Draws}), the shrinkers over choices and over action
 * lists, the failure report, the test's call site and the writer of standalone tests for shrunk cases.
 */
package dev.zck.simulator.property.internal;
