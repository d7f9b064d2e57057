package oriole.recorder.store;

import java.math.BigDecimal;
import java.time.OffsetDateTime;

/**
 * One run as {@code export} writes it for notebooks: the execution, its tracking columns and what it ran (model,
 * temperature), its failure as kind, error, cause and reason, and its duration in seconds (NULL while unfinished).
 */
public record ExportedRun(
        Long id,
        String executionArn,
        String executionName,
        String stateMachineArn,
        String sqsMessageId,
        String modelName,
        BigDecimal temperature,
        String executionStatus,
        Boolean goalFound,
        String failureKind,
        String error,
        String cause,
        String failureReason,
        Boolean caughtFailure,
        Integer redriveCount,
        OffsetDateTime startedAt,
        OffsetDateTime completedAt,
        BigDecimal durationSeconds) {
}
