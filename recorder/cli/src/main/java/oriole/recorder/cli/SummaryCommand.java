package oriole.recorder.cli;

import java.sql.Connection;
import java.util.List;
import java.util.concurrent.Callable;
import oriole.recorder.store.DatabaseConnection;
import oriole.recorder.summary.ResearchSummary;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "summary",
        description = "Check or rebuild the research summary (experiment_counts) that diagnose, the overview and report"
                + " read their counts from: --verify compares every key with a full scan of experiments (exit 1 on any"
                + " difference), --rebuild counts everything again (writers wait, readers go on), --compact folds the"
                + " per-writer slots of past days.")
final class SummaryCommand implements Callable<Integer> {

    @Mixin
    DatabaseOption database;

    static final class Action {
        @Option(names = "--verify", required = true, description = "Compare the summary with a full scan")
        boolean verify;

        @Option(names = "--rebuild", required = true, description = "Count every row again, then verify")
        boolean rebuild;

        @Option(names = "--compact", required = true, description = "Fold the slots of days before yesterday")
        boolean compact;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Action action;

    @Override
    public Integer call() throws Exception {
        return database.run(this::withDatabase);
    }

    private Integer withDatabase(String url) throws Exception {
        try (Connection connection = DatabaseConnection.open(url)) {
            if (action.compact) {
                System.out.printf("summary: %d key(s) of past days folded into one slot%n",
                        ResearchSummary.compact(connection));
                return RecorderCommand.OK;
            }
            if (action.rebuild) {
                System.out.printf("summary: rebuilt, %d key(s)%n", ResearchSummary.rebuild(connection));
            }
            long started = System.nanoTime();
            List<ResearchSummary.Difference> differences = ResearchSummary.differences(connection);
            connection.commit();
            long millis = (System.nanoTime() - started) / 1_000_000;
            if (differences.isEmpty()) {
                System.out.printf("summary: exact (every key equals a full scan of experiments, checked in %d ms)%n", millis);
                return RecorderCommand.OK;
            }
            System.out.printf("summary: %d key(s) differ from a full scan; run `summary --rebuild`%n", differences.size());
            for (ResearchSummary.Difference difference : differences.subList(0, Math.min(20, differences.size()))) {
                System.out.printf("  %s: counted %d, scanned %d%n", difference.key(), difference.counted(),
                        difference.scanned());
            }
            return RecorderCommand.REJECTED;
        } catch (RuntimeException | java.sql.SQLException e) {
            throw DatabaseOption.notMigrated("summary", e);
        }
    }
}
