package dev.zck.adapters;

import dev.zck.spi.ZmqException;
import dev.zck.spi.ZmqImplementation;
import java.nio.file.Path;

/** Opens one known implementation, so that the kit can go from an {@code --impl} ID to a running SPI instance. */
@FunctionalInterface
public interface ImplementationOpener {

    /**
     * @param home the zck installation (the repository root), where drivers live
     * @throws ZmqException when the implementation cannot be started (the message says why)
     */
    ZmqImplementation open(Path home) throws ZmqException;
}
