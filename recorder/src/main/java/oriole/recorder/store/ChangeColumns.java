package oriole.recorder.store;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.math.BigDecimal;
import java.util.List;
import oriole.recorder.status.Failure;

/** The folded changes of a batch as one array per experiments column, in execution ARN order. */
public record ChangeColumns(
        SqlArray executionArns,
        SqlArray executionNames,
        SqlArray stateMachineArns,
        SqlArray sqsMessageIds,
        SqlArray modelNames,
        SqlArray temperatures,
        SqlArray statuses,
        SqlArray statusRanks,
        SqlArray redriveCounts,
        SqlArray startedMillis,
        SqlArray completedMillis,
        SqlArray lastErrors,
        SqlArray failureReasons,
        SqlArray goalFound,
        SqlArray payloadOmitted) {

    public static ChangeColumns of(List<ExecutionChange> changes) {
        int n = changes.size();
        String[] executionArns = new String[n];
        String[] executionNames = new String[n];
        String[] stateMachineArns = new String[n];
        String[] sqsMessageIds = new String[n];
        String[] modelNames = new String[n];
        BigDecimal[] temperatures = new BigDecimal[n];
        String[] statuses = new String[n];
        Integer[] statusRanks = new Integer[n];
        Integer[] redriveCounts = new Integer[n];
        Long[] startedMillis = new Long[n];
        Long[] completedMillis = new Long[n];
        String[] lastErrors = new String[n];
        String[] failureReasons = new String[n];
        Boolean[] goalFound = new Boolean[n];
        Boolean[] payloadOmitted = new Boolean[n];
        for (int i = 0; i < n; i++) {
            ExecutionChange change = changes.get(i);
            executionArns[i] = change.executionArn();
            executionNames[i] = change.executionName();
            stateMachineArns[i] = change.stateMachineArn();
            sqsMessageIds[i] = change.sqsMessageId();
            modelNames[i] = change.modelName();
            temperatures[i] = change.temperature();
            statuses[i] = change.status().name();
            statusRanks[i] = change.status().rank();
            redriveCounts[i] = change.redriveCount();
            startedMillis[i] = Millis.of(change.startedAt());
            completedMillis[i] = Millis.of(change.completedAt());
            lastErrors[i] = lastErrorJson(change.failure());
            failureReasons[i] = change.failureReason();
            goalFound[i] = change.goalFound();
            payloadOmitted[i] = change.payloadOmitted();
        }
        return new ChangeColumns(SqlArray.of(executionArns), SqlArray.of(executionNames),
                SqlArray.of(stateMachineArns), SqlArray.of(sqsMessageIds), SqlArray.of(modelNames),
                SqlArray.of(temperatures), SqlArray.of(statuses), SqlArray.of(statusRanks),
                SqlArray.of(redriveCounts), SqlArray.of(startedMillis), SqlArray.of(completedMillis),
                SqlArray.of(lastErrors), SqlArray.of(failureReasons), SqlArray.of(goalFound),
                SqlArray.of(payloadOmitted));
    }

    /** The last_error document; written directly rather than through a JSON tree (one per changed execution). */
    private static String lastErrorJson(Failure failure) {
        if (failure == null) {
            return null;
        }
        StringBuilder json = new StringBuilder(64 + length(failure.error()) + length(failure.cause()));
        json.append("{\"error\":");
        appendString(json, failure.error());
        json.append(",\"cause\":");
        appendString(json, failure.cause());
        json.append(",\"kind\":");
        appendString(json, failure.kind().name());
        json.append(",\"timestamp\":");
        appendString(json, failure.timestamp() == null ? null : failure.timestamp().toString());
        return json.append('}').toString();
    }

    private static void appendString(StringBuilder json, String value) {
        if (value == null) {
            json.append("null");
        } else {
            json.append('"');
            JsonStringEncoder.getInstance().quoteAsString(value, json);
            json.append('"');
        }
    }

    private static int length(String text) {
        return text == null ? 4 : text.length();
    }
}
