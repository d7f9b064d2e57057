package oriole.recorder.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import oriole.recorder.contract.RecorderEnvironment;
import oriole.recorder.store.DatabaseConnection;
import oriole.recorder.store.HistoryPruner;

/**
 * The scheduled retention of the history: {@code oriole.recorder.lambda.PruneHandler::handleRequest}, once a
 * day, removes the {@code execution_events} received more than {@code RECORDER_HISTORY_RETENTION_DAYS} ago
 * (default 400) and creates the month partitions ahead. Experiments rows are never removed.
 */
public final class PruneHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> environment;

    public PruneHandler() {
        this(System.getenv());
    }

    public PruneHandler(Map<String, String> environment) {
        this.environment = environment;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> scheduledEvent, Context context) {
        long days = Long.parseLong(environment.getOrDefault(RecorderEnvironment.HISTORY_RETENTION_DAYS,
                RecorderEnvironment.DEFAULT_HISTORY_RETENTION_DAYS));
        Instant cutoff = Instant.now().minus(Duration.ofDays(days));
        String url = DatabaseUrl.resolve(environment, DatabaseUrl.secretsManager(), JSON);
        try (Connection connection = DatabaseConnection.open(url)) {
            HistoryPruner.Result result = HistoryPruner.prune(connection, cutoff);
            Map<String, Object> summary = Map.of("message", "history pruned", "cutoff", cutoff.toString(),
                    "events_removed", result.events(), "retention_days", days,
                    "partitions_dropped", result.partitionsDropped(), "partitions_added", result.partitionsAdded());
            System.out.println(JSON.writeValueAsString(summary));
            return summary;
        } catch (Exception e) {
            throw new IllegalStateException("prune failed: " + e.getMessage(), e);
        }
    }
}
