/** What conformance means: facts about the kit itself; the catalog is in {@code dev.zck.rules}, the SPI in
 * {@code dev.zck.spi}. */
package dev.zck.spec;
