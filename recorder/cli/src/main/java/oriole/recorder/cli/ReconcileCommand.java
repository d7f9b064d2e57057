package oriole.recorder.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.Callable;
import oriole.recorder.explain.FailureExplainer;
import oriole.recorder.explain.HistoryReader;
import oriole.recorder.reconcile.ExecutionDescriber;
import oriole.recorder.reconcile.RateLimiter;
import oriole.recorder.reconcile.ReconcileOutcome;
import oriole.recorder.reconcile.Reconciler;
import oriole.recorder.store.DatabaseConnection;
import oriole.recorder.store.StatusStore;
import oriole.recorder.window.Interval;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sfn.SfnClient;

@Command(name = "reconcile", description = "Ask Step Functions (DescribeExecution) about rows still running longer than"
        + " --older-than and rows whose events lacked their input/output, and apply the answers through the recorder's path;"
        + " then explain up to --limit failed runs not explained yet, oldest first (GetExecutionHistory: the failed state,"
        + " its Lambda, the request id).")
final class ReconcileCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    DatabaseOption database;

    @Mixin
    StepFunctionsOptions stepFunctions;

    @Option(names = "--older-than", defaultValue = "15m", converter = Converters.IntervalConverter.class,
            description = "Ask about runs open longer than this (default: ${DEFAULT-VALUE})")
    Interval olderThan;

    @Option(names = "--limit", defaultValue = "500", description = "At most this many executions per run (default: ${DEFAULT-VALUE})")
    int limit;

    @Option(names = "--dry-run", description = "Ask and report, write nothing")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        stepFunctions.requireAws();
        return database.run(this::withDatabase);
    }

    private Integer withDatabase(String url) throws Exception {
        try (SfnClient sfn = stepFunctions.client(); Connection connection = DatabaseConnection.open(url)) {
            // DescribeExecution and GetExecutionHistory share one budget (--rate).
            RateLimiter limiter = stepFunctions.limiter();
            Reconciler reconciler = new Reconciler(new ExecutionDescriber(sfn, limiter, JSON),
                    StatusStore.fromEnvironment(System.getenv()), new FailureExplainer(new HistoryReader(sfn, limiter)));
            Reconciler.Result result = reconciler.reconcile(connection, Duration.ofSeconds(olderThan.seconds()), limit, dryRun);
            result.details().forEach(System.out::println);
            result.failures().forEach(failure -> System.out.println("FAILED " + failure));
            System.out.printf("reconcile%s: %d checked, %d healed, %d still running, %d unchanged, %d not found, %d failed%n",
                    dryRun ? " (dry run, nothing written)" : "", result.checked(), result.count(ReconcileOutcome.HEALED),
                    result.count(ReconcileOutcome.STILL_RUNNING), result.count(ReconcileOutcome.UNCHANGED),
                    result.count(ReconcileOutcome.EXECUTION_DOES_NOT_EXIST), result.failures().size());
            FailureExplainer.Result explained = result.explained();
            explained.details().forEach(System.out::println);
            explained.failures().forEach(failure -> System.out.println("FAILED " + failure));
            System.out.printf("explain%s: %d failed run(s) read, %d explained, %d without a failed state, %d history gone,"
                    + " %d failed, %d GetExecutionHistory call(s); %d still waiting for an explanation%n",
                    dryRun ? " (dry run, nothing written)" : "", explained.checked(), explained.explained(),
                    explained.noFailure(), explained.gone(), explained.failures().size(), explained.calls(), explained.waiting());
            return result.failures().isEmpty() && explained.failures().isEmpty() ? RecorderCommand.OK : RecorderCommand.REJECTED;
        } catch (SdkClientException e) {
            throw new CommandFailure("Step Functions: " + e.getMessage());
        }
    }
}
