package oriole.recorder.store;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import java.math.BigDecimal;
import java.util.List;
import oriole.recorder.status.LastError;

/**
 * The folded changes of a batch as one array per experiments column, in execution ARN order: the boundary
 * to the database, where every text, number and JSON value is made storable ({@link StorableText}).
 */
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

    /** What last_error says when its error or cause held characters PostgreSQL cannot store. */
    public static final String CLEANED_NOTE = "NUL and unpaired surrogate characters replaced by U+FFFD";

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
            executionArns[i] = StorableText.text(change.executionArn());
            executionNames[i] = StorableText.text(change.executionName());
            stateMachineArns[i] = StorableText.text(change.stateMachineArn());
            sqsMessageIds[i] = StorableText.indexed(change.sqsMessageId());
            modelNames[i] = StorableText.text(change.modelName());
            temperatures[i] = StorableText.numeric(change.temperature());
            statuses[i] = change.recordedStatus().name();
            statusRanks[i] = change.status().rank();
            redriveCounts[i] = change.redriveCount();
            startedMillis[i] = Millis.of(change.startedAt());
            completedMillis[i] = Millis.of(change.completedAt());
            lastErrors[i] = lastErrorJson(change.failure());
            failureReasons[i] = StorableText.text(change.failureReason());
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

    /**
     * The last_error document; written directly rather than through a JSON tree (one per changed execution).
     * Error and cause are stored cleaned; {@code cleaned} then says what was replaced.
     */
    private static String lastErrorJson(LastError failure) {
        if (failure == null) {
            return null;
        }
        String error = StorableText.text(failure.error());
        String cause = StorableText.text(failure.cause());
        StringBuilder json = new StringBuilder(64 + length(error) + length(cause));
        json.append("{\"error\":");
        appendString(json, error);
        json.append(",\"cause\":");
        appendString(json, cause);
        json.append(",\"kind\":");
        appendString(json, failure.kind().name());
        json.append(",\"timestamp\":");
        appendString(json, failure.timestamp() == null ? null : failure.timestamp().toString());
        if (failure.caught()) {
            json.append(",\"caught\":true");
        }
        if (error != failure.error() || cause != failure.cause()) {
            json.append(",\"cleaned\":");
            appendString(json, CLEANED_NOTE);
        }
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
