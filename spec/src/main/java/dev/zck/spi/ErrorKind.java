package dev.zck.spi;

/**
 * The closed set of failures an adapter may report. Each kind carries the libzmq errno name it corresponds to, so
 * that an adapter over any binding can map its errors without guessing.
 *
 * <p>The set is small on purpose: the kit judges behaviour (did the send block, was the peer unroutable), not the
 * wording of an implementation's error messages.
 */
public enum ErrorKind {
    /** The call could not complete within its timeout (or at once, for don't-wait): libzmq {@code EAGAIN}. */
    WOULD_BLOCK("EAGAIN"),
    /** The call is not allowed in the socket's current state (REQ send twice): libzmq {@code EFSM}. */
    WRONG_STATE("EFSM"),
    /** The addressed peer (routing id) is not connected: libzmq {@code EHOSTUNREACH}. */
    HOST_UNREACHABLE("EHOSTUNREACH"),
    /** The socket or its context is closed: libzmq {@code ETERM} / {@code ENOTSOCK}. */
    TERMINATED("ETERM"),
    /** The implementation does not support this call, option, type or transport: libzmq {@code ENOTSUP}. */
    UNSUPPORTED("ENOTSUP"),
    /** Anything else; the exception message must say what. */
    OTHER("");

    private final String errno;

    ErrorKind(String errno) {
        this.errno = errno;
    }

    /** The libzmq errno name ({@code EAGAIN}, ...); empty for {@link #OTHER}. */
    public String errno() {
        return errno;
    }

    /** The kind for a libzmq errno name; unknown names map to {@link #OTHER}. */
    public static ErrorKind fromErrno(String errno) {
        for (ErrorKind kind : values()) {
            if (!kind.errno.isEmpty() && kind.errno.equals(errno)) {
                return kind;
            }
        }
        if ("ENOTSOCK".equals(errno)) {
            return TERMINATED;
        }
        return OTHER;
    }
}
