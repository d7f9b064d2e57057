package oriole.recorder.demo;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * {@code StartExperiment}, the workflow's first state: creates the experiment row with oriole's own INSERT
 * ({@code db/oriole-workflow/start-experiment.sql}) from the payload oriole's stack builds: the execution's
 * input with {@code executionContext {executionArn, executionName, sqsMessageId}} from {@code $$.Execution}.
 * Returns {@code {experimentId}}, the id the later states update.
 */
public final class StartExperimentHandler extends WorkflowStep {

    @Override
    Map<String, Object> run(Map<String, Object> input, Connection connection) throws SQLException {
        Map<String, Object> execution = object(input, "executionContext");
        long id = OrioleStatement.START_EXPERIMENT.insertReturningId(connection, input.get("modelName"),
                input.get("temperature"), required(execution, "executionArn"), required(execution, "executionName"),
                execution.get("sqsMessageId"));
        return Map.of("experimentId", id);
    }
}
