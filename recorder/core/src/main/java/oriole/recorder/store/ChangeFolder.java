package oriole.recorder.store;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.time.Instant;
import oriole.recorder.event.ExperimentProjection;
import oriole.recorder.event.ExperimentProjection.CaughtError;
import oriole.recorder.event.ExperimentProjection.ExperimentFields;
import oriole.recorder.event.StatusChangeEvent;
import oriole.recorder.status.ExecutionStatus;
import oriole.recorder.status.FailureClassifier;

/**
 * Folds a batch of events into one {@link ExecutionChange} per execution, in execution ARN order (the
 * order the store touches rows in, so concurrent batches lock in the same order). Pure: the result
 * depends only on the set of events, never on their order. The status columns come from the newest event;
 * a column read from a run's input or output comes from any event of the newest run that carries it (a
 * value beats NULL, as the upsert does across batches).
 */
public final class ChangeFolder {

    /** Newest first; equal keys broken by event id so the choice does not depend on arrival order. */
    private static final Comparator<Projected> NEWEST_FIRST = Comparator
            .comparing((Projected p) -> p.event().orderKey()).reversed()
            .thenComparing(p -> p.event().eventId());

    private final ExperimentProjection projection;

    public ChangeFolder(ExperimentProjection projection) {
        this.projection = projection;
    }

    public List<ExecutionChange> fold(List<StatusChangeEvent> events) {
        Map<String, Map<String, StatusChangeEvent>> byExecution = new TreeMap<>();
        for (StatusChangeEvent event : events) {
            byExecution.computeIfAbsent(event.executionArn(), arn -> new LinkedHashMap<>())
                    .putIfAbsent(event.eventId(), event);
        }
        List<ExecutionChange> changes = new ArrayList<>(byExecution.size());
        for (Map<String, StatusChangeEvent> executionEvents : byExecution.values()) {
            changes.add(foldExecution(List.copyOf(executionEvents.values())));
        }
        return changes;
    }

    private ExecutionChange foldExecution(List<StatusChangeEvent> events) {
        List<Projected> newestFirst = new ArrayList<>(events.size());
        for (StatusChangeEvent event : events) {
            newestFirst.add(new Projected(event, projection.project(event)));
        }
        newestFirst.sort(NEWEST_FIRST);
        StatusChangeEvent winner = newestFirst.get(0).event();
        // The newest run's events come first; an older run under the same ARN says nothing about the newer one.
        List<Projected> newestRun = newestFirst;
        for (int i = 1; i < newestFirst.size(); i++) {
            if (!newestFirst.get(i).event().orderKey().sameRunAs(winner.orderKey())) {
                newestRun = newestFirst.subList(0, i);
                break;
            }
        }
        Instant when = winner.stopDate() != null ? winner.stopDate() : winner.eventTime();
        FailureClassifier.Described failure = FailureClassifier.describe(winner.status(), winner.error(), winner.cause(),
                when).orElse(null);
        ExecutionStatus recordedStatus = winner.status();
        CaughtError caught = winner.status() == ExecutionStatus.SUCCEEDED
                ? first(newestRun, p -> p.fields().caughtError()) : null;
        if (caught != null) {
            FailureClassifier.Caught described = FailureClassifier.describeCaught(caught.error(), caught.cause(), when);
            failure = described.described();
            recordedStatus = described.status();
        }
        return new ExecutionChange(
                winner.executionArn(),
                first(newestFirst, p -> p.event().executionName()),
                first(newestFirst, p -> p.event().stateMachineArn()),
                first(newestRun, p -> p.fields().sqsMessageId()),
                first(newestRun, p -> p.fields().modelName()),
                first(newestRun, p -> p.fields().temperature()),
                winner.status(),
                recordedStatus,
                winner.redriveCount(),
                winner.startDate(),
                winner.stopDate(),
                failure == null ? null : failure.failure(),
                failure == null ? null : failure.reason(),
                first(newestRun, p -> p.fields().goalFound()),
                anyLacksPayload(events),
                events);
    }

    /** Without its input the message id is unknown; without a success's output, whether the goal was found. */
    private static boolean anyLacksPayload(List<StatusChangeEvent> events) {
        for (StatusChangeEvent event : events) {
            if (event.inputOmitted() || (event.status() == ExecutionStatus.SUCCEEDED && event.outputOmitted())) {
                return true;
            }
        }
        return false;
    }

    private static <T> T first(List<Projected> newestFirst, Function<Projected, T> column) {
        for (Projected projected : newestFirst) {
            T value = column.apply(projected);
            if (value != null) {
                return value;
            }
        }
        return null;
    }

    private record Projected(StatusChangeEvent event, ExperimentFields fields) {
    }
}
