package oriole.recorder.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import oriole.recorder.testing.Rows;
import oriole.recorder.testing.TestDatabase;

/** The retention of the partitioned history: whole months dropped, the rest in slices, the months ahead ready. */
class HistoryPrunerTest {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    static final YearMonth NEXT_MONTH = YearMonth.now(ZoneOffset.UTC).plusMonths(1);

    /** Of a month's events, one a minute from its first minute on, those at or after 00:00 on the 15th. */
    static final long KEPT = 25_000 - (14 * 24 * 60 - 1);

    @Test
    void dropsTheMonthsPastTheCutoffDeletesTheRestInSlicesAndKeepsEveryExperiment() throws Exception {
        // Three months ahead already exist after V7: events in each, plus old ones in the first partition.
        YearMonth third = NEXT_MONTH.plusMonths(2);
        Instant cutoff = third.atDay(15).atStartOfDay(ZoneOffset.UTC).toInstant();
        try (Connection c = db.connect()) {
            Rows.execute(c, "INSERT INTO experiments (execution_arn, execution_name) VALUES ('arn:kept', 'kept')");
            for (int month = 0; month < 3; month++) {
                Rows.query(c, "SELECT execution_events_add_month(?::date)", NEXT_MONTH.plusMonths(month).atDay(1).toString());
            }
            insertEvents(c, "old-", "now() - interval '300 days'", 3_000);
            for (int month = 0; month < 3; month++) {
                insertEvents(c, "m" + month + "-", "'" + NEXT_MONTH.plusMonths(month).atDay(1) + "T00:00:00Z'::timestamptz"
                        + " + interval '1 minute' * g", 25_000);
            }
        }
        List<String> partitionsBefore = partitions();

        HistoryPruner.Result dryRun;
        HistoryPruner.Result pruned;
        long remainingBeforeCutoff;
        try (Connection c = DatabaseConnection.open(db.url())) {
            dryRun = HistoryPruner.count(c, cutoff);
            pruned = HistoryPruner.prune(c, cutoff);
            remainingBeforeCutoff = Rows.count(c, "SELECT count(*) FROM execution_events WHERE received_at < ?::timestamptz",
                    cutoff.toString());
        }

        assertThat(dryRun.partitionsDropped()).as("the first partition and the two months wholly before the cutoff")
                .hasSize(3)
                .containsExactlyElementsOf(pruned.partitionsDropped());
        assertThat(pruned.partitionsDropped().get(0)).startsWith("execution_events_before_");
        assertThat(pruned.events()).as("what the dry run counted").isEqualTo(dryRun.events());
        assertThat(remainingBeforeCutoff).isZero();
        assertThat(partitions()).doesNotContainAnyElementsOf(pruned.partitionsDropped())
                .contains("execution_events_" + third.toString().replace('-', '_'), "execution_events_default")
                .hasSize(partitionsBefore.size() - 3);
        try (Connection c = db.connect()) {
            assertThat(Rows.count(c, "SELECT count(*) FROM execution_events WHERE NOT starts_with(event_id, 'far-')"))
                    .as("the third month after its 15th")
                    .isEqualTo(KEPT);
            assertThat(Rows.count(c, "SELECT count(*) FROM execution_event_ids WHERE received_at < ?::timestamptz",
                    cutoff.toString())).as("the duplicate check forgets the pruned ids").isZero();
            assertThat(Rows.count(c, "SELECT count(*) FROM execution_event_ids WHERE NOT starts_with(event_id, 'far-')"))
                    .isEqualTo(KEPT);
            assertThat(Rows.count(c, "SELECT count(*) FROM experiments WHERE execution_name = 'kept'")).isEqualTo(1);
        }
    }

