package oriole.recorder.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import oriole.recorder.store.DatabaseConnection;
import oriole.recorder.store.ExecutionChange;
import oriole.recorder.store.ExperimentReader;
import oriole.recorder.store.ExperimentRow;

/** A fast wrong answer does not count: every row must be the one its execution's events call for. */
final class RowCheck {

    private RowCheck() {
    }

    /** Differences between the rows in the schema and the expected changes; empty when all match. */
    static List<String> differences(String schemaUrl, List<ExecutionChange> expected) throws SQLException {
        Map<String, ExperimentRow> rows = new HashMap<>();
        try (Connection connection = DatabaseConnection.open(schemaUrl)) {
            for (ExperimentRow row : ExperimentReader.byExecutionArns(connection,
                    expected.stream().map(ExecutionChange::executionArn).toList())) {
                rows.put(row.executionArn(), row);
            }
        }
        List<String> differences = new ArrayList<>();
        for (ExecutionChange change : expected) {
            ExperimentRow row = rows.get(change.executionArn());
            String difference = row == null ? "no row" : difference(change, row);
            if (difference != null) {
                differences.add(change.executionName() + ": " + difference);
            }
        }
        return differences;
    }

    private static String difference(ExecutionChange change, ExperimentRow row) {
        if (!change.status().name().equals(row.executionStatus())) {
            return "status " + row.executionStatus() + ", expected " + change.status();
        }
        if (!Objects.equals(change.redriveCount(), row.redriveCount())) {
            return "redrive_count " + row.redriveCount() + ", expected " + change.redriveCount();
        }
        if (!Objects.equals(change.completedAt(), instant(row.completedAt()))) {
            return "completed_at " + row.completedAt() + ", expected " + change.completedAt();
        }
        if (!Objects.equals(change.startedAt(), instant(row.startedAt()))) {
            return "started_at " + row.startedAt() + ", expected " + change.startedAt();
        }
        if (!Objects.equals(change.goalFound(), row.goalFound())) {
            return "goal_found " + row.goalFound() + ", expected " + change.goalFound();
        }
        if (!Objects.equals(change.sqsMessageId(), row.sqsMessageId())) {
            return "sqs_message_id " + row.sqsMessageId() + ", expected " + change.sqsMessageId();
        }
        if (!Objects.equals(change.failureReason(), row.failureReason())) {
            return "failure_reason " + row.failureReason() + ", expected " + change.failureReason();
        }
        return null;
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
