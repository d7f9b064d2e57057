package oriole.recorder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import oriole.recorder.contract.RecorderEnvironment;
import oriole.recorder.lambda.PruneHandler;
import oriole.recorder.testing.CommandRun;
import oriole.recorder.testing.Rows;
import oriole.recorder.testing.SavedEventFiles;
import oriole.recorder.testing.TestDatabase;

/** The history's retention: old events go, in slices; experiments rows never do; a dry run removes nothing. */
class PruneTest {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    @BeforeAll
    static void replayAndAgeSomeHistory() throws Exception {
        CommandRun replay = CommandRun.of("replay", "--db", db.url(), SavedEventFiles.root().resolve("scenarios").toString());
        assertThat(replay.exitCode()).as(replay.err()).isZero();
        try (Connection c = db.connect()) {
            Rows.execute(c, "UPDATE execution_events SET received_at = now() - interval '200 days'"
                    + " WHERE execution_arn LIKE '%exp-000%'");
            // More than one slice of old history, as a year of events would be.
            Rows.execute(c, "INSERT INTO execution_events (event_id, execution_arn, status, received_at, event)"
                    + " SELECT 'old-' || g, 'arn:aws:states:us-east-1:123456789012:execution:sm:old-' || g, 'RUNNING',"
                    + " now() - interval '500 days', '{}' FROM generate_series(1, 25000) g");
        }
    }

    @Test
    void aDryRunSaysWhatWouldGoThenThePruneRemovesExactlyThatAndNoExperiment() throws Exception {
        long oldEvents;
        long experiments;
        long total;
        try (Connection c = db.connect()) {
            oldEvents = Rows.count(c, "SELECT count(*) FROM execution_events WHERE received_at < now() - interval '180 days'");
            experiments = Rows.count(c, "SELECT count(*) FROM experiments");
            total = Rows.count(c, "SELECT count(*) FROM execution_events");
        }

        CommandRun dryRun = CommandRun.of("prune", "--db", db.url(), "--older-than", "180d", "--dry-run");
        assertThat(dryRun.exitCode()).as(dryRun.err()).isZero();
        assertThat(dryRun.out()).startsWith("prune (dry run, nothing removed): " + oldEvents + " history event(s) received before")
                .contains("partitions that would be dropped whole: none");
        try (Connection c = db.connect()) {
            assertThat(Rows.count(c, "SELECT count(*) FROM execution_events")).isEqualTo(total);
        }

        CommandRun prune = CommandRun.of("prune", "--db", db.url(), "--older-than", "180d");
        assertThat(prune.exitCode()).as(prune.err()).isZero();
        assertThat(prune.out()).startsWith("prune: " + oldEvents + " history event(s) received before")
                .contains("experiments rows are kept");
        try (Connection c = db.connect()) {
            assertThat(Rows.count(c, "SELECT count(*) FROM execution_events")).isEqualTo(total - oldEvents);
            assertThat(Rows.count(c, "SELECT count(*) FROM experiments")).as("no experiment row goes").isEqualTo(experiments);
            assertThat(Rows.query(c, "SELECT execution_status FROM experiments WHERE execution_name = 'exp-0006-lambda-timeout'"))
                    .extracting(r -> r.get("execution_status")).as("its status outlives its history").containsExactly("FAILED");
        }
    }

    @Test
    void theScheduledHandlerKeepsItsRetention() throws Exception {
        try (Connection c = db.connect()) {
            Rows.execute(c, "INSERT INTO execution_events (event_id, execution_arn, status, received_at, event)"
                    + " VALUES ('ancient-1', 'arn:x', 'RUNNING', now() - interval '401 days', '{}'),"
                    + " ('recent-1', 'arn:x', 'RUNNING', now() - interval '399 days', '{}')");
        }

        Map<String, Object> summary = new PruneHandler(Map.of(RecorderEnvironment.DATABASE_URL, db.url()))
                .handleRequest(Map.of(), null);

        assertThat(summary).containsEntry("retention_days", 400L);
        try (Connection c = db.connect()) {
            assertThat(Rows.count(c, "SELECT count(*) FROM execution_events WHERE event_id = 'ancient-1'")).isZero();
            assertThat(Rows.count(c, "SELECT count(*) FROM execution_events WHERE event_id = 'recent-1'")).isEqualTo(1);
        }
    }
}
