package oriole.recorder.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import oriole.recorder.contract.QueuedMessage;

/**
 * The Execution Status Change events of one oriole execution, shaped as EventBridge delivers them (the saved events'
 * fields), each with an event id of its own: RUNNING, then one terminal event.
 */
public final class ExecutionEvents {

    public static final String STATE_MACHINE_ARN = "arn:aws:states:us-east-1:123456789012:stateMachine:oriole-maze-experiment";
    private static final AtomicLong IDS = new AtomicLong();

    private final String name;
    private final String messageId;
    private final long startMillis;

    public ExecutionEvents(String name, String messageId, long startMillis) {
        this.name = name;
        this.messageId = messageId;
        this.startMillis = startMillis;
    }

    public String arn() {
        return "arn:aws:states:us-east-1:123456789012:execution:oriole-maze-experiment:" + name;
    }

    public String name() {
        return name;
    }

    public long startMillis() {
        return startMillis;
    }

    public QueuedMessage running() {
        return event("RUNNING", null, null, null);
    }

    /** SUCCEEDED; {@code output} is the execution's output document (JSON), e.g. with the Catch's errorInfo. */
    public QueuedMessage succeeded(String output) {
        return event("SUCCEEDED", output, null, null);
    }

    public QueuedMessage failed(String error, String cause) {
        return event("FAILED", null, error, cause);
    }

    public String input() {
        ObjectNode input = SavedEventFiles.JSON.createObjectNode();
        input.put("messageId", messageId);
        input.put("modelName", "claude-3-5-sonnet");
        input.put("temperature", 0.7);
        return input.toString();
    }

    private QueuedMessage event(String status, String output, String error, String cause) {
        boolean running = status.equals("RUNNING");
        long stop = startMillis + 600_000;
        String id = new UUID(IDS.incrementAndGet(), name.hashCode()).toString();
        ObjectNode envelope = SavedEventFiles.JSON.createObjectNode();
        envelope.put("version", "0");
        envelope.put("id", id);
        envelope.put("detail-type", "Step Functions Execution Status Change");
        envelope.put("source", "aws.states");
        envelope.put("account", "123456789012");
        envelope.put("time", java.time.Instant.ofEpochSecond((running ? startMillis : stop) / 1000).toString());
        envelope.put("region", "us-east-1");
        envelope.putArray("resources").add(arn());
        ObjectNode detail = envelope.putObject("detail");
        detail.put("executionArn", arn());
        detail.put("stateMachineArn", STATE_MACHINE_ARN);
        detail.put("name", name);
        detail.put("status", status);
        detail.put("startDate", startMillis);
        if (running) {
            detail.putNull("stopDate");
        } else {
            detail.put("stopDate", stop);
        }
        detail.put("input", input());
        detail.putObject("inputDetails").put("included", true);
        detail.put("output", output);
        detail.putObject("outputDetails").put("included", true);
        detail.put("error", error);
        detail.put("cause", cause);
        detail.put("redriveCount", 0);
        return new QueuedMessage("sqs-" + id, envelope.toString());
    }
}
