package oriole.recorder.status;

import java.time.Instant;

/**
 * A failed execution's error as stored in {@code experiments.last_error}: Step Functions' error and cause
 * (either may be null), the classified kind, and when it happened. {@code caught}: Step Functions reported
 * SUCCEEDED, and the error is one the workflow caught and left in its output.
 */
public record LastError(String error, String cause, FailureKind kind, Instant timestamp, boolean caught) {

    public LastError(String error, String cause, FailureKind kind, Instant timestamp) {
        this(error, cause, kind, timestamp, false);
    }
}
