/**
 * {@code zck run}: opens the selected implementations, runs the adapter contract for each and the interop checks for
 * each pair through the JUnit Platform launcher, turns every test outcome into a verdict, and writes report.json.
 */
package dev.zck.run;
