package oriole.infra;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.SingleValueWidget;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.logs.FilterPattern;
import software.amazon.awscdk.services.logs.MetricFilter;
import software.amazon.awscdk.services.sns.Topic;
import software.constructs.Construct;

/**
 * What tells a person the pipeline is in trouble: alarms on both dead-letter queues, on the age of the
 * oldest status message, on recorder errors and on stuck runs; and one dashboard with the recorder's batch
 * counts (from its JSON log line), the queues, and the reconciler's stuck and failure numbers.
 */
public final class Monitoring extends Construct {

    /** Where the batch metrics (log metric filters) and the reconciler's metrics (EMF) live. */
    public static final String NAMESPACE = "oriole/ExecutionTracking";
    static final List<String> BATCH_COUNTS = List.of("received", "applied", "stale", "duplicate", "rejected", "failed");

    private final List<Alarm> alarms = new ArrayList<>();

    public Monitoring(Construct scope, String id, StackSettings settings, StatusQueues queues, RecorderFunctions functions) {
        super(scope, id);
        List<IMetric> batchMetrics = new ArrayList<>();
        for (String count : BATCH_COUNTS) {
            String name = "Batch" + Character.toUpperCase(count.charAt(0)) + count.substring(1);
            MetricFilter filter = MetricFilter.Builder.create(this, name + "Filter")
                    .logGroup(functions.recorderLogs())
                    .filterPattern(FilterPattern.stringValue("$.message", "=", "batch recorded"))
                    .metricNamespace(NAMESPACE)
                    .metricName(name)
                    .metricValue("$." + count)
                    .defaultValue(0)
                    .build();
            batchMetrics.add(filter.metric().with(software.amazon.awscdk.services.cloudwatch.MetricOptions.builder()
                    .statistic("Sum").period(Duration.minutes(5)).build()));
        }
        Metric stuck = reconcilerMetric("StuckCount", "Maximum");
        Metric failureRate = reconcilerMetric("FailureRate24hPercent", "Maximum");
        Metric healed = reconcilerMetric("Healed", "Sum");

        alarm("StatusDeadLetterQueueNotEmpty", "Status messages the recorder could not record are in the status DLQ",
                queues.statusDeadLetterQueue().metricApproximateNumberOfMessagesVisible(), 1, 1);
        alarm("RuleTargetDeadLetterQueueNotEmpty", "Events EventBridge could not deliver to the status queue for 24 h",
                queues.ruleDeadLetterQueue().metricApproximateNumberOfMessagesVisible(), 1, 1);
        alarm("StatusQueueOldestMessageAge", "The recorder is more than 10 minutes behind",
                queues.statusQueue().metricApproximateAgeOfOldestMessage(), 600, 2);
        alarm("RecorderErrors", "The recorder Lambda failed whole invocations (database down or misconfigured)",
                functions.recorder().metricErrors(), 1, 1);
        alarm("ReconcilerErrors", "The reconciler Lambda failed", functions.reconciler().metricErrors(), 1, 1);
        alarm("StuckRuns", "Runs unfinished for over an hour that Step Functions did not explain", stuck, 1, 1);
        if (!settings.alarmTopicArn().isEmpty()) {
            SnsAction notify = new SnsAction(Topic.fromTopicArn(this, "AlarmTopic", settings.alarmTopicArn()));
            alarms.forEach(alarm -> alarm.addAlarmAction(notify));
        }

        Dashboard.Builder.create(this, "Dashboard")
                .dashboardName("oriole-execution-tracking")
                .widgets(List.of(
                        List.of(graph("Recorder batches (events per 5 min)", batchMetrics),
                                graph("Recorder invocations and errors", List.of(functions.recorder().metricInvocations(),
                                        functions.recorder().metricErrors(), functions.recorder().metricThrottles())),
                                graph("Recorder duration", List.of(functions.recorder().metricDuration()))),
                        List.of(graph("Status queue depth", List.of(queues.statusQueue().metricApproximateNumberOfMessagesVisible(),
                                        queues.statusQueue().metricApproximateNumberOfMessagesNotVisible())),
                                graph("Oldest status message (s)", List.of(queues.statusQueue().metricApproximateAgeOfOldestMessage())),
                                graph("Dead-letter queues", List.of(queues.statusDeadLetterQueue().metricApproximateNumberOfMessagesVisible(),
                                        queues.ruleDeadLetterQueue().metricApproximateNumberOfMessagesVisible()))),
                        List.of(SingleValueWidget.Builder.create().title("Stuck runs / failure rate 24 h (%)")
                                        .metrics(List.of(stuck, failureRate)).width(8).build(),
                                graph("Reconciler: healed runs", List.of(healed)))))
                .build();
    }

    private Metric reconcilerMetric(String name, String statistic) {
        return Metric.Builder.create().namespace(NAMESPACE).metricName(name).statistic(statistic)
                .period(Duration.minutes(15)).build();
    }

    private void alarm(String id, String description, IMetric metric, double threshold, int periods) {
        alarms.add(Alarm.Builder.create(this, id)
                .alarmDescription(description)
                .metric(metric)
                .threshold(threshold)
                .evaluationPeriods(periods)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(TreatMissingData.NOT_BREACHING)
                .build());
    }

    private static GraphWidget graph(String title, List<? extends IMetric> metrics) {
        return GraphWidget.Builder.create().title(title).left(new ArrayList<>(metrics)).width(8).build();
    }

    public List<Alarm> alarms() {
        return alarms;
    }

}
