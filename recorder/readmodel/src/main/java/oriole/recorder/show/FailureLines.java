package oriole.recorder.show;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import oriole.recorder.explain.RunExplanation;
import oriole.recorder.status.ExecutionStatus;
import oriole.recorder.store.ExperimentRow;
import oriole.recorder.text.VisibleText;

/**
 * Why a run failed, as {@code show} prints it and the run page draws it: the lines {@code failed state: },
 * {@code failed in: } and {@code request id: } (each saying why when it is not known), the failed function's log
 * group, the state's window, and the exact commands that read what the invocation logged: {@code aws logs
 * filter-log-events} on that window for the request id, and the CloudWatch Logs Insights query for it. Pure:
 * the row and its explanation in, text out; every value from the history is escaped for the terminal, and a
 * command is only written with values a shell can take.
 */
public record FailureLines(List<String> lines, String logGroup, Long startMillis, Long endMillis, String filterPattern,
        String insightsQuery, List<String> awsCliCommands) {

    /** Lambda writes its last lines (the error, REPORT) just after the failure: the window reaches a minute past it. */
    static final Duration AFTER_FAILURE = Duration.ofMinutes(1);
    static final String NOT_EXPLAINED = "not explained yet (the reconciler reads the execution's history within 15 minutes;"
            + " show --aws reads it now)";

    public static final FailureLines NONE = new FailureLines(List.of(), null, null, null, null, null, List.of());

    /** What a failed run shows; {@link #NONE} for a run that did not fail. */
    public static FailureLines of(ExperimentRow row, RunExplanation explanation, String logGroupOverride) {
        if (!failed(row) && !explanation.explained()) {
            return NONE;
        }
        List<String> lines = new ArrayList<>();
        if (!explanation.explained()) {
            String why = explanation.historyGone()
                    ? "unknown (the execution's history is gone: Step Functions keeps it 90 days)"
                    : explanation.note() != null ? "unknown (the execution's history shows no failed state)" : NOT_EXPLAINED;
            lines.add("failed state: " + why);
            lines.add("failed in: " + (explanation.note() == null ? "not explained yet" : "unknown"));
            lines.add("request id: " + (explanation.note() == null ? "not explained yet" : "unknown"));
        } else {
            lines.add("failed state: " + (explanation.state() == null ? "unknown (the history names no state)"
                    : VisibleText.line(explanation.state()) + " (" + orDash(explanation.stateType()) + ", entered "
                            + time(explanation.enteredAt()) + ", failed " + time(explanation.failedAt()) + ")"));
            lines.add("failed in: " + failedIn(explanation));
            lines.add("request id: " + (explanation.requestId() != null ? VisibleText.line(explanation.requestId())
                    : "unknown (" + orDash(explanation.requestIdNote()) + ")"));
        }
        String logGroup = logGroupOverride != null ? logGroupOverride
                : explanation.function() != null ? "/aws/lambda/" + explanation.function() : null;
        OffsetDateTime start = explanation.enteredAt() != null ? explanation.enteredAt() : row.startedAt();
        OffsetDateTime failed = explanation.failedAt() != null ? explanation.failedAt() : row.completedAt();
        if (logGroup == null || start == null || failed == null || !ShellWords.typeable(logGroup)) {
            return new FailureLines(List.copyOf(lines), null, null, null, null, null, List.of());
        }
        long startMillis = start.toInstant().toEpochMilli();
        long endMillis = failed.toInstant().plus(AFTER_FAILURE).toEpochMilli();
        String requestId = explanation.requestId();
        String needle = requestId != null ? requestId : row.executionName();
        String filterPattern = needle != null && ShellWords.typeable(needle) && !needle.contains("\"") ? "\"" + needle + "\"" : null;
        String region = ConsoleLinks.region(row.executionArn());
        List<String> commands = new ArrayList<>();
        List<String> filter = new ArrayList<>(List.of("aws", "logs", "filter-log-events"));
        if (region != null && ShellWords.typeable(region)) {
            filter.addAll(List.of("--region", region));
        }
        filter.addAll(List.of("--log-group-name", logGroup, "--start-time", Long.toString(startMillis),
                "--end-time", Long.toString(endMillis)));
        if (filterPattern != null) {
            filter.addAll(List.of("--filter-pattern", filterPattern));
        }
        commands.add(ShellWords.command(filter));
        String query = null;
        if (requestId != null && ShellWords.typeable(requestId) && !requestId.contains("\"")) {
            query = "fields @timestamp, @requestId, @message | filter @requestId = \"" + requestId + "\" or @message like \""
                    + requestId + "\" | sort @timestamp asc | limit 200";
            List<String> insights = new ArrayList<>(List.of("aws", "logs", "start-query"));
            if (region != null && ShellWords.typeable(region)) {
                insights.addAll(List.of("--region", region));
            }
            insights.addAll(List.of("--log-group-name", logGroup, "--start-time", Long.toString(startMillis / 1000),
                    "--end-time", Long.toString((endMillis + 999) / 1000), "--query-string", query));
            commands.add(ShellWords.command(insights));
        }
        return new FailureLines(List.copyOf(lines), logGroup, startMillis, endMillis, filterPattern, query, List.copyOf(commands));
    }

    /** Failed, timed out, aborted, or a failure the workflow caught and wrote into last_error (then it may have SUCCEEDED). */
    static boolean failed(ExperimentRow row) {
        return row.failureKind() != null || row.lastErrorError() != null || row.lastErrorCause() != null
                || ExecutionStatus.fromName(row.executionStatus()).map(ExecutionStatus::isFailure).orElse(false);
    }

    private static String failedIn(RunExplanation explanation) {
        String failedIn = explanation.failedIn();
        if (failedIn == null) {
            return "Fail".equals(explanation.stateType()) ? "nothing (a Fail state: the workflow itself failed the run)"
                    : "unknown (the state ran no resource the history names)";
        }
        String integration = explanation.resourceType() == null || explanation.resource() == null
                || explanation.resource().startsWith("arn:") ? null : explanation.resourceType() + ":" + explanation.resource();
        return VisibleText.line(failedIn) + (explanation.function() != null && integration != null
                ? " (" + VisibleText.line(integration) + ")" : "");
    }

    private static String time(OffsetDateTime time) {
        return time == null ? "-" : DateTimeFormatter.ISO_INSTANT.format(time.toInstant());
    }

    private static String orDash(String text) {
        return text == null ? "-" : VisibleText.line(text);
    }
}
