package oriole.recorder.explain;

import java.time.Instant;

/**
 * One event of an execution's history (GetExecutionHistory), reduced to what explaining a failure needs:
 * {@code id}, {@code previousEventId} (0 when there is none), {@code type}, {@code timestamp}, and from its
 * {@code *EventDetails}: the state's name (a {@code *StateEntered} event, a Map iteration), the error and
 * cause (a failure), the resource type, resource and parameters (a {@code TaskScheduled} or
 * {@code LambdaFunctionScheduled}). Every text is someone else's: it is kept as it came, and made storable
 * and printable where it leaves.
 */
public record HistoryEvent(long id, long previousEventId, String type, Instant timestamp, String name, String error,
        String cause, String resourceType, String resource, String parameters) {

    public static HistoryEvent of(long id, long previousEventId, String type) {
        return new HistoryEvent(id, previousEventId, type, null, null, null, null, null, null, null);
    }

    public boolean isStateEntered() {
        return type != null && type.endsWith("StateEntered");
    }

    /** {@code Task} of {@code TaskStateEntered}, {@code Fail} of {@code FailStateEntered}… */
    public String stateType() {
        return isStateEntered() ? type.substring(0, type.length() - "StateEntered".length()) : null;
    }

    public boolean isScheduled() {
        return "TaskScheduled".equals(type) || "LambdaFunctionScheduled".equals(type) || "ActivityScheduled".equals(type);
    }
}
