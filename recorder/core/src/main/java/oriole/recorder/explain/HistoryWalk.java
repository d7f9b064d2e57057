package oriole.recorder.explain;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds the failed state in an execution's history read newest first (GetExecutionHistory with
 * {@code reverseOrder}), page after page, deciding after each page whether an older one is needed. Pure: the
 * events in, the answer out.
 * <ol>
 * <li>An execution that failed, timed out or was aborted: its last event is followed back through
 * {@code previousEventId}. A task-level failure on the way ({@code TaskFailed}, {@code LambdaFunctionFailed},
 * {@code TaskTimedOut}…, also the one a Map iteration or a Parallel branch failed with) is the answer.</li>
 * <li>Otherwise (a Fail state, a failure the workflow caught, an execution that SUCCEEDED after a Catch), the
 * newest task-level failure that was not retried (no {@code *Scheduled} follows it) is the answer: the Catch
 * handled it, the history keeps it.</li>
 * <li>Without one, the state the chain of step 1 reached: the Fail state (its error and cause are the
 * execution's, from ErrorPath and CausePath). An execution that timed out or was aborted is explained by the
 * state that was running then, before step 2.</li>
 * </ol>
 * A task-level failure is then followed back to its {@code TaskScheduled} or {@code LambdaFunctionScheduled}
 * (what ran) and its {@code *StateEntered} (the state's name and when it began).
 */
public final class HistoryWalk {

    static final Set<String> TASK_FAILURES = Set.of("TaskFailed", "TaskTimedOut", "TaskStartFailed", "TaskSubmitFailed",
            "LambdaFunctionFailed", "LambdaFunctionTimedOut", "LambdaFunctionStartFailed", "LambdaFunctionScheduleFailed",
            "ActivityFailed", "ActivityTimedOut", "ActivityScheduleFailed");
    static final Set<String> EXECUTION_ENDS = Set.of("ExecutionFailed", "ExecutionTimedOut", "ExecutionAborted");

    private HistoryWalk() {
    }

    /**
     * @param newestFirst every event read so far, newest first
     * @param complete whether they are the whole history (no older page)
     */
    public static WalkResult explain(List<HistoryEvent> newestFirst, boolean complete) {
        if (newestFirst.isEmpty()) {
            return complete ? new WalkResult.NoFailure() : new WalkResult.NeedOlderPage();
        }
        Map<Long, HistoryEvent> byId = new HashMap<>();
        Set<Long> retried = new HashSet<>();
        for (HistoryEvent event : newestFirst) {
            byId.put(event.id(), event);
            if (event.isScheduled()) {
                retried.add(event.previousEventId());
            }
        }
        HistoryEvent end = newestFirst.get(0);
        HistoryEvent reached = null;
        if (EXECUTION_ENDS.contains(end.type())) {
            HistoryEvent current = end;
            while (true) {
                if (current.previousEventId() <= 0) {
                    break;
                }
                HistoryEvent previous = byId.get(current.previousEventId());
                if (previous == null) {
                    if (complete) {
                        break;
                    }
                    return new WalkResult.NeedOlderPage();
                }
                if (TASK_FAILURES.contains(previous.type())) {
                    return resolve(previous, end, byId, complete);
                }
                if (previous.isStateEntered()) {
                    reached = previous;
                    break;
                }
                current = previous;
            }
        }
        if (reached != null && !"ExecutionFailed".equals(end.type())) {
            // Timed out or aborted while a state ran: that state, not a failure the workflow had handled before.
            return new WalkResult.Found(stateAtTheEnd(reached, end, byId));
        }
        for (HistoryEvent event : newestFirst) {
            if (TASK_FAILURES.contains(event.type()) && !retried.contains(event.id())) {
                return resolve(event, end, byId, complete);
            }
        }
        if (!complete) {
            return new WalkResult.NeedOlderPage();
        }
        if (reached == null) {
            return EXECUTION_ENDS.contains(end.type()) && end.error() != null
                    ? new WalkResult.Found(new FailureExplanation(null, null, null, null, null, null,
                            "the history names no failed state", end.type(), end.error(), end.cause(), null, end.timestamp()))
                    : new WalkResult.NoFailure();
        }
        return new WalkResult.Found(stateAtTheEnd(reached, end, byId));
    }

    /** A task-level failure with what ran (its *Scheduled) and its state (its *StateEntered). */
    private static WalkResult resolve(HistoryEvent failure, HistoryEvent end, Map<Long, HistoryEvent> byId, boolean complete) {
        HistoryEvent scheduled = null;
        HistoryEvent entered = null;
        HistoryEvent current = failure;
        while (entered == null && current.previousEventId() > 0) {
            HistoryEvent previous = byId.get(current.previousEventId());
            if (previous == null) {
                if (!complete) {
                    return new WalkResult.NeedOlderPage();
                }
                break;
            }
            if (scheduled == null && previous.isScheduled()) {
                scheduled = previous;
            }
            if (previous.isStateEntered()) {
                entered = previous;
            }
            current = previous;
        }
        String resourceType = scheduled == null ? null
                : "LambdaFunctionScheduled".equals(scheduled.type()) ? "lambda" : scheduled.resourceType();
        String resource = scheduled == null ? failure.resource() : scheduled.resource();
        if (resourceType == null) {
            resourceType = failure.resourceType();
        }
        String function = LambdaFunctions.of(resourceType, resource, scheduled == null ? null : scheduled.parameters());
        String requestId = RequestIds.find(failure.error(), failure.cause());
        String note = null;
        if (requestId == null) {
            note = function == null && !"lambda".equals(resourceType) ? "the state ran no Lambda function"
                    : failure.type().contains("Start") || failure.type().contains("Schedule") || failure.type().contains("Submit")
                            ? "the invocation never started (" + failure.type() + ")"
                            : "the failure's error and cause name no request id";
        }
        return new WalkResult.Found(new FailureExplanation(entered == null ? null : entered.name(),
                entered == null ? null : entered.stateType(), resourceType, resource, function, requestId, note,
                failure.type(), failure.error(), failure.cause(), entered == null ? null : entered.timestamp(),
                failure.timestamp()));
    }

    /** The Fail state the execution ended in, or the state that ran when it timed out or was aborted. */
    private static FailureExplanation stateAtTheEnd(HistoryEvent entered, HistoryEvent end, Map<Long, HistoryEvent> byId) {
        HistoryEvent scheduled = null;
        for (HistoryEvent current = end; current != null && current != entered; current = byId.get(current.previousEventId())) {
            if (current.isScheduled()) {
                scheduled = current;
                break;
            }
        }
        String resourceType = scheduled == null ? null
                : "LambdaFunctionScheduled".equals(scheduled.type()) ? "lambda" : scheduled.resourceType();
        String resource = scheduled == null ? null : scheduled.resource();
        String function = scheduled == null ? null : LambdaFunctions.of(resourceType, resource, scheduled.parameters());
        String note = switch (end.type()) {
            case "ExecutionTimedOut" -> "the execution timed out while the state ran: no invocation failed";
            case "ExecutionAborted" -> "the execution was aborted while the state ran: no invocation failed";
            default -> "Fail".equals(entered.stateType()) ? "a Fail state runs no Lambda function"
                    : "the state ran no Lambda function";
        };
        return new FailureExplanation(entered.name(), entered.stateType(), resourceType, resource, function, null, note,
                end.type(), end.error(), end.cause(), entered.timestamp(), end.timestamp());
    }
}
