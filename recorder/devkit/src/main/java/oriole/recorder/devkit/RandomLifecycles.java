package oriole.recorder.devkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import oriole.recorder.contract.QueuedMessage;

/**
 * A workload for the benchmark and the property tests: random but realistic execution lifecycles rendered as
 * Execution Status Change events: RUNNING, then a
 * terminal status (or none: still running), sometimes failures redriven up to three times, and the
 * delivery faults of EventBridge and SQS (shuffling, duplicates). Seeded: the same seed gives the same events.
 */
public final class RandomLifecycles {

    public static final String ACCOUNT = "123456789012";
    public static final String REGION = "us-east-1";
    public static final String STATE_MACHINE = "oriole-maze-experiment";
    private static final long T0 = 1_767_261_600_000L;
    private static final Status[] ENDINGS = {Status.SUCCEEDED, Status.SUCCEEDED,
        Status.SUCCEEDED, Status.FAILED, Status.FAILED, Status.TIMED_OUT,
        Status.ABORTED};
    private static final String[][] FAILURES = {
        {"Sandbox.Timedout", "{\"errorMessage\":\"Task timed out after 900.00 seconds\"}"},
        {"Runtime.ExitError", "{\"errorType\":\"Runtime.ExitError\",\"errorMessage\":\"Runtime exited with error: signal: killed\"}"},
        {"ConnectionError", "{\"errorType\":\"ConnectionError\",\"errorMessage\":\"[Errno 111] Connection refused\"}"},
        {"KeyError", "{\"errorType\":\"KeyError\",\"errorMessage\":\"'action'\"}"},
        {null, null}};

    /** The statuses as Step Functions names them (the workload writes events; it does not interpret them). */
    private enum Status {
        RUNNING, SUCCEEDED, FAILED, TIMED_OUT, ABORTED, PENDING_REDRIVE;

        boolean isFailure() {
            return this == FAILED || this == TIMED_OUT || this == ABORTED;
        }
    }

    private final ObjectMapper json;

    public RandomLifecycles(ObjectMapper json) {
        this.json = json;
    }

    /** The events of {@code executions} lifecycles, each execution's in its true order, executions one after another. */
    public List<QueuedMessage> inOrder(String tag, int executions, Random random) {
        List<QueuedMessage> events = new ArrayList<>();
        for (int i = 0; i < executions; i++) {
            events.addAll(lifecycle(tag, i, random));
        }
        return events;
    }

    /** The same events as delivered: each duplicated with probability {@code duplicates} (same id), all shuffled. */
    public static List<QueuedMessage> delivered(List<QueuedMessage> inOrder, double duplicates, Random random) {
        List<QueuedMessage> delivered = new ArrayList<>(inOrder);
        for (QueuedMessage event : inOrder) {
            while (random.nextDouble() < duplicates) {
                delivered.add(new QueuedMessage(event.messageId() + "-again-" + random.nextInt(1_000_000), event.body()));
            }
        }
        Collections.shuffle(delivered, random);
        return delivered;
    }

    private List<QueuedMessage> lifecycle(String tag, int index, Random random) {
        String name = tag + "e" + index;
        String arn = "arn:aws:states:" + REGION + ":" + ACCOUNT + ":execution:" + STATE_MACHINE + ":" + name;
        long start = T0 + index * 1_000L + random.nextInt(1000);
        boolean inputOmitted = random.nextInt(20) == 0;
        String input = inputOmitted ? null : "{\"messageId\":\"msg-e" + index + "\",\"modelName\":\"model-" + random.nextInt(3) + "\",\"temperature\":"
                + random.nextInt(3) * 0.5 + "}";
        List<QueuedMessage> events = new ArrayList<>();
        long clock = start;
        Long redriveDate = null;
        for (int redrive = 0; ; redrive++) {
            events.add(event(tag, random, arn, name, Status.RUNNING, start, null, input, null, redrive,
                    redriveDate, null));
            if (random.nextInt(10) == 0) {
                return events;
            }
            clock += 1 + random.nextInt(900_000);
            Status ending = ENDINGS[random.nextInt(ENDINGS.length)];
            String output = ending == Status.SUCCEEDED && random.nextInt(20) != 0
                    ? "{\"goalFound\":" + random.nextBoolean() + ",\"steps\":" + random.nextInt(300) + "}" : null;
            String[] failure = ending == Status.SUCCEEDED ? new String[] {null, null}
                    : FAILURES[random.nextInt(FAILURES.length)];
            events.add(event(tag, random, arn, name, ending, start, clock, input, output, redrive, redriveDate, failure));
            if (ending == Status.SUCCEEDED || redrive == 3 || random.nextInt(3) != 0) {
                return events;
            }
            if (random.nextBoolean()) {
                events.add(event(tag, random, arn, name, Status.PENDING_REDRIVE, start, clock, input, null,
                        redrive, redriveDate, failure));
            }
            clock += 1 + random.nextInt(600_000);
            redriveDate = clock;
        }
    }

    private QueuedMessage event(String tag, Random random, String arn, String name, Status status, long start,
            Long stop, String input, String output, int redriveCount, Long redriveDate, String[] failure) {
        String id = tag + new UUID(random.nextLong(), random.nextLong());
        ObjectNode envelope = json.createObjectNode();
        envelope.put("version", "0");
        envelope.put("id", id);
        envelope.put("detail-type", "Step Functions Execution Status Change");
        envelope.put("source", "aws.states");
        envelope.put("account", ACCOUNT);
        envelope.put("time", java.time.Instant.ofEpochMilli(stop != null ? stop : start).toString().replaceAll("\\.\\d+Z$", "Z"));
        envelope.put("region", REGION);
        envelope.putArray("resources").add(arn);
        ObjectNode detail = envelope.putObject("detail");
        detail.put("executionArn", arn);
        detail.put("stateMachineArn", "arn:aws:states:" + REGION + ":" + ACCOUNT + ":stateMachine:" + STATE_MACHINE);
        detail.put("name", name);
        detail.put("status", status.name());
        detail.put("startDate", start);
        detail.put("stopDate", status == Status.RUNNING ? null : stop);
        detail.put("input", input);
        detail.putObject("inputDetails").put("included", input != null);
        detail.put("output", output);
        if (status == Status.RUNNING) {
            detail.putNull("outputDetails");
        } else {
            detail.putObject("outputDetails").put("included", true);
        }
        detail.put("error", failure == null ? null : failure[0]);
        detail.put("cause", failure == null ? null : failure[1]);
        detail.putNull("stateMachineVersionArn");
        detail.putNull("stateMachineAliasArn");
        detail.put("redriveCount", redriveCount);
        detail.put("redriveDate", redriveDate);
        detail.put("redriveStatus", status.isFailure() ? "REDRIVABLE" : "NOT_REDRIVABLE");
        detail.putNull("redriveStatusReason");
        return new QueuedMessage(id, envelope.toString());
    }
}
