package oriole.recorder.devkit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import oriole.recorder.contract.QueuedMessage;
import oriole.recorder.event.ExperimentProjection;
import oriole.recorder.lambda.BatchRecorder;
import oriole.recorder.store.DatabaseConnection;
import oriole.recorder.testing.Rows;
import oriole.recorder.testing.SavedEventFiles;
import oriole.recorder.testing.TestDatabase;

/**
 * V7 on a database that already holds history and keeps being written while it runs: every row is kept, the
 * history becomes partitioned by month, and an event recorded before the migration is still a duplicate after it.
 */
class HistoryByMonthMigrationTest {

    static final int OLD_EVENTS = 20_000;

    @RegisterExtension
    static final TestDatabase db = TestDatabase.empty();

    /** What the recorder of V6 ran for each event: keyed by event_id alone. */
    static final String V6_INSERT = "INSERT INTO execution_events (event_id, execution_arn, status, received_at, event)"
            + " VALUES (?, ?, ?, now(), ?::jsonb) ON CONFLICT (event_id) DO NOTHING";

    @Test
    void keepsEveryRowWhileWrittenToAndStillIgnoresDuplicatesRecordedBeforeIt() throws Exception {
        RandomLifecycles lifecycles = new RandomLifecycles(SavedEventFiles.JSON);
        List<QueuedMessage> recordedByV6 = lifecycles.inOrder("v6-", 40, new Random(7));
        Migrator.migrate(db.url(), "6");
        try (Connection c = db.connect()) {
            Rows.execute(c, "INSERT INTO execution_events (event_id, execution_arn, status, received_at, event)"
                    + " SELECT 'old-' || g, 'arn:aws:states:us-east-1:123456789012:execution:sm:old-' || (g % 500),"
                    + " 'RUNNING', now() - interval '1 hour' * g / 3, '{}' FROM generate_series(1, " + OLD_EVENTS + ") g");
            for (QueuedMessage message : recordedByV6) {
                insertAsV6(c, message);
            }
        }

        AtomicBoolean migrating = new AtomicBoolean(true);
        AtomicLong committedByV6 = new AtomicLong();
        CompletableFuture<Void> liveWriter = CompletableFuture.runAsync(() -> writeLikeV6Until(migrating, committedByV6));
        while (committedByV6.get() < 20 && !liveWriter.isDone()) {
            Thread.sleep(5);
        }
        Migrator.Result result = Migrator.migrate(db.url(), "7");
        migrating.set(false);
        liveWriter.join();

        assertThat(result.applied()).as("V7").isEqualTo(1);
        try (Connection c = db.connect()) {
            assertThat(Rows.count(c, "SELECT count(*) FROM pg_class WHERE relname = 'execution_events' AND relkind = 'p'"))
                    .as("partitioned").isEqualTo(1);
            List<String> partitions = Rows.query(c, "SELECT partition_name FROM execution_events_partitions"
                    + " ORDER BY upper_bound NULLS LAST").stream().map(r -> (String) r.get("partition_name")).toList();
            assertThat(partitions).as("the old table first, three months, the default").hasSize(5);
            assertThat(partitions.get(0)).startsWith("execution_events_before_");
            assertThat(partitions.get(4)).isEqualTo("execution_events_default");
            long expected = OLD_EVENTS + recordedByV6.size() + committedByV6.get();
            assertThat(committedByV6.get()).as("the V6 writer got rows in while V7 ran").isPositive();
            assertThat(Rows.count(c, "SELECT count(*) FROM execution_events")).as("every row kept").isEqualTo(expected);
            assertThat(Rows.count(c, "SELECT count(*) FROM execution_events h JOIN execution_event_ids i USING (event_id)"))
                    .as("every event id kept for the duplicate check, those written during the migration too")
                    .isEqualTo(expected);
            assertThat(Rows.count(c, "SELECT count(*) FROM pg_proc WHERE proname = 'execution_events_keep_id'"))
                    .as("the migration's trigger is gone").isZero();
        }

        Migrator.migrate(db.url()); // today's recorder on the rest of the migrations
        List<QueuedMessage> newEvents = lifecycles.inOrder("v7-", 40, new Random(8));
        try (BatchRecorder recorder = BatchRecorder.connectingTo(db.url(), ExperimentProjection.defaults(SavedEventFiles.JSON),
                SavedEventFiles.JSON)) {
            for (List<QueuedMessage> delivery : List.of(recordedByV6, newEvents, newEvents,
                    RandomLifecycles.delivered(newEvents, 0.5, new Random(9)))) {
                for (int from = 0; from < delivery.size(); from += 10) {
                    assertThat(recorder.record(delivery.subList(from, Math.min(delivery.size(), from + 10))).failed()).isEmpty();
                }
            }
        }
        try (Connection c = db.connect()) {
            assertThat(Rows.count(c, "SELECT count(*) FROM execution_events WHERE starts_with(event_id, 'v6-')"))
                    .as("events the V6 recorder kept are duplicates to the V7 one").isEqualTo(recordedByV6.size());
            assertThat(Rows.count(c, "SELECT count(*) FROM execution_events WHERE starts_with(event_id, 'v7-')"))
                    .as("each new event once, however often delivered").isEqualTo(newEvents.size());
            assertThat(Rows.count(c, "SELECT count(*) FROM experiments WHERE execution_name LIKE 'v6-%'"))
                    .as("their status changes still reach the experiments rows").isPositive();
        }
    }

    private static void insertAsV6(Connection c, QueuedMessage message) throws Exception {
        JsonNode event = SavedEventFiles.JSON.readTree(message.body());
        try (PreparedStatement insert = c.prepareStatement(V6_INSERT)) {
            insert.setString(1, event.path("id").asText());
            insert.setString(2, event.path("detail").path("executionArn").asText());
            insert.setString(3, event.path("detail").path("status").asText());
            insert.setString(4, message.body());
            insert.executeUpdate();
        }
    }

    /** The V6 recorder running through the migration, one event per transaction, until its statement stops working. */
    private static void writeLikeV6Until(AtomicBoolean migrating, AtomicLong committed) {
        try (Connection c = DatabaseConnection.open(db.url()); PreparedStatement insert = c.prepareStatement(V6_INSERT)) {
            for (long n = 0; migrating.get(); n++) {
                insert.setString(1, "live-" + n);
                insert.setString(2, "arn:aws:states:us-east-1:123456789012:execution:sm:live-" + n);
                insert.setString(3, "RUNNING");
                insert.setString(4, "{}");
                try {
                    insert.executeUpdate();
                    c.commit();
                    committed.incrementAndGet();
                } catch (SQLException noLongerMatches) {
                    // After the swap ON CONFLICT (event_id) has no unique index to use: the V6 recorder's batch
                    // fails and SQS redelivers it to the new one. Nothing it committed may be lost.
                    c.rollback();
                    return;
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
