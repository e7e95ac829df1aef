package dev.zck.run;

import dev.zck.contract.AdapterContract;
import dev.zck.spi.ZmqImplementation;

/** The adapter contract against the implementation {@code zck run} selected. */
public class RunContract extends AdapterContract {
    @Override
    protected ZmqImplementation createImplementation() throws Exception {
        return RunContext.openSelected();
    }
}
