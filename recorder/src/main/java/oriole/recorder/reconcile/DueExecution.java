package oriole.recorder.reconcile;

import oriole.recorder.status.OrderKey;

/** A row the reconciler should ask Step Functions about, with what the row holds now. */
public record DueExecution(String executionArn, String executionStatus, Integer redriveCount, Integer statusRank,
        Boolean payloadOmitted) {

    public OrderKey orderKey() {
        return new OrderKey(redriveCount == null ? -1 : redriveCount, statusRank == null ? -1 : statusRank);
    }
}
