package oriole.recorder.demo;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.function.UnaryOperator;
import oriole.recorder.lambda.DatabaseUrl;

/**
 * A state of the workflow that writes the experiment row, as oriole's do: its input is the task's payload, its
 * statements run in one transaction, its result is the task's {@code Payload}.
 */
abstract class WorkflowStep implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    static final ObjectMapper JSON = new ObjectMapper();

    private WorkflowDatabase database;

    /** Another environment and secret source than the deployed function's: for tests. */
    final WorkflowStep connectingWith(Map<String, String> environment, UnaryOperator<String> secrets) {
        database = new WorkflowDatabase(environment, secrets, JSON);
        return this;
    }

    @Override
    public final Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        if (database == null) {
            // Deployed: the recorder's variables (the secret, or RECORDER_DB_URL), Secrets Manager to read it.
            connectingWith(System.getenv(), DatabaseUrl.secretsManager());
        }
        return database.inTransaction(connection -> run(input, connection));
    }

    abstract Map<String, Object> run(Map<String, Object> input, Connection connection) throws SQLException;

    /** {@code input.key}, which the state machine always passes: its absence is a wiring mistake. */
    static Object required(Map<String, Object> input, String key) {
        Object value = input.get(key);
        if (value == null) {
            throw new IllegalArgumentException("the task's payload lacks " + key + ": " + input.keySet());
        }
        return value;
    }

    /** {@code input.key} as an object ({@code executionContext}, {@code errorInfo}), empty when absent. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> input, String key) {
        Object value = input.get(key);
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }
}
