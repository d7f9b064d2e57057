package oriole.recorder.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import oriole.recorder.show.CellText;
import oriole.recorder.show.FailureLines;
import oriole.recorder.show.RunDetails;
import oriole.recorder.store.ExperimentRow;
import oriole.recorder.store.TimelineEvent;

/** {@code /api/runs/{id}}: what the run page shows, as JSON. */
final class RunJson {

    private RunJson() {
    }

    static ObjectNode of(RunDetails details, FailureLines failure, OffsetDateTime now, ObjectMapper json) {
        ObjectNode run = json.createObjectNode();
        run.set("experiment", experiment(details.row(), json));
        run.put("duration", details.duration(now));
        ArrayNode timeline = run.putArray("timeline");
        for (TimelineEvent event : details.timeline()) {
            Map<String, Object> values = new LinkedHashMap<>();
            values.put("received_position", event.receivedPosition());
            values.put("event_id", event.eventId());
            values.put("status", event.status());
            values.put("redrive_count", event.redriveCount());
            values.put("start_date", event.startDate());
            values.put("stop_date", event.stopDate());
            values.put("received_at", event.receivedAt());
            values.put("error", event.error());
            values.put("cause", event.cause());
            timeline.add(json.valueToTree(CellText.row(values)));
        }
        ArrayNode others = run.putArray("same_message");
        details.sameMessage().forEach(other -> others.add(experiment(other, json)));
        ArrayNode commands = run.putArray("aws_cli");
        details.awsCliCommands().forEach(commands::add);
        failure.awsCliCommands().forEach(commands::add);
        ArrayNode why = run.putArray("failure");
        failure.lines().forEach(line -> why.add(line));
        run.put("logs_insights_query", failure.insightsQuery());
        return run;
    }

    static ObjectNode experiment(ExperimentRow row, ObjectMapper json) {
        Map<String, Object> values = new LinkedHashMap<>();
        values.put("id", row.id());
        values.put("execution_arn", row.executionArn());
        values.put("execution_name", row.executionName());
        values.put("status", row.executionStatus());
        values.put("redrive_count", row.redriveCount());
        values.put("goal_found", row.goalFound());
        values.put("kind", row.failureKind());
        values.put("failure_reason", row.failureReason());
        values.put("error", row.lastErrorError());
        values.put("cause", row.lastErrorCause());
        values.put("model_name", row.modelName());
        values.put("temperature", row.temperature());
        values.put("started_at", row.startedAt());
        values.put("completed_at", row.completedAt());
        values.put("state_machine_arn", row.stateMachineArn());
        values.put("sqs_message_id", row.sqsMessageId());
        return json.valueToTree(CellText.row(values));
    }
}
