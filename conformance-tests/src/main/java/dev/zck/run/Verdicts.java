package dev.zck.run;

import dev.zck.spec.Verdict;
import dev.zck.spi.ImplementationFailure;
import dev.zck.spi.ZmqException;
import org.junit.platform.engine.TestExecutionResult;
import org.opentest4j.TestAbortedException;

/** Turns a test's outcome into a verdict and a one-paragraph message. */
final class Verdicts {
    private Verdicts() {}

    record Outcome(Verdict verdict, String message) {}

    static Outcome of(TestExecutionResult result) {
        Throwable thrown = result.getThrowable().orElse(null);
        return switch (result.getStatus()) {
            case SUCCESSFUL -> new Outcome(Verdict.PASS, null);
            case ABORTED -> new Outcome(Verdict.UNSUPPORTED, messageOf(thrown));
            case FAILED -> failed(thrown);
        };
    }

    static Outcome failed(Throwable thrown) {
        for (Throwable t = thrown; t != null; t = t.getCause()) {
            if (t instanceof ImplementationFailure failure) {
                return new Outcome(Verdict.valueOf(failure.kind().name()), failure.getMessage());
            }
        }
        if (thrown instanceof TestAbortedException) {
            return new Outcome(Verdict.UNSUPPORTED, messageOf(thrown));
        }
        if (thrown instanceof AssertionError) {
            return new Outcome(Verdict.FAIL, messageOf(thrown));
        }
        if (thrown instanceof ZmqException e) {
            return new Outcome(Verdict.FAIL, "unexpected error from the implementation: " + e);
        }
        return new Outcome(Verdict.ERROR, thrown == null ? "failed without an exception" : thrown.toString());
    }

    private static String messageOf(Throwable thrown) {
        if (thrown == null) {
            return null;
        }
        String message = thrown.getMessage();
        return message == null || message.isBlank() ? thrown.getClass().getSimpleName() : message.strip();
    }
}
