package oriole.recorder.lambda;

import oriole.recorder.contract.QueuedMessage;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import oriole.recorder.testing.Rows;
import oriole.recorder.testing.SavedEventFiles;
import oriole.recorder.testing.TestDatabase;

/**
 * Every saved scenario produces the rows its expected-rows.jsonl names, replayed through the Lambda handler
 * one event per batch and all in one batch (through an SQS queue: the command line's ScenarioReplayViaSqsTest).
 */
public class ScenarioReplayTest {

    public static Stream<Path> scenarios() {
        return SavedEventFiles.scenarios().stream();
    }

    @Nested
    class EachEventInItsOwnBatch extends Replay {
        @RegisterExtension
        static final TestDatabase db = TestDatabase.migrated();

        @ParameterizedTest(name = "{0}")
        @MethodSource("oriole.recorder.lambda.ScenarioReplayTest#scenarios")
        void producesTheExpectedRows(Path scenario) throws Exception {
            replayAndCheck(db, scenario, 1);
        }
    }

    @Nested
    class WholeScenarioInOneBatch extends Replay {
        @RegisterExtension
        static final TestDatabase db = TestDatabase.migrated();

        @ParameterizedTest(name = "{0}")
        @MethodSource("oriole.recorder.lambda.ScenarioReplayTest#scenarios")
        void producesTheExpectedRows(Path scenario) throws Exception {
            replayAndCheck(db, scenario, 10_000);
        }
    }

    public abstract static class Replay {
        void replayAndCheck(TestDatabase db, Path scenario, int batchSize) throws Exception {
            setUp(db, scenario);
            List<QueuedMessage> messages = SavedEventFiles.messages(scenario.resolve("events.json"));
            RecorderHandler handler = new RecorderHandler(Map.of(RecorderHandler.DATABASE_URL_VARIABLE, db.url()));

            for (int from = 0; from < messages.size(); from += batchSize) {
                SQSBatchResponse response = handler.handleRequest(SavedEventFiles.sqsEvent(
                        messages.subList(from, Math.min(messages.size(), from + batchSize))), null);
                assertThat(response.getBatchItemFailures()).as("no message of a valid scenario fails").isEmpty();
            }
            check(db, scenario, messages);
        }

        public static void setUp(TestDatabase db, Path scenario) throws Exception {
            Path setup = scenario.resolve("setup.sql");
            if (Files.exists(setup)) {
                try (Connection c = db.connect()) {
                    Rows.execute(c, Files.readString(setup));
                }
            }
        }

        public static void check(TestDatabase db, Path scenario, List<QueuedMessage> messages) throws Exception {
            try (Connection c = db.connect()) {
                for (JsonNode expected : expectedRows(scenario)) {
                    checkRow(c, expected);
                }
                Set<String> eventIds = new HashSet<>();
                Set<String> arns = new HashSet<>();
                for (QueuedMessage message : messages) {
                    JsonNode event = SavedEventFiles.JSON.readTree(message.body());
                    eventIds.add(event.get("id").asText());
                    arns.add(event.get("detail").get("executionArn").asText());
                }
                assertThat(Rows.count(c, "SELECT count(*) FROM execution_events WHERE execution_arn = ANY (?)",
                        c.createArrayOf("text", arns.toArray())))
                        .as("one history row per distinct event id").isEqualTo(eventIds.size());
            }
        }

