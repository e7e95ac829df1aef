package dev.zck.spi;

/**
 * The one interface an implementation under test provides: an identity, a declaration of capabilities, and a
 * factory of sockets. It plays the role of a libzmq context: sockets it creates share its inproc namespace, and
 * {@link #close()} ends them all.
 *
 * <p>A conforming adapter:
 * <ul>
 *   <li>answers {@link #info()} and {@link #capabilities()} at once and always the same way;</li>
 *   <li>creates sockets of every declared type and throws {@link ErrorKind#UNSUPPORTED} for the others;</li>
 *   <li>never blocks longer than the timeout the kit passes, plus a small scheduling slack;</li>
 *   <li>is usable from one kit thread at a time per socket; different sockets may be used from different
 *       threads.</li>
 * </ul>
 */
public interface ZmqImplementation extends AutoCloseable {

    /** Name, version and language, for the report. */
    ImplementationInfo info();

    /** What this implementation declares it supports; rules needing anything else are UNSUPPORTED. */
    Capabilities capabilities();

    /**
     * Creates a socket of the given type, with the implementation's default options.
     *
     * @throws ZmqException {@link ErrorKind#UNSUPPORTED} when the type is not declared; {@link ErrorKind#TERMINATED}
     *     after {@link #close()}
     */
    ZmqSocket socket(SocketType type) throws ZmqException;

    /**
     * Closes every socket still open (as {@link ZmqSocket#close()} does, honouring LINGER up to the kit's limit)
     * and releases the implementation. Later calls on its sockets fail with {@link ErrorKind#TERMINATED}. Closing
     * twice is harmless.
     */
    @Override
    void close() throws ZmqException;
}
