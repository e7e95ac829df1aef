package dev.zck.interop;

import dev.zck.spi.SocketType;

/**
 * One interop check: {@code binder} binds a socket of one type of the pair, {@code connector} connects a socket of the
 * other type. Implementations are named by their IDs here and looked up when the check runs.
 *
 * @param pair the socket types
 * @param firstImpl the ID of the implementation that gets {@code pair.first()}
 * @param secondImpl the ID of the implementation that gets {@code pair.second()}
 * @param firstBinds whether the first type's socket binds (else it connects)
 */
public record InteropCase(TypePair pair, String firstImpl, String secondImpl, boolean firstBinds) {
    /** A stable name, e.g. {@code PUSH@reference binds, PULL@pyzmq connects}. */
    public String name() {
        String first = pair.first() + "@" + firstImpl;
        String second = pair.second() + "@" + secondImpl;
        return firstBinds ? first + " binds, " + second + " connects" : second + " binds, " + first + " connects";
    }

    /** The check's name in reports: {@code interop/FIRST@A->SECOND@B/A-binds}. */
    public String checkName() {
        return "interop/" + pair.first() + "@" + firstImpl + "->" + pair.second() + "@" + secondImpl + "/"
                + (firstBinds ? firstImpl : secondImpl) + "-binds";
    }

    SocketType bindType() {
        return firstBinds ? pair.first() : pair.second();
    }

    SocketType connectType() {
        return firstBinds ? pair.second() : pair.first();
    }
}
