package oriole.recorder.reconcile;

import java.time.OffsetDateTime;
import oriole.recorder.status.OrderKey;

/** A row the reconciler should ask Step Functions about, with what the row holds now. */
public record DueExecution(String executionArn, String executionStatus, OffsetDateTime startedAt, Integer redriveCount,
        Integer statusRank, Boolean payloadOmitted) {

    public OrderKey orderKey() {
        if (statusRank == null) {
            return OrderKey.NONE;
        }
        return new OrderKey(startedAt == null ? Long.MIN_VALUE : startedAt.toInstant().toEpochMilli(),
                redriveCount == null ? -1 : redriveCount, statusRank);
    }
}
