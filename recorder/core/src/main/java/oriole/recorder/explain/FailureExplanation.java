package oriole.recorder.explain;

import java.time.Instant;

/**
 * Why a run failed, as its history tells: the state that failed and its type, what it ran (resource type,
 * resource, and the Lambda function when it was one), the failed invocation's request id or why it is not
 * known, the history event the explanation starts from with its error and cause, and the state's window
 * (entered, failed). Any part the history does not hold is null.
 */
public record FailureExplanation(String state, String stateType, String resourceType, String resource, String function,
        String requestId, String requestIdNote, String failureEvent, String error, String cause, Instant enteredAt,
        Instant failedAt) {

    /** What {@code failed in:} names: the function, else the resource ({@code resourceType:resource} for an integration). */
    public String failedIn() {
        if (function != null) {
            return function;
        }
        if (resource == null) {
            return null;
        }
        return resourceType == null || resource.startsWith("arn:") ? resource : resourceType + ":" + resource;
    }
}
