package oriole.recorder.cli;

import java.sql.Connection;
import java.time.Instant;
import java.util.Optional;
import oriole.recorder.explain.FailureExplainer;
import oriole.recorder.explain.HistoryReader;
import oriole.recorder.explain.RunExplanation;
import oriole.recorder.explain.StoredExplanation;
import oriole.recorder.logs.InvocationLogs;
import oriole.recorder.show.FailureLines;
import oriole.recorder.store.ExperimentRow;
import oriole.recorder.text.VisibleText;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.cloudwatchlogs.CloudWatchLogsClient;
import software.amazon.awssdk.services.cloudwatchlogs.model.ResourceNotFoundException;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * {@code show}'s part about why a run failed: the explanation its row keeps (or, with {@code --aws}, the one
 * Step Functions gives now, then kept), its {@code failed state: }/{@code failed in: }/{@code request id: }
 * lines, the exact commands, and with {@code --logs} the invocation's log lines.
 */
final class FailureDetails {

    static final String DEFAULT_LOG_GROUP = oriole.recorder.window.Window.DEFAULT_LOG_GROUP;

    private final FailureLines lines;
    private final String logGroupOverride;
    private final String note;

    private FailureDetails(FailureLines lines, String logGroupOverride, String note) {
        this.lines = lines;
        this.logGroupOverride = logGroupOverride;
        this.note = note;
    }

    /** @param ask where to ask Step Functions now ({@code --aws}), or null to read the row only */
    static FailureDetails read(Connection connection, ExperimentRow row, String logGroupOverride, StepFunctionsOptions ask)
            throws InterruptedException {
        RunExplanation explanation = FailureExplainer.read(connection, row.executionArn());
        String note = null;
        if (ask != null && row.executionArn() != null) {
            Optional<StoredExplanation> answer;
            try (SfnClient sfn = ask.client()) {
                answer = new FailureExplainer(new HistoryReader(sfn, ask.limiter())).ask(connection, row.executionArn());
            } catch (SdkException e) {
                throw new CommandFailure("Step Functions: " + e.getMessage());
            }
            if (answer.isPresent()) {
                explanation = RunExplanation.of(answer.get());
                if (row.completedAt() == null) {
                    // Still running: kept now, the answer would stop the reconciler from explaining its failure later.
                    return new FailureDetails(FailureLines.of(row, explanation, logGroupOverride), logGroupOverride,
                            "(asked Step Functions; not kept while the run is unfinished)");
                }
                try {
                    FailureExplainer.keep(connection, answer.get());
                } catch (Exception e) {
                    note = "(asked Step Functions; the answer could not be kept: " + VisibleText.line(String.valueOf(e.getMessage())) + ")";
                }
            }
        }
        return new FailureDetails(FailureLines.of(row, explanation, logGroupOverride), logGroupOverride, note);
    }

    /** The log group for {@code aws logs tail}: the one given, else the failed function's, else oriole's agent. */
    String tailLogGroup() {
        return logGroupOverride != null ? logGroupOverride : lines.logGroup() != null ? lines.logGroup() : DEFAULT_LOG_GROUP;
    }

    void printLines() {
        if (lines.lines().isEmpty()) {
            return;
        }
        System.out.println();
        lines.lines().forEach(System.out::println);
        if (note != null) {
            System.out.println(note);
        }
    }

    void printCommands() {
        lines.awsCliCommands().forEach(command -> System.out.println("  " + command));
        if (lines.insightsQuery() != null) {
            System.out.println("\nLogs Insights (" + lines.logGroup() + ", " + Instant.ofEpochMilli(lines.startMillis()) + " to "
                    + Instant.ofEpochMilli(lines.endMillis()) + "):");
            System.out.println("  " + lines.insightsQuery());
        }
    }

    void printLogs(StepFunctionsOptions aws, int maxLines) {
        if (lines.logGroup() == null) {
            if (!lines.lines().isEmpty()) {
                System.out.println("\nlogs: the failed state ran no known Lambda function (give its log group with --log-group)");
            }
            return;
        }
        System.out.printf("%nlogs (%s, %s to %s, %s; newest last):%n", lines.logGroup(), Instant.ofEpochMilli(lines.startMillis()),
                Instant.ofEpochMilli(lines.endMillis()), lines.filterPattern() == null ? "every line" : lines.filterPattern());
        InvocationLogs.Result result;
        try (CloudWatchLogsClient logs = aws.client(CloudWatchLogsClient.builder()
                .httpClientBuilder(UrlConnectionHttpClient.builder()))) {
            result = new InvocationLogs(logs).read(lines.logGroup(), lines.startMillis(), lines.endMillis(),
                    lines.filterPattern(), Math.max(1, maxLines));
        } catch (ResourceNotFoundException e) {
            System.out.println("  (no log group " + lines.logGroup() + " in this account and region: give it with --log-group)");
            return;
        } catch (SdkException e) {
            System.out.println("  (CloudWatch Logs: " + VisibleText.line(String.valueOf(e.getMessage())) + ")");
            return;
        }
        if (result.lines().isEmpty()) {
            System.out.println("  (no lines: Lambda may still be delivering them, or they are past the log group's retention)");
            return;
        }
        if (result.earlier() > 0) {
            System.out.printf("  … %d earlier line(s) not shown (--log-lines)%n", result.earlier());
        }
        for (InvocationLogs.Line line : result.lines()) {
            // A message of several lines (a traceback) stays several lines, under its time; tabs become two spaces.
            String time = Instant.ofEpochMilli(line.timestamp()).toString();
            String continuation = " ".repeat(time.length() + 4);
            String[] messageLines = VisibleText.block(String.valueOf(line.message()).stripTrailing()).replace("\t", "  ").split("\n", -1);
            System.out.printf("  %s  %s%n", time, messageLines[0]);
            for (int i = 1; i < messageLines.length; i++) {
                System.out.println(continuation + messageLines[i]);
            }
        }
        if (result.moreThanRead()) {
            System.out.println("  … more lines than were read: narrow the window or use the Logs Insights query");
        }
    }
}
