package oriole.recorder.status;

import java.time.Instant;

/**
 * A failed execution's error as stored in {@code experiments.last_error}: Step Functions' error and cause
 * (either may be null), the classified kind, and when it happened.
 */
public record LastError(String error, String cause, FailureKind kind, Instant timestamp) {
}
