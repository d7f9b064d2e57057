package oriole.recorder.show;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import oriole.recorder.status.ExecutionStatus;
import oriole.recorder.store.ExperimentReader;
import oriole.recorder.store.ExperimentRow;
import oriole.recorder.store.TimelineEvent;

/**
 * Everything known about one run, as {@code show} prints it and the web view's run page draws it: the row, its
 * events in the order they happened (a redriven run keeps its earlier failure), the other executions of its SQS
 * message, and the AWS CLI commands that look further.
 */
public record RunDetails(ExperimentRow row, List<TimelineEvent> timeline, List<ExperimentRow> sameMessage,
                         List<String> awsCliCommands) {

    private static final ObjectMapper JSON = new ObjectMapper();

    public static RunDetails read(Connection connection, ExperimentRow row, String logGroup) {
        List<TimelineEvent> timeline = row.executionArn() == null ? List.of()
                : inEventOrder(ExperimentReader.timeline(connection, row.executionArn()));
        List<ExperimentRow> sameMessage = row.sqsMessageId() == null ? List.of()
                : ExperimentReader.bySqsMessageId(connection, row.sqsMessageId()).stream()
                        .filter(other -> !other.id().equals(row.id()))
                        .toList();
        return new RunDetails(row, timeline, sameMessage, awsCliCommands(row, logGroup));
    }

    /** Start date, then redrive, then status rank; the arrival position breaks ties. */
    static List<TimelineEvent> inEventOrder(List<TimelineEvent> arrival) {
        List<TimelineEvent> events = new ArrayList<>(arrival);
        events.sort(Comparator.comparing(TimelineEvent::startDate, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(TimelineEvent::redriveCount)
                .thenComparing(e -> ExecutionStatus.fromName(e.status()).map(ExecutionStatus::rank).orElse(99))
                .thenComparing(TimelineEvent::receivedPosition));
        return List.copyOf(events);
    }

    static List<String> awsCliCommands(ExperimentRow row, String logGroup) {
        AwsCliCommands commands = AwsCliCommands.of(row.executionArn(), row.executionName(), row.startedAt(), logGroup);
        return commands == null ? List.of() : commands.list();
    }

    /** How long the run took, or how long it has been running; null before it started. */
    public String duration(OffsetDateTime now) {
        return duration(row.startedAt(), row.completedAt(), now);
    }

    /** How long a run took, or how long it has been running; null before it started. */
    public static String duration(OffsetDateTime started, OffsetDateTime completed, OffsetDateTime now) {
        if (started == null) {
            return null;
        }
        if (completed == null) {
            return "still running after " + human(Duration.between(started, now));
        }
        return human(Duration.between(started, completed));
    }

    public static String human(Duration duration) {
        long seconds = duration.getSeconds();
        if (seconds >= 86_400) {
            return String.format("%dd %dh %dm", seconds / 86_400, seconds % 86_400 / 3600, seconds % 3600 / 60);
        }
        if (seconds >= 3600) {
            return String.format("%dh %dm %ds", seconds / 3600, seconds % 3600 / 60, seconds % 60);
        }
        return String.format("%dm %ds", seconds / 60, seconds % 60);
    }

    /** A cause that is JSON (a Lambda's errorMessage, stackTrace…) indented; any other text as it is. */
    public static String pretty(String text) {
        String trimmed = text.strip();
        if (trimmed.startsWith("{") || trimmed.startsWith("[")) {
            try {
                JsonNode node = JSON.readTree(trimmed);
                return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node);
            } catch (Exception notJson) {
                return text;
            }
        }
        return text;
    }
}
