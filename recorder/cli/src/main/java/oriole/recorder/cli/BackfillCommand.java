package oriole.recorder.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import oriole.recorder.reconcile.Backfill;
import oriole.recorder.reconcile.ExecutionDescriber;
import oriole.recorder.reconcile.RateLimiter;
import oriole.recorder.store.DatabaseConnection;
import oriole.recorder.store.StatusStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sfn.SfnClient;

@Command(name = "backfill", description = "Record a state machine's executions that have no row, or a row without status"
        + " (experiments from before tracking): ListExecutions, then DescribeExecution for each missing one.")
final class BackfillCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    DatabaseOption database;

    @Mixin
    StepFunctionsOptions stepFunctions;

    @Option(names = "--state-machine-arn", required = true, description = "The state machine whose executions to record")
    String stateMachineArn;

    @Option(names = "--since", paramLabel = "DATE", description = "Only executions started on or after this date (2026-01-31) or instant (default: all)")
    String since;

    @Override
    public Integer call() throws Exception {
        stepFunctions.requireAws();
        return database.run(this::withDatabase);
    }

    private Integer withDatabase(String url) throws Exception {
        Instant from = since == null ? null : parseSince(since);
        try (SfnClient sfn = stepFunctions.client(); Connection connection = DatabaseConnection.open(url);
                ProgressBar progress = progressBar()) {
            RateLimiter limiter = stepFunctions.limiter();
            Backfill backfill = new Backfill(sfn, limiter, new ExecutionDescriber(sfn, limiter, JSON),
                    StatusStore.fromEnvironment(System.getenv()));
            Backfill.Result result = backfill.run(connection, stateMachineArn, from, done -> {
                progress.maxHint(done);
                progress.stepTo(done);
            });
            progress.close();
            System.out.printf("backfill: %d execution(s) listed, %d already tracked, %d recorded, %d not found%n",
                    result.listed(), result.alreadyTracked(), result.recorded(), result.notFound());
        } catch (SdkClientException e) {
            throw new CommandFailure("Step Functions: " + e.getMessage());
        }
        return RecorderCommand.OK;
    }

    private static ProgressBar progressBar() {
        return new ProgressBarBuilder().setTaskName("backfill").setStyle(ProgressBarStyle.ASCII)
                .setInitialMax(-1).setUnit(" executions", 1).continuousUpdate().build();
    }

    private static Instant parseSince(String text) {
        try {
            return text.length() <= 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
        } catch (RuntimeException e) {
            throw new CommandFailure("--since must be a date (2026-01-31) or an instant (2026-01-31T12:00:00Z): " + text);
        }
    }
}
