package oriole.recorder.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import oriole.recorder.lambda.BatchRecorder;
import oriole.recorder.lambda.BatchReport;
import oriole.recorder.lambda.BatchReport.FailedMessage;
import oriole.recorder.contract.QueuedMessage;
import oriole.recorder.local.EmbeddedDatabase;
import oriole.recorder.local.LocalDatabase;
import oriole.recorder.local.LocalSqs;
import oriole.recorder.devkit.Migrator;
import oriole.recorder.devkit.SavedEvents;
import oriole.recorder.poll.QueueReplay;
import oriole.recorder.poll.SqsPoller;
import oriole.recorder.store.DatabaseConnection;
import oriole.recorder.store.ExperimentReader;
import oriole.recorder.store.ExperimentRow;
import oriole.recorder.store.StatementCounter;
import oriole.recorder.store.StoreOutcome;
import oriole.recorder.text.ErrorLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "replay",
        description = "Replay saved events through the recorder's own path (parse, fold, store), in batches, after migrating."
                + " Without --db or RECORDER_DB_URL it runs on an embedded PostgreSQL.",
        footer = "Exit codes: 0 all recorded, 1 some events rejected or dead-lettered (each named with its reason), 2 could not run.")
final class ReplayCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Mixin
    DatabaseOption database;

    @Option(names = "--batch-size", defaultValue = "10", description = "Messages per batch, like the event source mapping's BatchSize (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Without --db: the embedded PostgreSQL's data directory (default: $RECORDER_DATA_DIR, else ~/.local/share/oriole-recorder/postgres, which diagnose and show read too)")
    Path dataDirectory;

    @Option(names = "--fresh", description = "Without --db: empty the embedded PostgreSQL first (delete its data directory)")
    boolean fresh;

    @Option(names = "--keep", description = "Without --db: leave the embedded PostgreSQL running after the replay and print its JDBC URL")
    boolean keep;

    @Option(names = "--via-sqs", description = "Send the events to an embedded SQS queue (ElasticMQ) set up like the deployed one and consume it with the poller, as Lambda's event source mapping would; report what reached the dead-letter queue")
    boolean viaSqs;

    @Option(names = "--visibility-timeout", defaultValue = "2", paramLabel = "SECONDS", description = "With --via-sqs: the status queue's visibility timeout (default: ${DEFAULT-VALUE})")
    int visibilityTimeout;

    @Option(names = "--max-receive-count", defaultValue = "3", paramLabel = "N", description = "With --via-sqs: receives before a message moves to the dead-letter queue (default: ${DEFAULT-VALUE})")
    int maxReceiveCount;

    @Parameters(arity = "1..*", paramLabel = "PATH", description = ".json files (one event or an array in delivery order) or directories, walked recursively in name order")
    List<Path> paths;

    @Override
    public Integer call() throws SQLException, IOException, InterruptedException {
        if (batchSize < 1) {
            throw new ParameterException(spec.commandLine(), "--batch-size must be at least 1");
        }
        List<QueuedMessage> messages = load();
        String url = database.configuredUrl();
        if (url != null) {
            return replay(url, messages);
        }
        Path directory = dataDirectory != null ? dataDirectory : LocalDatabase.directory(System.getenv());
        Optional<LocalDatabase.Running> running = LocalDatabase.running(directory);
        if (running.isPresent()) {
            if (fresh) {
                throw new CommandFailure("replay --fresh: the embedded PostgreSQL in " + directory + " is in use (pid "
                        + running.get().pid() + ", e.g. serve): stop that command first, then run replay --fresh again");
            }
            System.out.printf("replay: no --db and no RECORDER_DB_URL: using the embedded PostgreSQL already running in %s"
                    + " (pid %d, started by another command such as serve)%n", directory, running.get().pid());
            return replay(running.get().url(), messages);
        }
        if (fresh) {
            LocalDatabase.delete(directory);
        }
        EmbeddedDatabase embedded;
        try {
            embedded = LocalDatabase.start(directory, keep);
        } catch (RuntimeException e) {
            throw new CommandFailure(ErrorLine.of(e));
        }
        try {
            System.out.printf("replay: no --db and no RECORDER_DB_URL: using the embedded PostgreSQL in %s%s%n", directory,
                    fresh ? " (emptied first)" : " (replay --fresh empties it)");
            return replay(embedded.url(), messages);
        } finally {
            embedded.close();
            if (keep) {
                System.out.printf("%nembedded PostgreSQL left running: %s%n  data: %s%n  stop it: %s%n", embedded.url(),
                        embedded.dataDirectory(), embedded.stopCommand());
            }
        }
    }

    private int replay(String url, List<QueuedMessage> messages) throws SQLException, InterruptedException {
        DatabaseOption.checkReachable(url);
        Migrator.migrate(url);
        if (viaSqs) {
            return replayViaSqs(url, messages);
        }

        StoreOutcome outcome = StoreOutcome.NOTHING;
        List<FailedMessage> rejected = new ArrayList<>();
        List<FailedMessage> failed = new ArrayList<>();
        Set<String> executionArns = new TreeSet<>();
        int batches = 0;
        long statementsBefore = StatementCounter.total();
        long started = System.nanoTime();
        try (BatchRecorder recorder = BatchRecorder.fromEnvironment(() -> url, System.getenv(), JSON)) {
            for (int from = 0; from < messages.size(); from += batchSize) {
                BatchReport report = recorder.record(messages.subList(from, Math.min(messages.size(), from + batchSize)));
                batches++;
                outcome = outcome.plus(report.outcome());
                executionArns.addAll(report.executionArns());
                rejected.addAll(report.rejected());
                failed.addAll(report.notRecorded());
            }
        }
        long millis = Math.max(1, (System.nanoTime() - started) / 1_000_000);
        printSummary(messages.size(), batches, outcome, rejected, failed);
        System.out.printf("recorded in %d ms: %d events/s, %.1f SQL statements per batch%n", millis,
                messages.size() * 1000L / millis, batches == 0 ? 0.0 : (StatementCounter.total() - statementsBefore) / (double) batches);
        printRows(url, executionArns);
        if (!failed.isEmpty()) {
            return RecorderCommand.CANNOT_RUN;
        }
        return rejected.isEmpty() ? RecorderCommand.OK : RecorderCommand.REJECTED;
    }

    private int replayViaSqs(String url, List<QueuedMessage> messages) throws SQLException, InterruptedException {
        long started = System.nanoTime();
        QueueReplay.Result result;
        Set<String> executionArns = new TreeSet<>();
        try (LocalSqs sqs = LocalSqs.start(visibilityTimeout, maxReceiveCount);
                BatchRecorder recorder = BatchRecorder.fromEnvironment(() -> url, System.getenv(), JSON)) {
            System.out.printf("replay: via an embedded SQS queue (ElasticMQ at %s): visibility timeout %d s,"
                    + " dead-letter queue after %d receives%n", sqs.endpoint(), visibilityTimeout, maxReceiveCount);
            result = new QueueReplay(sqs.client(), sqs.statusQueueUrl(), sqs.deadLetterQueueUrl())
                    .run(messages, recorder, new SqsPoller.Settings(batchSize, 1, Duration.ofMillis(200),
                            Duration.ofSeconds(5)), Duration.ofMinutes(10), executionArns::addAll);
        }
        long millis = Math.max(1, (System.nanoTime() - started) / 1_000_000);
        System.out.printf("replay: %d event(s) sent, %d receive(s) in %d batch(es) of up to %d%n", result.sent(),
                result.receives(), result.batches(), batchSize);
        StoreOutcome outcome = result.outcome();
        System.out.printf("applied %d, stale %d, duplicate %d, dead-lettered %d%n", outcome.applied(), outcome.stale(),
                outcome.duplicate(), result.deadLetters().size());
        System.out.printf("consumed in %d ms%n", millis);
        for (QueueReplay.DeadLetter letter : result.deadLetters()) {
            System.out.printf("dead-lettered %s: %s%n", letter.source(), letter.reason());
        }
        printRows(url, executionArns);
        return result.deadLetters().isEmpty() ? RecorderCommand.OK : RecorderCommand.REJECTED;
    }

    private List<QueuedMessage> load() {
        List<QueuedMessage> messages;
        try {
            messages = new SavedEvents(JSON).load(paths);
        } catch (RuntimeException e) {
            throw new CommandFailure(e.getMessage());
        }
        if (messages.isEmpty()) {
            // A typo'd folder must not look like a replay that recorded nothing.
            throw new CommandFailure("replay: no .json file in " + paths.stream().map(Path::toString)
                    .collect(java.util.stream.Collectors.joining(", ")));
        }
        return messages;
    }

    private void printSummary(int events, int batches, StoreOutcome outcome, List<FailedMessage> rejected,
            List<FailedMessage> failed) {
        System.out.printf("replay: %d event(s) in %d batch(es) of up to %d%n", events, batches, batchSize);
        System.out.printf("applied %d, stale %d, duplicate %d, rejected %d%s%n", outcome.applied(), outcome.stale(),
                outcome.duplicate(), rejected.size(), failed.isEmpty() ? "" : ", not recorded " + failed.size());
        for (FailedMessage rejection : rejected) {
            System.out.printf("rejected %s: %s%n", rejection.messageId(), rejection.reason());
        }
        for (FailedMessage failure : failed) {
            System.out.printf("not recorded %s: %s%n", failure.messageId(), failure.reason());
        }
    }

    private static void printRows(String url, Set<String> executionArns) throws SQLException {
        if (executionArns.isEmpty()) {
            return;
        }
        List<ExperimentRow> rows;
        try (Connection connection = DatabaseConnection.open(url)) {
            rows = ExperimentReader.byExecutionArns(connection, executionArns);
        }
        TextTable table = new TextTable("execution name", "status", "goal found", "kind", "redrives", "completed (UTC)");
        for (ExperimentRow row : rows) {
            table.add(row.executionName(), row.executionStatus(), row.goalFound(), row.failureKind(),
                    row.redriveCount(), row.completedAt() == null ? null
                            : DateTimeFormatter.ISO_INSTANT.format(row.completedAt().toInstant()));
        }
        System.out.println();
        System.out.print(table);
    }
}
