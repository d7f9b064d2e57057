package oriole.recorder.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import oriole.recorder.show.RunDetails;
import oriole.recorder.store.ExperimentRow;
import oriole.recorder.store.TimelineEvent;

/** {@code /api/runs/{id}}: what the run page shows, as JSON. */
final class RunJson {

    private RunJson() {
    }

    static ObjectNode of(RunDetails details, OffsetDateTime now, ObjectMapper json) {
        ObjectNode run = json.createObjectNode();
        run.set("experiment", experiment(details.row(), json));
        run.put("duration", details.duration(now));
        ArrayNode timeline = run.putArray("timeline");
        for (TimelineEvent event : details.timeline()) {
            ObjectNode node = timeline.addObject();
            JsonValues.put(node, "received_position", event.receivedPosition());
            JsonValues.put(node, "event_id", event.eventId());
            JsonValues.put(node, "status", event.status());
            JsonValues.put(node, "redrive_count", event.redriveCount());
            JsonValues.put(node, "start_date", event.startDate());
            JsonValues.put(node, "stop_date", event.stopDate());
            JsonValues.put(node, "received_at", event.receivedAt());
            JsonValues.put(node, "error", event.error());
            JsonValues.put(node, "cause", event.cause());
        }
        ArrayNode others = run.putArray("same_message");
        details.sameMessage().forEach(other -> others.add(experiment(other, json)));
        ArrayNode commands = run.putArray("aws_cli");
        details.awsCliCommands().forEach(commands::add);
        return run;
    }

    static ObjectNode experiment(ExperimentRow row, ObjectMapper json) {
        ObjectNode node = json.createObjectNode();
        JsonValues.put(node, "id", row.id());
        JsonValues.put(node, "execution_arn", row.executionArn());
        JsonValues.put(node, "execution_name", row.executionName());
        JsonValues.put(node, "status", row.executionStatus());
        JsonValues.put(node, "redrive_count", row.redriveCount());
        JsonValues.put(node, "goal_found", row.goalFound());
        JsonValues.put(node, "kind", row.failureKind());
        JsonValues.put(node, "failure_reason", row.failureReason());
        JsonValues.put(node, "error", row.lastErrorError());
        JsonValues.put(node, "cause", row.lastErrorCause());
        JsonValues.put(node, "model_name", row.modelName());
        JsonValues.put(node, "temperature", row.temperature());
        JsonValues.put(node, "started_at", row.startedAt());
        JsonValues.put(node, "completed_at", row.completedAt());
        JsonValues.put(node, "state_machine_arn", row.stateMachineArn());
        JsonValues.put(node, "sqs_message_id", row.sqsMessageId());
        return node;
    }
}
