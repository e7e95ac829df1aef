/**
 * The rule catalog: one entry per testable requirement of the ZMTP and pattern RFCs, plus libzmq's de-facto
 * behaviour where the RFCs are silent. Every test and every report line refers to a {@link dev.zck.rules.Rule} by
 * its stable ID. The data lives in {@code spec/rules.yaml}; {@code spec/RULES.md} is generated from it.
 */
package dev.zck.rules;
