package oriole.infra;

import oriole.recorder.contract.RecorderEnvironment;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.Duration;
import software.amazon.awscdk.services.ec2.SecurityGroup;
import software.amazon.awscdk.services.events.Rule;
import software.amazon.awscdk.services.events.Schedule;
import software.amazon.awscdk.services.events.targets.LambdaFunction;
import software.amazon.awscdk.services.iam.PolicyStatement;
import software.amazon.awscdk.services.iam.Role;
import software.amazon.awscdk.services.lambda.Alias;
import software.amazon.awscdk.services.lambda.Function;
import software.amazon.awscdk.services.lambda.SnapStartConf;
import software.amazon.awscdk.services.lambda.eventsources.SqsEventSource;
import software.amazon.awscdk.services.logs.LogGroup;
import software.constructs.Construct;

/**
 * The recorder (fed by the status queue) and the scheduled reconciler: the same lean jar, in the
 * database's VPC, each with a role holding exactly what it needs.
 */
public final class RecorderFunctions extends Construct {

    /** A batch of 10 is folded and written in ~10 ms; 30 s leaves room for a reconnect after a failover. */
    public static final Duration RECORDER_TIMEOUT = Duration.seconds(30);
    /** Events come one per transition: small batches keep latency low, 1 s of batching absorbs bursts. */
    public static final int BATCH_SIZE = 10;
    public static final Duration BATCHING_WINDOW = Duration.seconds(1);
    /** At most this many recorders (so database connections) at once, whatever the backlog. */
    public static final int MAXIMUM_CONCURRENCY = 5;
    public static final String RECORDER_HANDLER = RecorderEnvironment.RECORDER_HANDLER;
    public static final String RECONCILER_HANDLER = RecorderEnvironment.RECONCILER_HANDLER;

    private final DatabaseAccess database;
    private final Function recorder;
    private final LogGroup recorderLogs;
    private final Alias recorderLive;
    private final Function reconciler;
    private final Function pruner;

    public RecorderFunctions(Construct scope, String id, StackSettings settings, StatusQueues queues) {
        super(scope, id);
        database = new DatabaseAccess(this, settings);
        SecurityGroup functions = database.clients(this, "FunctionsSecurityGroup", "oriole recorder and reconciler");

        Role recorderRole = JavaFunctions.vpcRole(this, "RecorderRole");
        recorderLogs = JavaFunctions.logGroup(this, "RecorderLogs", recorderRole);
        recorder = database.place(JavaFunctions.function(this, "Recorder", "Records Step Functions execution status changes in PostgreSQL",
                RECORDER_HANDLER, recorderRole, RECORDER_TIMEOUT, settings.recorderJar()), functions, Map.of(
                        RecorderEnvironment.MESSAGE_ID_POINTER, RecorderEnvironment.DEFAULT_MESSAGE_ID_POINTER,
                        RecorderEnvironment.GOAL_FOUND_POINTER, RecorderEnvironment.DEFAULT_GOAL_FOUND_POINTER,
                        RecorderEnvironment.MODEL_NAME_POINTER, RecorderEnvironment.DEFAULT_MODEL_NAME_POINTER,
                        RecorderEnvironment.TEMPERATURE_POINTER, RecorderEnvironment.DEFAULT_TEMPERATURE_POINTER,
                        RecorderEnvironment.CAUGHT_ERROR_POINTER, RecorderEnvironment.DEFAULT_CAUGHT_ERROR_POINTER))
                .logGroup(recorderLogs)
                .snapStart(SnapStartConf.ON_PUBLISHED_VERSIONS)
                .build();
        recorderLive = Alias.Builder.create(this, "RecorderLive")
                .aliasName("live")
                .version(recorder.getCurrentVersion())
                .build();
        recorderLive.addEventSource(SqsEventSource.Builder.create(queues.statusQueue())
                .batchSize(BATCH_SIZE)
                .maxBatchingWindow(BATCHING_WINDOW)
                .reportBatchItemFailures(true)
                .maxConcurrency(MAXIMUM_CONCURRENCY)
                .build());
        database.grantSecretRead(recorderRole);

        Role reconcilerRole = JavaFunctions.vpcRole(this, "ReconcilerRole");
        reconciler = database.place(JavaFunctions.function(this, "Reconciler", "Asks Step Functions about runs the events left behind, every 15 minutes",
                RECONCILER_HANDLER, reconcilerRole, Duration.minutes(5), settings.recorderJar()), functions, Map.of(
                        RecorderEnvironment.RECONCILE_OLDER_THAN_MINUTES, RecorderEnvironment.DEFAULT_RECONCILE_OLDER_THAN_MINUTES,
                        RecorderEnvironment.RECONCILE_LIMIT, RecorderEnvironment.DEFAULT_RECONCILE_LIMIT,
                        RecorderEnvironment.RECONCILE_RATE, RecorderEnvironment.DEFAULT_RECONCILE_RATE))
                .logGroup(JavaFunctions.logGroup(this, "ReconcilerLogs", reconcilerRole))
                // One run at a time: two reconcilers would ask Step Functions the same questions.
                .reservedConcurrentExecutions(1)
                .build();
        database.grantSecretRead(reconcilerRole);
        // DescribeExecution (healing) and GetExecutionHistory (why a run failed), on the watched state machines'
        // executions only: ListExecutions is for the backfill command, run with the operator's credentials.
        reconcilerRole.addToPolicy(PolicyStatement.Builder.create()
                .actions(List.of("states:DescribeExecution", "states:GetExecutionHistory"))
                .resources(settings.executionResources())
                .build());
        Role prunerRole = JavaFunctions.vpcRole(this, "PrunerRole");
        pruner = database.place(JavaFunctions.function(this, "Pruner", "Removes history (execution_events) older than the retention, once a day",
                RecorderEnvironment.PRUNE_HANDLER, prunerRole, Duration.minutes(15), settings.recorderJar()), functions,
                        Map.of(RecorderEnvironment.HISTORY_RETENTION_DAYS, Integer.toString(settings.historyRetentionDays())))
                .logGroup(JavaFunctions.logGroup(this, "PrunerLogs", prunerRole))
                .reservedConcurrentExecutions(1)
                .build();
        database.grantSecretRead(prunerRole);
        Rule.Builder.create(this, "PruneSchedule")
                .description("Prunes the recorder's history once a day")
                .schedule(Schedule.rate(Duration.days(1)))
                .targets(List.of(new LambdaFunction(pruner)))
                .build();
        Rule.Builder.create(this, "ReconcileSchedule")
                .description("Runs the reconciler every 15 minutes")
                .schedule(Schedule.rate(Duration.minutes(15)))
                .targets(List.of(new LambdaFunction(reconciler)))
                .build();
    }

    /** How these functions reach the database: the demo's workflow states reach it the same way. */
    DatabaseAccess databaseAccess() {
        return database;
    }

    public Function recorder() {
        return recorder;
    }

    public LogGroup recorderLogs() {
        return recorderLogs;
    }

    public Alias recorderLive() {
        return recorderLive;
    }

    public Function reconciler() {
        return reconciler;
    }

    public Function pruner() {
        return pruner;
    }
}
