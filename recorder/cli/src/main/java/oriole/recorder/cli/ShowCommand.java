package oriole.recorder.cli;

import java.sql.Connection;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import oriole.recorder.show.CellText;
import oriole.recorder.show.RunDetails;
import oriole.recorder.store.DatabaseConnection;
import oriole.recorder.store.ExperimentReader;
import oriole.recorder.store.ExperimentRow;
import oriole.recorder.store.TimelineEvent;
import oriole.recorder.text.VisibleText;
import oriole.recorder.window.Window;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "show", description = "Everything about one run: status, goal, failure and cause, times (UTC and local),"
        + " the timeline of its events (a redriven run's earlier failures included), its SQS message and the ready AWS CLI commands.",
        footer = "Exit codes: 0 shown, 1 no such experiment, 2 could not run.")
final class ShowCommand implements Callable<Integer> {

    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss zzz");

    @Mixin
    DatabaseOption database;

    @Parameters(paramLabel = "RUN", description = "experiment id, execution ARN or execution name")
    String run;

    @Option(names = "--zone", description = "Time zone for local times (default: this machine's, ${DEFAULT-VALUE})",
            defaultValue = "${sys:user.timezone}")
    String zone;

    @Option(names = "--log-group", description = "Log group of the failed function, when it has a custom one"
            + " (default: /aws/lambda/<the failed function>; for aws logs tail without one, " + Window.DEFAULT_LOG_GROUP + ")")
    String logGroup;

    @Option(names = "--aws", description = "Ask Step Functions now (GetExecutionHistory) why the run failed, and keep the answer")
    boolean aws;

    @Option(names = "--logs", description = "Fetch what the failed invocation logged (CloudWatch Logs FilterLogEvents on the"
            + " function's log group, the state's window, the request id) and print it under the timeline")
    boolean logs;

    @Option(names = "--log-lines", defaultValue = "50", description = "With --logs, at most this many lines, newest last"
            + " (default: ${DEFAULT-VALUE})")
    int logLines;

    @Mixin
    StepFunctionsOptions awsOptions;

    @Override
    public Integer call() throws Exception {
        if (aws || logs) {
            awsOptions.requireAws();
        }
        return database.run(this::withDatabase);
    }

    private Integer withDatabase(String url) throws Exception {
        ZoneId local = zone == null || zone.isBlank() ? ZoneId.systemDefault() : ZoneId.of(zone);
        try (Connection connection = DatabaseConnection.openForReading(url)) {
            List<ExperimentRow> rows;
            try {
                rows = ExperimentReader.runs(connection, run);
            } catch (RuntimeException e) {
                throw DatabaseOption.notMigrated("show", e);
            }
            if (rows.isEmpty()) {
                System.err.printf("show: no experiment with id, execution ARN or execution name '%s'%n",
                        VisibleText.line(run));
                return RecorderCommand.REJECTED;
            }
            List<ExperimentRow> exact = rows.stream()
                    .filter(r -> run.equals(r.executionArn()) || run.equals(String.valueOf(r.id())))
                    .toList();
            if (exact.isEmpty() && rows.size() > 1) {
                // Execution names are unique per state machine only: guessing would show the wrong run.
                System.err.printf("show: %d executions are named '%s'; name one by its execution ARN or experiment id:%n",
                        rows.size(), VisibleText.line(run));
                for (ExperimentRow row : rows) {
                    System.err.printf("  %s  %s  (experiment %d)%n", VisibleText.line(row.executionArn()),
                            orDash(row.executionStatus()), row.id());
                }
                return RecorderCommand.REJECTED;
            }
            for (ExperimentRow row : exact.isEmpty() ? rows : exact) {
                print(connection, row, local);
            }
        }
        return RecorderCommand.OK;
    }

    private void print(Connection connection, ExperimentRow row, ZoneId local) throws Exception {
        FailureDetails failure = FailureDetails.read(connection, row, logGroup, aws ? awsOptions : null);
        RunDetails details = RunDetails.read(connection, row, failure.tailLogGroup());
        System.out.printf("experiment %d  %s%n", row.id(), VisibleText.line(orDash(row.executionName())));
        field("execution", row.executionArn());
        field("state machine", row.stateMachineArn());
        field("status", row.statusLine());
        field("goal found", row.goalFound());
        field("model", row.modelName() == null ? null
                : row.modelName() + (row.temperature() == null ? "" : " @ temperature " + CellText.temperature(row.temperature())));
        field("failure kind", row.failureKind());
        field("failure reason", row.failureReason());
        field("error", row.lastErrorError());
        field("started", time(row.startedAt(), local));
        field("completed", time(row.completedAt(), local));
        field("duration", details.duration(OffsetDateTime.now()));
        printMessage(details);
        failure.printLines();
        if (row.lastErrorCause() != null) {
            System.out.println("\ncause:");
            System.out.println(indent(VisibleText.block(RunDetails.pretty(row.lastErrorCause()))));
        }
        if (row.executionArn() != null) {
            printTimeline(details.timeline());
            if (logs) {
                failure.printLogs(awsOptions, logLines);
            }
            System.out.println("\nAWS CLI:");
            details.awsCliCommands().forEach(command -> System.out.println("  " + command));
            failure.printCommands();
        }
        System.out.println();
    }

    private static void printMessage(RunDetails details) {
        ExperimentRow row = details.row();
        if (row.sqsMessageId() == null) {
            field("sqs message", null);
            return;
        }
        List<String> others = details.sameMessage().stream()
                .map(other -> other.executionName() + " " + orDash(other.executionStatus()) + " (experiment " + other.id() + ")")
                .toList();
        field("sqs message", row.sqsMessageId() + (others.isEmpty() ? " (no other execution)"
                : "; also processed by: " + String.join(", ", others)));
    }

    private static void printTimeline(List<TimelineEvent> events) {
        System.out.println("\ntimeline (event order; # = order received, events of one batch share their receipt time):");
        if (events.isEmpty()) {
            System.out.println("  (no events recorded)");
            return;
        }
        TextTable table = new TextTable("#", "status", "redrive", "started (UTC)", "stopped (UTC)", "received (UTC)", "error");
        for (TimelineEvent event : events) {
            table.add(event.receivedPosition(), event.status(), event.redriveCount(), CellText.of(event.startDate()),
                    CellText.of(event.stopDate()), CellText.of(event.receivedAt()), VisibleText.line(event.error()));
        }
        System.out.print(indent(table.toString().stripTrailing()) + System.lineSeparator());
        for (TimelineEvent event : events) {
            if (event.cause() != null) {
                System.out.printf("  cause of #%d (%s, redrive %d):%n", event.receivedPosition(), event.status(),
                        event.redriveCount());
                System.out.println(indent(indent(VisibleText.block(RunDetails.pretty(event.cause())))));
            }
        }
    }

    /** Values come from other programs (names, errors, causes): control characters are shown, never sent to the terminal. */
    private static void field(String name, Object value) {
        System.out.printf("  %-15s %s%n", name, value == null ? "-" : VisibleText.line(value.toString()));
    }

    private static String time(OffsetDateTime time, ZoneId local) {
        if (time == null) {
            return null;
        }
        return DateTimeFormatter.ISO_INSTANT.format(time.toInstant()) + "  (" + LOCAL.format(time.atZoneSameInstant(local)) + ")";
    }

    private static String indent(String text) {
        return text.lines().map(line -> "  " + line).reduce((a, b) -> a + System.lineSeparator() + b).orElse("");
    }

    private static String orDash(String text) {
        return text == null ? "-" : text;
    }
}
