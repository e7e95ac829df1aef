package dev.zck.simulator.property;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** For tests of properties that must fail. */
final class Failures {
    private Failures() {}

    /** Checks {@code property}, asserts that it fails, and returns the failure. */
    static PropertyFailure of(Property property) {
        PropertyFailure failure = catchThrowableOfType(PropertyFailure.class, property::check);
        assertThat(failure).as("the property should fail").isNotNull();
        return failure;
    }
}
