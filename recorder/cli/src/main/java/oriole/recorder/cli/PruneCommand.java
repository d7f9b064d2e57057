package oriole.recorder.cli;

import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import oriole.recorder.store.DatabaseConnection;
import oriole.recorder.store.HistoryPruner;
import oriole.recorder.window.Interval;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "prune",
        description = "Remove the history (execution_events) received before a retention: experiments rows are never"
                + " removed. Months wholly past it are dropped as partitions, the rest deleted in slices (each its own"
                + " transaction), so a live database keeps recording; the month partitions ahead are created.")
final class PruneCommand implements Callable<Integer> {

    @Mixin
    DatabaseOption database;

    @Option(names = "--older-than", required = true, converter = Converters.IntervalConverter.class, paramLabel = "AGE",
            description = "Remove the events received longer ago than this, e.g. 180d")
    Interval olderThan;

    @Option(names = "--dry-run", description = "Say what would be removed, remove nothing")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        return database.run(this::withDatabase);
    }

    private Integer withDatabase(String url) throws Exception {
        Instant cutoff = Instant.now().minusSeconds(olderThan.seconds());
        try (Connection connection = DatabaseConnection.open(url)) {
            if (dryRun) {
                HistoryPruner.Result wouldRemove = HistoryPruner.count(connection, cutoff);
                System.out.printf("prune (dry run, nothing removed): %d history event(s) received before %s would be"
                        + " removed; experiments rows are kept%n", wouldRemove.events(), cutoff);
                printPartitions("partitions that would be dropped whole", wouldRemove.partitionsDropped());
            } else {
                HistoryPruner.Result removed = HistoryPruner.prune(connection, cutoff);
                System.out.printf("prune: %d history event(s) received before %s removed; experiments rows are kept%n",
                        removed.events(), cutoff);
                printPartitions("partitions dropped whole", removed.partitionsDropped());
                printPartitions("month partitions added ahead", removed.partitionsAdded());
            }
        } catch (RuntimeException e) {
            throw DatabaseOption.notMigrated("prune", e);
        }
        return RecorderCommand.OK;
    }

    private static void printPartitions(String what, List<String> partitions) {
        System.out.printf("  %s: %s%n", what, partitions.isEmpty() ? "none" : String.join(", ", partitions));
    }
}
