package oriole.recorder.store;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/** An experiments row as the commands show it; {@code failureKind}, {@code lastErrorError}, {@code lastErrorCause} come from last_error. */
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
        String lastErrorCause) {
}
