package oriole.recorder.demo;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code FinalizeOnError}, after the Catch ({@code ResultPath: $.errorInfo}): oriole's own UPDATE
 * ({@code db/oriole-workflow/finalize-on-error.sql}) with oriole's own decisions: TIMED_OUT when
 * {@code errorInfo.Error} contains "Timeout", else FAILED; {@code last_error {error, cause, timestamp}};
 * {@code failure_reason} the payload's {@code failureReason} (the cause). The state machine's Fail state
 * then ends the execution with the original error and cause.
 */
public final class FinalizeOnErrorHandler extends WorkflowStep {

    @Override
    Map<String, Object> run(Map<String, Object> input, Connection connection) throws SQLException {
        Object id = required(input, "experimentId");
        Map<String, Object> errorInfo = object(input, "errorInfo");
        Object error = errorInfo.get("Error");
        String status = error != null && error.toString().contains("Timeout") ? "TIMED_OUT" : "FAILED";
        Map<String, Object> lastError = new LinkedHashMap<>();
        lastError.put("error", error);
        lastError.put("cause", errorInfo.get("Cause"));
        lastError.put("timestamp", javaScriptIsoString(Instant.now()));
        OrioleStatement.FINALIZE_ON_ERROR.update(connection, status, lastError, input.get("failureReason"), id);
        return Map.of("experimentId", id, "executionStatus", status);
    }

    /** JavaScript's {@code new Date().toISOString()}: UTC, always milliseconds, 'Z'. */
    static String javaScriptIsoString(Instant instant) {
        return DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(java.time.ZoneOffset.UTC)
                .format(instant.truncatedTo(ChronoUnit.MILLIS));
    }
}
