package oriole.recorder.lambda;

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

/** Every saved scenario, replayed through the Lambda handler, produces the rows its expected-rows.jsonl names. */
class ScenarioReplayTest {

    static Stream<Path> scenarios() {
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

    abstract static class Replay {
        void replayAndCheck(TestDatabase db, Path scenario, int batchSize) throws Exception {
            Path setup = scenario.resolve("setup.sql");
            if (Files.exists(setup)) {
                try (Connection c = db.connect()) {
                    Rows.execute(c, Files.readString(setup));
                }
            }
            List<QueuedMessage> messages = SavedEventFiles.messages(scenario.resolve("events.json"));
            RecorderHandler handler = new RecorderHandler(Map.of(RecorderHandler.DATABASE_URL_VARIABLE, db.url()));

            for (int from = 0; from < messages.size(); from += batchSize) {
                SQSBatchResponse response = handler.handleRequest(SavedEventFiles.sqsEvent(
                        messages.subList(from, Math.min(messages.size(), from + batchSize))), null);
                assertThat(response.getBatchItemFailures()).as("no message of a valid scenario fails").isEmpty();
            }

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
                    + " completed_at, started_at, model_name, temperature, state_machine_arn"
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
            assertThat(Rows.count(c, "SELECT count(*) FROM experiments WHERE execution_name = ? AND payload_omitted", name))
                    .as(name + " payload_omitted only when an event lacked its input or output")
                    .isEqualTo(name.equals("exp-0014-input-omitted") ? 1 : 0);
            if (expected.has("rows_for_message")) {
                assertThat(Rows.count(c, "SELECT count(*) FROM experiments WHERE sqs_message_id = ?",
                        expected.get("sqs_message_id").asText()))
                        .as(name + ": rows for its SQS message").isEqualTo(expected.get("rows_for_message").asLong());
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
