package oriole.infra;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import oriole.recorder.contract.RecorderEnvironment;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.cloudwatch.Alarm;
import software.amazon.awscdk.services.lambda.IFunction;
import software.amazon.awscdk.services.cloudwatch.ComparisonOperator;
import software.amazon.awscdk.services.cloudwatch.Dashboard;
import software.amazon.awscdk.services.cloudwatch.GraphWidget;
import software.amazon.awscdk.services.cloudwatch.IMetric;
import software.amazon.awscdk.services.cloudwatch.MathExpression;
import software.amazon.awscdk.services.cloudwatch.Metric;
import software.amazon.awscdk.services.cloudwatch.MetricOptions;
import software.amazon.awscdk.services.cloudwatch.SingleValueWidget;
import software.amazon.awscdk.services.cloudwatch.TreatMissingData;
import software.amazon.awscdk.services.cloudwatch.actions.SnsAction;
import software.amazon.awscdk.services.logs.FilterPattern;
import software.amazon.awscdk.services.logs.MetricFilter;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.stepfunctions.StateMachine;
import software.constructs.Construct;

/**
 * What tells the on-call the pipeline is in trouble, one alarm for every way it can stop, each saying what
 * it means and what to do first (the README's runbook has a line for each): events not arriving, EventBridge
 * not delivering, messages the recorder could not record (database down, credentials refused, bad
 * events), the recorder failing or throttled, the backlog, the reconciler not running or failing, stuck
 * runs. One dashboard shows the recorder's batch counts (from its JSON log line), the queues and the
 * reconciler's numbers.
 */
public final class Monitoring extends Construct {

    /** Where the batch metrics (log metric filters) and the reconciler's metrics (EMF) live. */
    public static final String NAMESPACE = RecorderEnvironment.METRICS_NAMESPACE;
    static final List<String> BATCH_COUNTS = List.of("received", "applied", "stale", "duplicate", "rejected", "failed");
    static final String RUNBOOK = " Runbook: docs/deploy.md, 'Alarms'.";

    private final StackSettings settings;
    private final List<Alarm> alarms = new ArrayList<>();
    /** Where every alarm notifies: null with -c alarms=none. */
    private final SnsAction notify;
    private final Dashboard dashboard;

    public Monitoring(Construct scope, String id, StackSettings settings, StatusQueues queues, StatusChangeRule rule,
            RecorderFunctions functions) {
        super(scope, id);
        this.settings = settings;
        notify = settings.alarmTopicArn().isEmpty() ? null
                : new SnsAction(Topic.fromTopicArn(this, "AlarmTopic", settings.alarmTopicArn()));
        Map<String, Metric> batch = new LinkedHashMap<>();
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
            batch.put(count, filter.metric().with(MetricOptions.builder().statistic("Sum").period(Duration.minutes(5)).build()));
        }
        Metric stuck = reconcilerMetric("StuckCount", "Maximum");
        Metric failureRate = reconcilerMetric("FailureRate24hPercent", "Maximum");
        Metric healed = reconcilerMetric("Healed", "Sum");
        Metric reconcileFailed = reconcilerMetric("Failed", "Sum");
        Metric waitingForExplanation = reconcilerMetric("WaitingForExplanation", "Maximum");
        Metric explained = reconcilerMetric("Explained", "Sum");

