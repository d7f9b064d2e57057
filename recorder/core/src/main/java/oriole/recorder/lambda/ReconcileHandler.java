package oriole.recorder.lambda;

import oriole.recorder.contract.RecorderEnvironment;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import software.amazon.cloudwatchlogs.emf.environment.LambdaEnvironment;
import software.amazon.cloudwatchlogs.emf.logger.MetricsLogger;
import software.amazon.cloudwatchlogs.emf.model.Unit;
import oriole.recorder.explain.FailureExplainer;
import oriole.recorder.explain.HistoryReader;
import oriole.recorder.reconcile.ExecutionDescriber;
import oriole.recorder.reconcile.RateLimiter;
import oriole.recorder.reconcile.ReconcileOutcome;
import oriole.recorder.reconcile.Reconciler;
import oriole.recorder.store.DatabaseConnection;
import oriole.recorder.store.DiagnosticReader;
import oriole.recorder.store.StatusStore;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The scheduled reconciler: {@code oriole.recorder.lambda.ReconcileHandler::handleRequest}, invoked every
 * 15 minutes. Heals what events left behind, explains the failed runs not yet explained (their execution
 * history), then publishes its counts and the stuck-run count and 24 h
 * failure rate (the diagnostic SQL's monitoring queries) as CloudWatch metrics in Embedded Metric Format.
 */
public final class ReconcileHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {

    public static final String OLDER_THAN_VARIABLE = RecorderEnvironment.RECONCILE_OLDER_THAN_MINUTES;
    public static final String LIMIT_VARIABLE = RecorderEnvironment.RECONCILE_LIMIT;
    public static final String RATE_VARIABLE = RecorderEnvironment.RECONCILE_RATE;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, String> environment;
    private final SfnClient sfn;

    public ReconcileHandler() {
        this(System.getenv(), ExecutionDescriber.clientBuilder().build());
    }

    public ReconcileHandler(Map<String, String> environment, SfnClient sfn) {
        this.environment = environment;
        this.sfn = sfn;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> scheduledEvent, Context context) {
        String url = DatabaseUrl.resolve(environment, DatabaseUrl.secretsManager(), JSON);
        double rate = Double.parseDouble(environment.getOrDefault(RATE_VARIABLE, RecorderEnvironment.DEFAULT_RECONCILE_RATE));
        // One budget for DescribeExecution and GetExecutionHistory: their calls share the limiter.
        RateLimiter limiter = new RateLimiter(rate);
        Reconciler reconciler = new Reconciler(new ExecutionDescriber(sfn, limiter, JSON),
                StatusStore.fromEnvironment(environment), new FailureExplainer(new HistoryReader(sfn, limiter)));
        try (Connection connection = DatabaseConnection.open(url)) {
            Reconciler.Result result = reconciler.reconcile(connection,
                    Duration.ofMinutes(Long.parseLong(environment.getOrDefault(OLDER_THAN_VARIABLE, RecorderEnvironment.DEFAULT_RECONCILE_OLDER_THAN_MINUTES))),
                    Integer.parseInt(environment.getOrDefault(LIMIT_VARIABLE, RecorderEnvironment.DEFAULT_RECONCILE_LIMIT)), false);
            // One line per run whose history could not be read: the runbook's RunsWaitingForExplanation starts here.
            result.explained().failures().forEach(failure -> System.out.println("explain failed: "
                    + oriole.recorder.text.VisibleText.line(failure)));
            DiagnosticReader.Results health = DiagnosticReader.runAll(connection,
                    new DiagnosticReader.Parameters("now", "24 hours", "1 hour", "-", 1));
            Map<String, Object> metrics = new java.util.LinkedHashMap<>();
            metrics.put("Checked", result.checked());
            metrics.put("Healed", result.count(ReconcileOutcome.HEALED));
            metrics.put("StillRunning", result.count(ReconcileOutcome.STILL_RUNNING));
            metrics.put("NotFound", result.count(ReconcileOutcome.EXECUTION_DOES_NOT_EXIST));
            metrics.put("Failed", result.failures().size() + result.explained().failures().size());
            metrics.put("Explained", result.explained().explained() + result.explained().noFailure());
            metrics.put("HistoryGone", result.explained().gone());
            metrics.put("HistoryCalls", result.explained().calls());
            metrics.put("WaitingForExplanation", result.explained().waiting());
            metrics.put("StuckCount", number(health.first("stuck_count").get("stuck_count")));
            metrics.put("FailureRate24hPercent", number(health.first("failure_rate").get("failure_rate_percent")));
            publish(metrics);
            return metrics;
        } catch (Exception e) {
            throw new IllegalStateException("reconcile failed: " + e.getMessage(), e);
        }
    }

    /**
     * The counts as one Embedded Metric Format line on stdout (CloudWatch Logs turns it into metrics, no API
     * call), in the namespace the stack's alarms read, without dimensions (the library's default dimensions
     * would hide the metrics from those alarms).
     */
    private static void publish(Map<String, Object> counts) {
        MetricsLogger metrics = new MetricsLogger(new LambdaEnvironment());
        metrics.setNamespace(RecorderEnvironment.METRICS_NAMESPACE);
        metrics.setDimensions();
        counts.forEach((name, value) -> metrics.putMetric(name, ((Number) value).doubleValue(),
                name.endsWith("Percent") ? Unit.PERCENT : Unit.COUNT));
        metrics.flush();
    }

    /** A monitoring number; the failure rate is NULL when nothing finished in the window. */
    private static double number(Object value) {
        return value == null ? 0.0 : ((Number) value).doubleValue();
    }
}
