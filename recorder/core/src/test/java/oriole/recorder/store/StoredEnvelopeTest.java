package oriole.recorder.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import oriole.recorder.event.ExperimentProjection;
import oriole.recorder.lambda.BatchRecorder;
import oriole.recorder.testing.Rows;
import oriole.recorder.testing.SavedEventFiles;
import oriole.recorder.testing.TestDatabase;

/** The history keeps what the timeline and the reconciler read, not the execution's input and output. */
class StoredEnvelopeTest {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    @Test
    void theStoredEventLeavesOutInputAndOutputAndKeepsStatusErrorAndCause() throws Exception {
        try (BatchRecorder recorder = BatchRecorder.connectingTo(db.url(), ExperimentProjection.defaults(SavedEventFiles.JSON),
                SavedEventFiles.JSON)) {
            assertThat(recorder.record(SavedEventFiles.messages(SavedEventFiles.root().resolve("scenarios/06-lambda-timeout"))).failed()).isEmpty();
            assertThat(recorder.record(SavedEventFiles.messages(SavedEventFiles.root().resolve("scenarios/01-succeeded-goal-found"))).failed()).isEmpty();
        }
        try (Connection c = db.connect()) {
            List<Map<String, Object>> events = Rows.query(c, "SELECT event ->> 'id' AS id, event -> 'detail' ->> 'status' AS status,"
                    + " event -> 'detail' ->> 'error' AS error, event -> 'detail' ->> 'cause' AS cause,"
                    + " jsonb_exists(event -> 'detail', 'input') AS has_input, jsonb_exists(event -> 'detail', 'output') AS has_output,"
                    + " event -> 'detail' ->> 'executionArn' AS arn FROM execution_events");

            assertThat(events).isNotEmpty().allSatisfy(event -> {
                assertThat(event.get("has_input")).isEqualTo(false);
                assertThat(event.get("has_output")).isEqualTo(false);
                assertThat(event.get("id")).isNotNull();
                assertThat(event.get("arn")).isNotNull();
            });
            assertThat(events).filteredOn(e -> "FAILED".equals(e.get("status")))
                    .singleElement()
                    .satisfies(failed -> {
                        assertThat(failed.get("error")).isEqualTo("Sandbox.Timedout");
                        assertThat((String) failed.get("cause")).contains("Task timed out after 900.00 seconds");
                    });
            assertThat(Rows.query(c, "SELECT model_name, goal_found FROM experiments WHERE execution_name = 'exp-0001-succeeded-goal'"))
                    .as("what the projection read from input and output stays on the row")
                    .singleElement().satisfies(row -> {
                        assertThat(row.get("model_name")).isNotNull();
                        assertThat(row.get("goal_found")).isEqualTo(true);
                    });
        }
    }
}
