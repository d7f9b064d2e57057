package oriole.recorder.store;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.List;
import oriole.recorder.status.Failure;

/** The folded changes of a batch as one array per experiments column, in execution ARN order. */
public record ChangeColumns(
        String[] executionArns,
        String[] executionNames,
        String[] stateMachineArns,
        String[] sqsMessageIds,
        String[] modelNames,
        BigDecimal[] temperatures,
        String[] statuses,
        Integer[] statusRanks,
        Integer[] redriveCounts,
        Long[] startedMillis,
        Long[] completedMillis,
        String[] lastErrors,
        String[] failureReasons,
        Boolean[] goalFound,
        Boolean[] payloadOmitted) {

    public static ChangeColumns of(List<ExecutionChange> changes, ObjectMapper json) {
        int n = changes.size();
        ChangeColumns columns = new ChangeColumns(new String[n], new String[n], new String[n], new String[n],
                new String[n], new BigDecimal[n], new String[n], new Integer[n], new Integer[n], new Long[n],
                new Long[n], new String[n], new String[n], new Boolean[n], new Boolean[n]);
        for (int i = 0; i < n; i++) {
            ExecutionChange change = changes.get(i);
            columns.executionArns[i] = change.executionArn();
            columns.executionNames[i] = change.executionName();
            columns.stateMachineArns[i] = change.stateMachineArn();
            columns.sqsMessageIds[i] = change.sqsMessageId();
            columns.modelNames[i] = change.modelName();
            columns.temperatures[i] = change.temperature();
            columns.statuses[i] = change.status().name();
            columns.statusRanks[i] = change.status().rank();
            columns.redriveCounts[i] = change.redriveCount();
            columns.startedMillis[i] = Millis.of(change.startedAt());
            columns.completedMillis[i] = Millis.of(change.completedAt());
            columns.lastErrors[i] = lastErrorJson(change.failure(), json);
            columns.failureReasons[i] = change.failureReason();
            columns.goalFound[i] = change.goalFound();
            columns.payloadOmitted[i] = change.payloadOmitted();
        }
        return columns;
    }

    private static String lastErrorJson(Failure failure, ObjectMapper json) {
        if (failure == null) {
            return null;
        }
        ObjectNode node = json.createObjectNode();
        node.put("error", failure.error());
        node.put("cause", failure.cause());
        node.put("kind", failure.kind().name());
        node.put("timestamp", failure.timestamp() == null ? null : failure.timestamp().toString());
        return node.toString();
    }
}
