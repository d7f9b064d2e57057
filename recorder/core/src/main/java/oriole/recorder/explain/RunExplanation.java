package oriole.recorder.explain;

import java.time.OffsetDateTime;

/**
 * What a row keeps about why its run failed (the V9 columns), as {@code show} and the run page read it.
 * {@code note} is null while the run was never explained; then every other part is null too.
 */
public record RunExplanation(String note, String state, String stateType, String resourceType, String resource,
        String function, String requestId, String requestIdNote, String failureEvent, String error, String kind,
        OffsetDateTime enteredAt, OffsetDateTime failedAt, OffsetDateTime explainedAt, Integer explainedRedriveCount) {

    public static final RunExplanation NONE = new RunExplanation(null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null);

    public boolean explained() {
        return HistoryReader.Outcome.EXPLAINED.name().equals(note);
    }

    public boolean historyGone() {
        return HistoryReader.Outcome.EXECUTION_DOES_NOT_EXIST.name().equals(note);
    }

    /** As {@link FailureExplanation#failedIn()}: the function, else the resource. */
    public String failedIn() {
        return new FailureExplanation(state, stateType, resourceType, resource, function, requestId, requestIdNote,
                failureEvent, error, null, null, null).failedIn();
    }

    /** The explanation just read from the history, as the row would keep it. */
    public static RunExplanation of(StoredExplanation stored) {
        return new RunExplanation(stored.note(), stored.state(), stored.stateType(), stored.resourceType(), stored.resource(),
                stored.function(), stored.requestId(), stored.requestIdNote(), stored.failureEvent(), stored.error(),
                stored.kind(), stored.enteredAt(), stored.failedAt(), null, stored.redriveCount());
    }
}