    @Test
    void rowsOfAMonthWithoutAPartitionWaitInTheDefaultOneAndMoveWhenItIsAdded() throws Exception {
        YearMonth far = NEXT_MONTH.plusMonths(12);
        String partition = "execution_events_" + far.toString().replace('-', '_');
        try (Connection c = db.connect()) {
            insertEvents(c, "far-", "'" + far.atDay(3) + "T12:00:00Z'::timestamptz", 10);
            assertThat(Rows.count(c, "SELECT count(*) FROM execution_events_default WHERE starts_with(event_id, 'far-')"))
                    .isEqualTo(10);

            assertThat(Rows.query(c, "SELECT execution_events_add_month(?::date) AS added", far.atDay(20).toString()))
                    .extracting(r -> r.get("added")).containsExactly(partition);
            assertThat(Rows.query(c, "SELECT execution_events_add_month(?::date) AS added", far.atDay(1).toString()))
                    .extracting(r -> r.get("added")).as("a second call finds it").containsExactly((Object) null);
            assertThat(Rows.count(c, "SELECT count(*) FROM execution_events_default")).isZero();
            assertThat(Rows.count(c, "SELECT count(*) FROM " + partition)).isEqualTo(10);
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aPartitionWhoseLockIsBusyIsLeftStandingAndItsOldRowsGoInSlices() throws Exception {
        YearMonth month = NEXT_MONTH.plusMonths(6);
        String partition = "execution_events_" + month.toString().replace('-', '_');
        Instant cutoff = month.plusMonths(1).atDay(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        try (Connection c = db.connect()) {
            Rows.query(c, "SELECT execution_events_add_month(?::date)", month.atDay(1).toString());
            // One of the months the pruner keeps ready is missing, so it has one to add.
            Rows.execute(c, "DROP TABLE IF EXISTS execution_events_" + NEXT_MONTH.plusMonths(2).toString().replace('-', '_'));
            insertEvents(c, "busy-", "'" + month.atDay(2) + "T00:00:00Z'::timestamptz + interval '1 minute' * g", 100);
        }
        try (Connection reader = db.connect()) {
            // A long reader of the whole history: adding a month and detaching one must wait for it, and give up
            // after the pruner's lock timeout instead of holding everyone else up behind it.
            reader.setAutoCommit(false);
            Rows.count(reader, "SELECT count(*) FROM execution_events WHERE starts_with(event_id, 'busy-')");

            HistoryPruner.Result pruned;
            try (Connection c = DatabaseConnection.open(db.url())) {
                pruned = HistoryPruner.prune(c, cutoff);
            }
            reader.rollback();

            assertThat(pruned.partitionsDropped()).as("no partition could be detached").isEmpty();
            assertThat(pruned.partitionsAdded()).as("the missing month could not be added").isEmpty();
            try (Connection c = db.connect()) {
                assertThat(Rows.count(c, "SELECT count(*) FROM execution_events_partitions WHERE partition_name = ?", partition))
                        .isEqualTo(1);
                assertThat(Rows.count(c, "SELECT count(*) FROM execution_events WHERE received_at < ?::timestamptz",
                        cutoff.toString())).as("deleted in slices instead").isZero();
            }
            assertThat(pruned.events()).isGreaterThanOrEqualTo(100);
        }
    }

    /** Each with its id kept for the duplicate check, as the recorder writes them; {@code g} runs 1..count. */
    private static void insertEvents(Connection c, String prefix, String receivedAt, int count) throws Exception {
        Rows.execute(c, "WITH ids AS (INSERT INTO execution_event_ids (event_id, received_at)"
                + " SELECT '" + prefix + "' || g, " + receivedAt + " FROM generate_series(1, " + count + ") g"
                + " RETURNING event_id, received_at)"
                + " INSERT INTO execution_events (event_id, execution_arn, status, received_at, event)"
                + " SELECT event_id, 'arn:kept', 'RUNNING', received_at, '{}' FROM ids");
    }

    private static List<String> partitions() throws Exception {
        try (Connection c = db.connect()) {
            return Rows.query(c, "SELECT partition_name FROM execution_events_partitions").stream()
                    .map(r -> (String) r.get("partition_name")).toList();
        }
    }
}
