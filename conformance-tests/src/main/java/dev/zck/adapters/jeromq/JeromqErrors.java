package dev.zck.adapters.jeromq;

import dev.zck.spi.ErrorKind;
import dev.zck.spi.ZmqException;
import java.util.Map;
import zmq.ZError;

/**
 * JeroMQ's errno values (its own numbering, {@link ZError}) as libzmq errno names and SPI {@link ErrorKind}s:
 * EAGAIN → WOULD_BLOCK, EFSM → WRONG_STATE, EHOSTUNREACH → HOST_UNREACHABLE, ETERM (and ENOTSOCK) → TERMINATED,
 * ENOTSUP and EPROTONOSUPPORT → UNSUPPORTED, anything else → OTHER with the errno name in the message.
 */
final class JeromqErrors {
    private static final Map<Integer, String> NAMES = Map.ofEntries(
            Map.entry(0, "OK"),
            Map.entry(ZError.ENOENT, "ENOENT"),
            Map.entry(ZError.EINTR, "EINTR"),
            Map.entry(ZError.EACCESS, "EACCES"),
            Map.entry(ZError.EFAULT, "EFAULT"),
            Map.entry(ZError.EINVAL, "EINVAL"),
            Map.entry(ZError.EAGAIN, "EAGAIN"),
            Map.entry(ZError.EINPROGRESS, "EINPROGRESS"),
            Map.entry(ZError.EPROTONOSUPPORT, "EPROTONOSUPPORT"),
            Map.entry(ZError.ENOTSUP, "ENOTSUP"),
            Map.entry(ZError.EADDRINUSE, "EADDRINUSE"),
            Map.entry(ZError.EADDRNOTAVAIL, "EADDRNOTAVAIL"),
            Map.entry(ZError.ENETDOWN, "ENETDOWN"),
            Map.entry(ZError.ENOBUFS, "ENOBUFS"),
            Map.entry(ZError.EISCONN, "EISCONN"),
            Map.entry(ZError.ENOTCONN, "ENOTCONN"),
            Map.entry(ZError.ECONNREFUSED, "ECONNREFUSED"),
            Map.entry(ZError.EHOSTUNREACH, "EHOSTUNREACH"),
            Map.entry(ZError.ECANCELED, "ECANCELED"),
            Map.entry(ZError.ENOTSOCK, "ENOTSOCK"),
            Map.entry(ZError.EMSGSIZE, "EMSGSIZE"),
            Map.entry(ZError.EAFNOSUPPORT, "EAFNOSUPPORT"),
            Map.entry(ZError.ENETUNREACH, "ENETUNREACH"),
            Map.entry(ZError.ECONNABORTED, "ECONNABORTED"),
            Map.entry(ZError.ECONNRESET, "ECONNRESET"),
            Map.entry(ZError.ETIMEDOUT, "ETIMEDOUT"),
            Map.entry(ZError.ENETRESET, "ENETRESET"),
            Map.entry(ZError.EFSM, "EFSM"),
            Map.entry(ZError.ENOCOMPATPROTO, "ENOCOMPATPROTO"),
            Map.entry(ZError.ETERM, "ETERM"),
            Map.entry(ZError.EMTHREAD, "EMTHREAD"),
            Map.entry(ZError.EIOEXC, "EIOEXC"),
            Map.entry(ZError.ESOCKET, "ESOCKET"),
            Map.entry(ZError.EMFILE, "EMFILE"),
            Map.entry(ZError.EPROTO, "EPROTO"));

    private JeromqErrors() {}

    /** The libzmq name of a JeroMQ errno, e.g. {@code EAGAIN}; {@code errno N} when JeroMQ has no name for it. */
    static String name(int errno) {
        return NAMES.getOrDefault(errno, "errno " + errno);
    }

    /** The SPI kind for a JeroMQ errno. */
    static ErrorKind kind(int errno) {
        if (errno == ZError.EPROTONOSUPPORT) {
            return ErrorKind.UNSUPPORTED;
        }
        return ErrorKind.fromErrno(name(errno));
    }

    /** The exception for a JeroMQ call that failed with {@code errno}: "EAGAIN: {what}". */
    static ZmqException failure(int errno, String what) {
        return new ZmqException(kind(errno), name(errno) + ": " + what);
    }

    /** The exception for a JeroMQ call that threw instead of setting errno. */
    static ZmqException thrown(RuntimeException e, String what) {
        if (e instanceof UnsupportedOperationException) {
            return new ZmqException(ErrorKind.UNSUPPORTED, "ENOTSUP: " + what + " (JeroMQ threw " + e + ")", e);
        }
        if (e instanceof ZError.CtxTerminatedException) {
            return new ZmqException(ErrorKind.TERMINATED, "ETERM: " + what + " (" + e + ")", e);
        }
        if (e instanceof IllegalArgumentException) {
            return new ZmqException(ErrorKind.OTHER, "EINVAL: " + what + " (JeroMQ threw " + e + ")", e);
        }
        return new ZmqException(ErrorKind.OTHER, what + ": JeroMQ threw " + e, e);
    }
}
