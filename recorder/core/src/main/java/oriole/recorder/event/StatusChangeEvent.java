package oriole.recorder.event;

import java.time.Instant;
import oriole.recorder.status.ExecutionStatus;
import oriole.recorder.status.OrderKey;

/**
 * One validated Step Functions "Execution Status Change" event (the EventBridge envelope and its detail).
 * Fields AWS did not send (older event formats) are null, or 0 for {@code redriveCount}.
 *
 * @param rawJson the envelope exactly as received; {@code execution_events.event} keeps it without the execution's input and output
 */
public record StatusChangeEvent(
        String eventId,
        Instant eventTime,
        String region,
        String account,
        String executionArn,
        String stateMachineArn,
        String executionName,
        ExecutionStatus status,
        Instant startDate,
        Instant stopDate,
        String input,
        boolean inputOmitted,
        String output,
        boolean outputOmitted,
        String error,
        String cause,
        String stateMachineVersionArn,
        String stateMachineAliasArn,
        int redriveCount,
        Instant redriveDate,
        String redriveStatus,
        String redriveStatusReason,
        String rawJson) {

    public OrderKey orderKey() {
        return OrderKey.of(startDate, redriveCount, status);
    }
}
