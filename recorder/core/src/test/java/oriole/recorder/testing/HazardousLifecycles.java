package oriole.recorder.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import oriole.recorder.contract.QueuedMessage;
import oriole.recorder.devkit.RandomLifecycles;

/**
 * {@link RandomLifecycles} with the shapes production adds on top of reordering and duplicates: the same event
 * delivered again under a new id without its input/output, a row created before its executions with two
 * executions for its message, and an execution name used again by a later run. Seeded like RandomLifecycles.
 */
public final class HazardousLifecycles {

    /** Step Functions frees an execution name 90 days after the execution closed. */
    private static final long NAME_REUSE_DELAY_MILLIS = 91L * 24 * 3600 * 1000;

    public enum Hazard { NONE, PAYLOAD_OMITTED_DUPLICATES, PRE_CREATED_ROW, REUSED_NAME }

    /** Events in their true order, and the SQL that creates what existed before them (or null). */
    public record Generated(List<QueuedMessage> events, String setupSql) {
    }

    private final ObjectMapper json;
    private final RandomLifecycles lifecycles;

    public HazardousLifecycles(ObjectMapper json) {
        this.json = json;
        this.lifecycles = new RandomLifecycles(json);
    }

    public Generated inOrder(String tag, int executions, Hazard hazard, Random random) {
        List<ObjectNode> events = new ArrayList<>();
        for (QueuedMessage message : lifecycles.inOrder(tag, executions, random)) {
            events.add(read(message.body()));
        }
        String setup = null;
        switch (hazard) {
            case PAYLOAD_OMITTED_DUPLICATES -> events = withPayloadOmittedCopies(tag, events, random);
            case PRE_CREATED_ROW -> setup = twoExecutionsForOnePreCreatedRow(tag, events);
            case REUSED_NAME -> events = withANewRunUnderTheFirstName(tag, events, random);
            case NONE -> { }
        }
        List<QueuedMessage> messages = new ArrayList<>(events.size());
        for (ObjectNode event : events) {
            messages.add(new QueuedMessage(event.get("id").asText(), event.toString()));
        }
        return new Generated(messages, setup);
    }

    /** Some terminal events again, under a new id and with input and output omitted, before or after the full one. */
    private List<ObjectNode> withPayloadOmittedCopies(String tag, List<ObjectNode> events, Random random) {
        List<ObjectNode> withCopies = new ArrayList<>();
        for (ObjectNode event : events) {
            boolean copy = !"RUNNING".equals(event.get("detail").get("status").asText()) && random.nextBoolean();
            ObjectNode omitted = copy ? payloadOmitted(tag, event, random) : null;
            if (omitted != null && random.nextBoolean()) {
                withCopies.add(omitted);
                omitted = null;
            }
            withCopies.add(event);
            if (omitted != null) {
                withCopies.add(omitted);
            }
        }
        return withCopies;
    }

    private ObjectNode payloadOmitted(String tag, ObjectNode event, Random random) {
        ObjectNode copy = event.deepCopy();
        copy.put("id", tag + new UUID(random.nextLong(), random.nextLong()));
        ObjectNode detail = (ObjectNode) copy.get("detail");
        detail.putNull("input");
        detail.putObject("inputDetails").put("included", false);
        detail.putNull("output");
        detail.putObject("outputDetails").put("included", false);
        return copy;
    }

    /**
     * The first two executions run for one SQS message (duplicate processing: the same input), and a row for
     * that message existed before either started.
     */
    private String twoExecutionsForOnePreCreatedRow(String tag, List<ObjectNode> events) {
        String first = tag + "e0";
        String second = tag + "e1";
        String sharedInput = null;
        for (ObjectNode event : events) {
            if (event.get("detail").get("name").asText().equals(first)) {
                sharedInput = event.get("detail").path("input").isNull() ? null
                        : event.get("detail").get("input").asText()
                                .replaceFirst("\"messageId\":\"[^\"]*\"", "\"messageId\":\"msg-" + tag + "shared\"");
            }
        }
        if (sharedInput == null) {
            return null; // the first execution's input was omitted: nothing to correlate by
        }
        for (ObjectNode event : events) {
            String name = event.get("detail").get("name").asText();
            if (name.equals(first) || name.equals(second)) {
                ObjectNode detail = (ObjectNode) event.get("detail");
                detail.put("input", sharedInput);
                detail.putObject("inputDetails").put("included", true);
            }
        }
        return "INSERT INTO experiments (sqs_message_id) VALUES ('msg-" + tag + "shared')";
    }

    /** The first execution's name used again, 91 days later, by a new run with a lifecycle of its own. */
    private List<ObjectNode> withANewRunUnderTheFirstName(String tag, List<ObjectNode> events, Random random) {
        String name = tag + "e0";
        String arn = events.get(0).get("detail").get("executionArn").asText();
        List<ObjectNode> withNewRun = new ArrayList<>(events);
        for (QueuedMessage message : lifecycles.inOrder(tag + "new-", 1, random)) {
            ObjectNode event = read(message.body());
            ObjectNode detail = (ObjectNode) event.get("detail");
            detail.put("name", name);
            detail.put("executionArn", arn);
            event.putArray("resources").add(arn);
            for (String date : new String[] {"startDate", "stopDate", "redriveDate"}) {
                if (detail.hasNonNull(date)) {
                    detail.put(date, detail.get(date).asLong() + NAME_REUSE_DELAY_MILLIS);
                }
            }
            if (detail.hasNonNull("input")) {
                detail.put("input", detail.get("input").asText().replace("\"messageId\":\"", "\"messageId\":\"new-"));
            }
            withNewRun.add(event);
        }
        return withNewRun;
    }

    private ObjectNode read(String body) {
        try {
            JsonNode node = json.readTree(body);
            return (ObjectNode) node;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