        eventsNotArriving(batch.get("applied"));
        alarm("RuleDeliveryFailed", "EventBridge could not deliver status changes to the status queue (queue policy,"
                + " encryption, or the queue is gone); it retries for 24 h, then keeps them in the rule's DLQ.",
                ruleMetric(rule, "FailedInvocations"), 1, 1, TreatMissingData.NOT_BREACHING);
        alarm("RuleDeadLetterFailed", "EventBridge could not even put undeliverable status changes in the rule's DLQ:"
                + " those events are lost; check the DLQ's policy and encryption.",
                ruleMetric(rule, "InvocationsFailedToBeSentToDlq"), 1, 1, TreatMissingData.NOT_BREACHING);
        alarm("RuleTargetDeadLetterQueueNotEmpty", "Status changes EventBridge could not deliver for 24 h are in the"
                + " rule's DLQ; fix delivery, then send them to the status queue.",
                queues.ruleDeadLetterQueue().metricApproximateNumberOfMessagesVisible(), 1, 1, TreatMissingData.NOT_BREACHING);
        alarm("RecorderFailedMessages", "The recorder reported messages it could not record for 10 minutes: the database"
                + " is unreachable or refuses the credentials ('database unavailable' log lines), or events are"
                + " malformed ('message failed'). SQS delivers them again, then moves them to the status DLQ.",
                batch.get("failed"), 1, 2, TreatMissingData.NOT_BREACHING);
        alarm("StatusDeadLetterQueueNotEmpty", "Status messages the recorder could not record are in the status DLQ; fix"
                + " the cause, then move them back with aws sqs start-message-move-task.",
                queues.statusDeadLetterQueue().metricApproximateNumberOfMessagesVisible(), 1, 1, TreatMissingData.NOT_BREACHING);
        alarm("RecorderErrors", "Recorder invocations failed as a whole (crashed, timed out or out of memory; a database"
                + " outage does not count here, see RecorderFailedMessages): their batches are retried whole.",
                functions.recorder().metricErrors(), 1, 1, TreatMissingData.NOT_BREACHING);
        alarm("RecorderThrottled", "Lambda throttled the recorder (account concurrency exhausted): the backlog grows.",
                functions.recorder().metricThrottles(), 1, 2, TreatMissingData.NOT_BREACHING);
        alarm("StatusQueueOldestMessageAge", "The recorder is more than 10 minutes behind.",
                queues.statusQueue().metricApproximateAgeOfOldestMessage(), 600, 2, TreatMissingData.NOT_BREACHING);
        alarm("ReconcilerErrors", "The reconciler Lambda failed (database or Step Functions unreachable).",
                functions.reconciler().metricErrors(), 1, 1, TreatMissingData.NOT_BREACHING);
        notRunning("ReconcilerNotRunning", functions.reconciler(), Duration.minutes(30), 1, "The reconciler ran less"
                + " than once in 30 minutes (its schedule is every 15): the schedule rule is disabled or the function cannot start.");
        alarm("PrunerErrors", "The daily prune of the history failed: execution_events keeps growing and no month"
                + " partition is added ahead until it runs again; see the pruner's log.", functions.pruner().metricErrors(),
                1, 1, TreatMissingData.NOT_BREACHING);
        notRunning("PrunerNotRunning", functions.pruner(), Duration.days(1), 2, "The pruner did not run for two days"
                + " (its schedule is daily): the history keeps growing and, after the three months ready ahead, new"
                + " events wait in execution_events_default.");
        alarm("ReconcilerFailures", "The reconciler could not ask Step Functions about some executions (its Failed"
                + " count): throttling or a missing permission; see the reconciler's log.",
                reconcileFailed, 1, 1, TreatMissingData.NOT_BREACHING);
        alarm("StuckRuns", "Runs unfinished for over an hour that Step Functions did not explain.",
                stuck, 1, 1, TreatMissingData.NOT_BREACHING);
        alarm("RunsWaitingForExplanation", "Failed runs have waited for an explanation (their failed state, Lambda and"
                + " request id, from GetExecutionHistory) through four reconciler runs: more failures than it explains"
                + " per run, or GetExecutionHistory refused (throttling, a missing permission).",
                waitingForExplanation, 1, 4, TreatMissingData.NOT_BREACHING);

