package oriole.recorder.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import oriole.recorder.contract.RecorderEnvironment;
import oriole.recorder.testing.TestDatabase;

/**
 * The workflow's own writes, state by state, as the state machine's payloads drive them: StartExperiment
 * creates the row, FinalizeExperiment or FinalizeOnError end it, each with oriole's statement, through the
 * recorder's database secret.
 */
class WorkflowStepsTest {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    static final ObjectMapper JSON = new ObjectMapper();
    static final String SECRET_ARN = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-0a1b2c3d-4e5f-AbCdEf";
    static final String EXECUTIONS = "arn:aws:states:us-east-1:123456789012:execution:oriole-demo-experiment-prod:";

    /** The stack's variables for an RDS-managed secret (credentials only), the host from the context. */
    static Map<String, String> deployedEnvironment() {
        URI server = URI.create(db.url().substring("jdbc:".length()));
        return Map.of(RecorderEnvironment.DATABASE_SECRET_ARN, SECRET_ARN,
                RecorderEnvironment.DATABASE_HOST, server.getHost(),
                RecorderEnvironment.DATABASE_PORT, Integer.toString(server.getPort()),
                RecorderEnvironment.DATABASE_NAME, server.getPath().substring(1),
                // the test server speaks no TLS; deployed, the mode is require or verify-full
                RecorderEnvironment.DATABASE_SSL_MODE, "disable");
    }

    /** Secrets Manager's answer for the secret: the test server's user and password, as an RDS-managed secret holds them. */
    static UnaryOperator<String> secrets() {
        String query = URI.create(db.url().substring("jdbc:".length())).getQuery();
        Map<String, String> credentials = new LinkedHashMap<>(Map.of("username", "postgres", "password", "unused-with-trust-auth"));
        for (String parameter : query == null ? new String[0] : query.split("&")) {
            String[] pair = parameter.split("=", 2);
            if (pair[0].equals("user")) {
                credentials.put("username", pair[1]);
            } else if (pair[0].equals("password")) {
                credentials.put("password", pair[1]);
            }
        }
        return arn -> {
            assertThat(arn).isEqualTo(SECRET_ARN);
            try {
                return JSON.writeValueAsString(credentials);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    static long start(String name, Object temperature) {
        Map<String, Object> payload = Map.of("modelName", "demo-small", "temperature", temperature, "behavior", "goal",
                "messageId", name, "executionContext", Map.of("executionArn", EXECUTIONS + name, "executionName", name,
                        "sqsMessageId", name));
        Map<String, Object> started = new StartExperimentHandler().connectingWith(deployedEnvironment(), secrets()).handleRequest(payload, null);
        return ((Number) started.get("experimentId")).longValue();
    }

    @Test
    void startExperimentCreatesTheRunningRowWithTheExecutionsArnNameAndMessage() throws Exception {
        Instant before = Instant.now().minusSeconds(1);
        long id = start("3f2c1b0a-0001", 0.7);

        JsonNode row = row(id);
        assertThat(row.get("model_name").asText()).isEqualTo("demo-small");
        assertThat(row.get("temperature").decimalValue()).isEqualByComparingTo("0.7");
        assertThat(row.get("execution_arn").asText()).isEqualTo(EXECUTIONS + "3f2c1b0a-0001");
        assertThat(row.get("execution_name").asText()).isEqualTo("3f2c1b0a-0001");
        assertThat(row.get("execution_status").asText()).isEqualTo("RUNNING");
        assertThat(row.get("sqs_message_id").asText()).isEqualTo("3f2c1b0a-0001");
        assertThat(Instant.parse(row.get("started_at").asText())).isAfter(before);
        assertThat(row.get("completed_at").isNull()).isTrue();
    }

    @Test
    void finalizeExperimentSucceedsWithTheGoalAndReturnsTheExecutionsOutput() throws Exception {
        long id = start("3f2c1b0a-0002", 0.2);

        Map<String, Object> output = new FinalizeExperimentHandler().connectingWith(deployedEnvironment(), secrets())
                .handleRequest(Map.of("experimentId", id, "goalFound", false), null);

        assertThat(output).isEqualTo(Map.of("experimentId", id, "goalFound", false));
        JsonNode row = row(id);
        assertThat(row.get("execution_status").asText()).isEqualTo("SUCCEEDED");
        assertThat(row.get("goal_found").asBoolean(true)).isFalse();
        assertThat(row.get("completed_at").isNull()).isFalse();
    }

    /** Oriole's rule: TIMED_OUT when the error's name contains "Timeout"; Lambda's own timeout (Sandbox.Timedout) does not. */
    @Test
    void finalizeOnErrorWritesOriolesStatusLastErrorAndReason() throws Exception {
        Map<String, String> statuses = Map.of("States.Timeout", "TIMED_OUT", "Sandbox.Timedout", "FAILED",
                "java.lang.IllegalStateException", "FAILED");
        for (Map.Entry<String, String> error : statuses.entrySet()) {
            long id = start("3f2c1b0a-" + error.getKey(), 0.5);
            String cause = "{\"errorMessage\":\"the agent crashed on purpose\",\"errorType\":\"" + error.getKey() + "\"}";

            Map<String, Object> result = new FinalizeOnErrorHandler().connectingWith(deployedEnvironment(), secrets()).handleRequest(Map.of(
                    "experimentId", id, "success", false, "failureReason", cause,
                    "errorInfo", Map.of("Error", error.getKey(), "Cause", cause)), null);

            assertThat(result.get("executionStatus")).isEqualTo(error.getValue());
            JsonNode row = row(id);
            assertThat(row.get("execution_status").asText()).as(error.getKey()).isEqualTo(error.getValue());
            assertThat(row.get("failure_reason").asText()).isEqualTo(cause);
            JsonNode lastError = JSON.readTree(row.get("last_error").asText());
            assertThat(lastError.get("error").asText()).isEqualTo(error.getKey());
            assertThat(lastError.get("cause").asText()).isEqualTo(cause);
            assertThat(lastError.get("timestamp").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
            assertThat(row.get("completed_at").isNull()).isFalse();
        }
    }

    @Test
    void aSecretLackingTheHostFailsTheStepWithTheRecordersReason() {
        Map<String, String> noHost = new LinkedHashMap<>(deployedEnvironment());
        noHost.remove(RecorderEnvironment.DATABASE_HOST);

        assertThatThrownBy(() -> new FinalizeExperimentHandler().connectingWith(noHost, secrets())
                .handleRequest(Map.of("experimentId", 1, "goalFound", true), null))
                .hasMessageContaining("the database secret lacks host");
        assertThatThrownBy(() -> new FinalizeExperimentHandler().connectingWith(deployedEnvironment(), secrets())
                .handleRequest(Map.of("goalFound", true), null))
                .hasMessageContaining("the task's payload lacks experimentId");
    }

    /** The row as JSON (PostgreSQL's own row_to_json), for readable assertions. */
    static JsonNode row(long id) throws Exception {
        try (Connection connection = db.connect();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT row_to_json(e)::text FROM (SELECT model_name, temperature, execution_arn, execution_name,"
                                + " execution_status, sqs_message_id, goal_found, failure_reason, last_error::text AS last_error,"
                                + " to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS.US\"Z\"') AS started_at,"
                                + " completed_at FROM experiments WHERE id = ?) e")) {
            select.setLong(1, id);
            try (ResultSet rows = select.executeQuery()) {
                assertThat(rows.next()).as("row " + id).isTrue();
                return JSON.readTree(rows.getString(1));
            }
        }
    }
}
