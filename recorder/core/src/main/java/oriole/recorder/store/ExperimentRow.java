package oriole.recorder.store;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * An experiments row as the commands show it; {@code failureKind}, {@code lastErrorError}, {@code lastErrorCause} and
 * {@code caughtFailure} (Step Functions reported SUCCEEDED, the workflow caught the error) come from last_error.
 */
public record ExperimentRow(
        Long id,
        String executionArn,
        String executionName,
        String executionStatus,
        Boolean goalFound,
        String failureKind,
        String failureReason,
        String sqsMessageId,
        String modelName,
        BigDecimal temperature,
        Integer redriveCount,
        OffsetDateTime startedAt,
        OffsetDateTime completedAt,
        String stateMachineArn,
        String lastErrorError,
        String lastErrorCause,
        Boolean caughtFailure) {

    /** What show and the run page print as the status: the recorded one, and what Step Functions said when they differ. */
    public String statusLine() {
        if (executionStatus == null) {
            return "- (no event recorded)";
        }
        StringBuilder line = new StringBuilder(executionStatus);
        if (redriveCount != null && redriveCount > 0) {
            line.append(" (redriven ").append(redriveCount).append("x)");
        }
        if (Boolean.TRUE.equals(caughtFailure)) {
            line.append(" (caught by the workflow: Step Functions reported SUCCEEDED)");
        }
        return line.toString();
    }
}
