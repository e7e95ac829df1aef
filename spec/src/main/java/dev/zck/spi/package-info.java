/**
 * The adapter SPI: the one small interface through which zck tests any ZeroMQ implementation.
 *
 * <p>An implementation provides a {@link dev.zck.spi.ZmqImplementation}: who it is, what it declares it can do
 * ({@link dev.zck.spi.Capabilities}), and a factory of {@link dev.zck.spi.ZmqSocket}s. Every call that can wait takes
 * an explicit timeout owned by the kit, and failures are a closed set of {@link dev.zck.spi.ErrorKind}s so that
 * blocking and dropping are observable. A rule that needs a capability the implementation does not declare is
 * reported UNSUPPORTED, never FAIL.
 *
 * <p>This package depends on nothing beyond the JDK, so that an adapter can be written against it alone.
 */
package dev.zck.spi;
