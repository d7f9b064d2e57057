package oriole.recorder.explain;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import oriole.recorder.status.ExecutionStatus;
import oriole.recorder.status.FailureClassifier;
import oriole.recorder.store.StorableText;
import oriole.recorder.text.CodePoints;

/**
 * An explanation as the experiments row keeps it: every text from the history made storable
 * ({@link StorableText}) and bounded, so that no content of a history costs the row anything; the kind of the
 * failure event's error and cause; the note ({@link HistoryReader.Outcome}) and the redrive it was read for.
 */
public record StoredExplanation(String executionArn, Integer redriveCount, String note, String state, String stateType,
        String resourceType, String resource, String function, String requestId, String requestIdNote,
        String failureEvent, String error, String kind, OffsetDateTime enteredAt, OffsetDateTime failedAt) {

    /** Step Functions' own limits: names 80 characters, errors 256; resources are ARNs. */
    static final int NAME = 256;
    static final int ERROR = 256;
    static final int RESOURCE = 2048;

    public static StoredExplanation of(WaitingRun run, HistoryReader.Outcome outcome, FailureExplanation explanation) {
        if (explanation == null) {
            return new StoredExplanation(run.executionArn(), run.redriveCount(), outcome.name(), null, null, null, null,
                    null, null, null, null, null, null, null, null);
        }
        return new StoredExplanation(run.executionArn(), run.redriveCount(), outcome.name(),
                text(explanation.state(), NAME), text(explanation.stateType(), NAME), text(explanation.resourceType(), NAME),
                text(explanation.resource(), RESOURCE), text(explanation.function(), NAME),
                text(explanation.requestId(), NAME), explanation.requestIdNote(), text(explanation.failureEvent(), NAME),
                text(explanation.error(), ERROR), kind(explanation).name(), time(explanation.enteredAt()),
                time(explanation.failedAt()));
    }

    /** The kind of the failed state's own error and cause (a caught failure's, too). */
    static oriole.recorder.status.FailureKind kind(FailureExplanation explanation) {
        ExecutionStatus status = switch (String.valueOf(explanation.failureEvent())) {
            case "ExecutionTimedOut" -> ExecutionStatus.TIMED_OUT;
            case "ExecutionAborted" -> ExecutionStatus.ABORTED;
            default -> ExecutionStatus.FAILED;
        };
        return FailureClassifier.classify(status, explanation.error(), explanation.cause());
    }

    private static String text(String text, int limit) {
        if (text == null) {
            return null;
        }
        String bounded = text.length() <= limit ? text : CodePoints.truncate(text, limit - 1, "…");
        return StorableText.text(bounded);
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
