package dev.zck.simulator.proxy;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** Fresh {@link Ends} for each test, closed after it with every proxy made from them. */
abstract class WithEnds {
    protected Ends ends;

    @BeforeEach
    final void openEnds() throws Exception {
        ends = new Ends();
    }

    @AfterEach
    final void closeEnds() throws Exception {
        ends.close();
    }
}
