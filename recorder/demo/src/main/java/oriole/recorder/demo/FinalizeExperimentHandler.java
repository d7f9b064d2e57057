package oriole.recorder.demo;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

/**
 * {@code FinalizeExperiment}, the success path's last state: oriole's own UPDATE
 * ({@code db/oriole-workflow/finalize-experiment.sql}) sets SUCCEEDED, {@code goal_found} and
 * {@code completed_at}. Returns {@code {experimentId, goalFound}}, the execution's output, where the recorder
 * reads the goal ({@code /goalFound}).
 */
public final class FinalizeExperimentHandler extends WorkflowStep {

    @Override
    Map<String, Object> run(Map<String, Object> input, Connection connection) throws SQLException {
        Object id = required(input, "experimentId");
        Object goalFound = required(input, "goalFound");
        OrioleStatement.FINALIZE_EXPERIMENT.update(connection, goalFound, id);
        return Map.of("experimentId", id, "goalFound", goalFound);
    }
}