        dashboard = Dashboard.Builder.create(this, "Dashboard")
                .dashboardName(settings.qualified("oriole-execution-tracking"))
                .widgets(List.of(
                        List.of(graph("Recorder batches (events per 5 min)", new ArrayList<>(batch.values())),
                                graph("Recorder invocations, errors and throttles", List.of(functions.recorder().metricInvocations(),
                                        functions.recorder().metricErrors(), functions.recorder().metricThrottles())),
                                graph("Recorder duration", List.of(functions.recorder().metricDuration()))),
                        List.of(graph("Status queue depth", List.of(queues.statusQueue().metricApproximateNumberOfMessagesVisible(),
                                        queues.statusQueue().metricApproximateNumberOfMessagesNotVisible())),
                                graph("Oldest status message (s)", List.of(queues.statusQueue().metricApproximateAgeOfOldestMessage())),
                                graph("Dead-letter queues", List.of(queues.statusDeadLetterQueue().metricApproximateNumberOfMessagesVisible(),
                                        queues.ruleDeadLetterQueue().metricApproximateNumberOfMessagesVisible()))),
                        List.of(SingleValueWidget.Builder.create().title("Stuck runs / failure rate 24 h (%)")
                                        .metrics(List.of(stuck, failureRate)).width(8).build(),
                                graph("Reconciler: healed, explained and failed executions, runs waiting for an explanation",
                                        List.of(healed, explained, reconcileFailed, waitingForExplanation)),
                                graph("EventBridge rule: failed deliveries", List.of(ruleMetric(rule, "FailedInvocations"),
                                        ruleMetric(rule, "InvocationsFailedToBeSentToDlq"))))))
                .build();
    }

    /**
     * Executions started (AWS/States, per watched state machine) but no status change applied within an hour:
     * the rule watches the wrong ARNs, another region, or EventBridge cannot deliver. With a name prefix the
     * state machines are not known at deploy time, so there is no such alarm (the README says so).
     */
    private void eventsNotArriving(Metric applied) {
        if (settings.watchedStateMachineArns().isEmpty()) {
            return;
        }
        Map<String, IMetric> using = new LinkedHashMap<>();
        List<String> started = new ArrayList<>();
        for (String arn : settings.watchedStateMachineArns()) {
            String id = "started" + started.size();
            using.put(id, Metric.Builder.create().namespace("AWS/States").metricName("ExecutionsStarted")
                    .dimensionsMap(Map.of("StateMachineArn", arn)).statistic("Sum").period(Duration.hours(1)).build());
            started.add("FILL(" + id + ", 0)");
        }
        using.put("applied", applied.with(MetricOptions.builder().period(Duration.hours(1)).build()));
        IMetric silence = MathExpression.Builder.create()
                .expression("IF((" + String.join(" + ", started) + ") > 0 AND FILL(applied, 0) == 0, 1, 0)")
                .usingMetrics(using)
                .label("executions started, no status change recorded")
                .period(Duration.hours(1))
                .build();
        alarm("EventsNotArriving", "Executions of the watched state machines started in the last hour, but the recorder"
                + " applied no status change: check the rule's state machine ARNs and region, then RuleDeliveryFailed.",
                silence, 1, 1, TreatMissingData.NOT_BREACHING);
    }

    /**
     * A scheduled function that ran less than once in {@code period} over {@code periods} periods in a row, or sent
     * no data at all: its schedule rule is disabled or it cannot start.
     */
    private void notRunning(String name, IFunction function, Duration period, int periods, String description) {
        notifying(Alarm.Builder.create(this, name)
                .alarmName(settings.qualified("oriole-" + name))
                .alarmDescription(description + RUNBOOK)
                .metric(function.metricInvocations().with(MetricOptions.builder().statistic("Sum").period(period).build()))
                .threshold(1)
                .evaluationPeriods(periods)
                .comparisonOperator(ComparisonOperator.LESS_THAN_THRESHOLD)
                .treatMissingData(TreatMissingData.BREACHING)
                .build());
    }

    private static Metric ruleMetric(StatusChangeRule rule, String name) {
        return Metric.Builder.create().namespace("AWS/Events").metricName(name)
                .dimensionsMap(Map.of("RuleName", rule.rule().getRuleName())).statistic("Sum").period(Duration.minutes(5)).build();
    }

    private Metric reconcilerMetric(String name, String statistic) {
        return Metric.Builder.create().namespace(NAMESPACE).metricName(name).statistic(statistic)
                .period(Duration.minutes(15)).build();
    }

    private void alarm(String id, String description, IMetric metric, double threshold, int periods, TreatMissingData missing) {
        notifying(Alarm.Builder.create(this, id)
                .alarmName(settings.qualified("oriole-" + id))
                .alarmDescription(description + RUNBOOK)
                .metric(metric)
                .threshold(threshold)
                .evaluationPeriods(periods)
                .comparisonOperator(ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD)
                .treatMissingData(missing)
                .build());
    }

    private void notifying(Alarm alarm) {
        if (notify != null) {
            alarm.addAlarmAction(notify);
        }
        alarms.add(alarm);
    }

    /**
     * The demo workflow: its executions are watched like any (EventsNotArriving counts them); what can stop it
     * before Step Functions is the starter, whose failures end in the experiment dead-letter queue.
     */
    public void watch(DemoWorkflow demo) {
        alarm("DemoExperimentsNotStarted", "Experiment messages the demo's starter could not turn into executions are in"
                + " the experiment dead-letter queue (StartExecution refused, or a body that is not a JSON object); see the"
                + " starter's log, then move them back with aws sqs start-message-move-task.",
                demo.experimentDeadLetterQueue().metricApproximateNumberOfMessagesVisible(), 1, 1, TreatMissingData.NOT_BREACHING);
        StateMachine machine = demo.stateMachine();
        dashboard.addWidgets(
                graph("Demo workflow: executions", List.of(machine.metricStarted(), machine.metricSucceeded(),
                        machine.metricFailed(), machine.metricTimedOut(), machine.metricAborted())),
                graph("Demo experiment queues", List.of(demo.experimentQueue().metricApproximateNumberOfMessagesVisible(),
                        demo.experimentDeadLetterQueue().metricApproximateNumberOfMessagesVisible())),
                graph("Demo starter and agent: errors", List.of(demo.starter().metricErrors(),
                        demo.runAgent().metricErrors())));
    }

    private static GraphWidget graph(String title, List<? extends IMetric> metrics) {
        return GraphWidget.Builder.create().title(title).left(new ArrayList<>(metrics)).width(8).build();
    }

    public List<Alarm> alarms() {
        return alarms;
    }
}