        private static void checkRow(Connection c, JsonNode expected) throws SQLException {
            String name = expected.get("execution_name").asText();
            List<Map<String, Object>> rows = Rows.query(c, "SELECT execution_status, goal_found,"
                    + " last_error ->> 'kind' AS kind, last_error, failure_reason, redrive_count, sqs_message_id,"
                    + " completed_at, started_at, model_name, temperature, state_machine_arn, payload_omitted,"
                    + " pre_created, last_error ->> 'cause' AS cause, last_error ->> 'error' AS error,"
                    + " (last_error -> 'cleaned') IS NOT NULL AS cleaned, to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS\"Z\"') AS started"
                    + " FROM experiments WHERE execution_name = ?", name);
            assertThat(rows).as("one row for " + name).hasSize(1);
            Map<String, Object> row = rows.get(0);
            assertThat(row.get("execution_status")).as(name + " status").isEqualTo(expected.get("execution_status").asText());
            assertThat(row.get("goal_found")).as(name + " goal_found").isEqualTo(nullable(expected, "goal_found"));
            assertThat(row.get("kind")).as(name + " kind").isEqualTo(nullable(expected, "kind"));
            assertThat(row.get("last_error") == null).as(name + " last_error only for failures")
                    .isEqualTo(expected.get("kind").isNull());
            assertThat(row.get("failure_reason") == null).as(name + " failure_reason only for failures")
                    .isEqualTo(expected.get("kind").isNull());
            if (expected.has("failure_reason_contains")) {
                assertThat((String) row.get("failure_reason")).as(name + " failure_reason")
                        .contains(expected.get("failure_reason_contains").asText());
            }
            assertThat(row.get("redrive_count")).as(name + " redrive_count").isEqualTo(expected.get("redrive_count").asInt());
            assertThat(row.get("sqs_message_id")).as(name + " sqs_message_id").isEqualTo(nullable(expected, "sqs_message_id"));
            assertThat(row.get("completed_at") != null).as(name + " completed").isEqualTo(expected.get("completed").asBoolean());
            assertThat(row.get("started_at")).as(name + " started_at").isNotNull();
            assertThat(row.get("state_machine_arn")).as(name + " state_machine_arn").isNotNull();
            assertThat(row.get("model_name")).as(name + " model_name").isEqualTo(nullable(expected, "model_name"));
            JsonNode temperature = expected.get("temperature");
            if (temperature.isNull()) {
                assertThat(row.get("temperature")).as(name + " temperature").isNull();
            } else {
                assertThat((BigDecimal) row.get("temperature")).as(name + " temperature")
                        .isEqualByComparingTo(temperature.decimalValue());
            }
            assertThat(Boolean.TRUE.equals(row.get("payload_omitted")))
                    .as(name + " payload_omitted only when an event lacked its input or output")
                    .isEqualTo(expected.path("payload_omitted").asBoolean(false));
            if (expected.has("pre_created_row")) {
                assertThat(Boolean.TRUE.equals(row.get("pre_created"))).as(name + " holds the pre-created row")
                        .isEqualTo(expected.get("pre_created_row").asBoolean());
            }
            if (expected.has("last_error_cleaned")) {
                assertThat(row.get("cleaned")).as(name + " last_error says it was cleaned")
                        .isEqualTo(expected.get("last_error_cleaned").asBoolean());
            }
            if (expected.has("started_at")) {
                assertThat(row.get("started")).as(name + " started_at").isEqualTo(expected.get("started_at").asText());
            }
            checkText(expected, "cause", (String) row.get("cause"), name);
            checkText(expected, "error", (String) row.get("error"), name);
            if (expected.has("rows_for_message")) {
                assertThat(Rows.count(c, "SELECT count(*) FROM experiments WHERE sqs_message_id = ?",
                        expected.get("sqs_message_id").asText()))
                        .as(name + ": rows for its SQS message").isEqualTo(expected.get("rows_for_message").asLong());
            }
        }

        /** {@code <column>_characters}, {@code _contains}, {@code _starts_with}: lengths in code points, as AWS counts. */
        private static void checkText(JsonNode expected, String column, String value, String name) {
            if (expected.has(column + "_characters")) {
                assertThat(value.codePointCount(0, value.length())).as(name + " " + column + " characters")
                        .isEqualTo(expected.get(column + "_characters").asInt());
            }
            if (expected.has(column + "_contains")) {
                assertThat(value).as(name + " " + column).contains(expected.get(column + "_contains").asText());
            }
            if (expected.has(column + "_starts_with")) {
                assertThat(value).as(name + " " + column).startsWith(expected.get(column + "_starts_with").asText());
            }
        }

        private static Object nullable(JsonNode expected, String field) {
            JsonNode value = expected.get(field);
            if (value == null || value.isNull()) {
                return null;
            }
            return value.isBoolean() ? (Object) value.asBoolean() : value.asText();
        }

        private static List<JsonNode> expectedRows(Path scenario) throws IOException {
            return Files.readAllLines(scenario.resolve("expected-rows.jsonl")).stream()
                    .filter(line -> !line.isBlank())
                    .map(line -> {
                        try {
                            return SavedEventFiles.JSON.readTree(line);
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                    })
                    .toList();
        }
    }
}
