package oriole.recorder.store;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import oriole.recorder.event.StatusChangeEvent;
import oriole.recorder.status.ExecutionStatus;
import oriole.recorder.status.LastError;
import oriole.recorder.status.OrderKey;

/**
 * What one batch says about one execution: the status columns of its newest event, and the fill-only
 * columns from whichever of its events carried them. {@code status} is what Step Functions reported (the
 * order key's); {@code recordedStatus} what execution_status says: the same, except for a caught failure.
 *
 * @param payloadOmitted an event came without the input or output the columns are read from
 * @param events every event of the batch for this execution (distinct by event id), for the history table
 */
public record ExecutionChange(
        String executionArn,
        String executionName,
        String stateMachineArn,
        String sqsMessageId,
        String modelName,
        BigDecimal temperature,
        ExecutionStatus status,
        ExecutionStatus recordedStatus,
        int redriveCount,
        Instant startedAt,
        Instant completedAt,
        LastError failure,
        String failureReason,
        Boolean goalFound,
        boolean payloadOmitted,
        List<StatusChangeEvent> events) {

    public OrderKey orderKey() {
        return OrderKey.of(startedAt, redriveCount, status);
    }
}
