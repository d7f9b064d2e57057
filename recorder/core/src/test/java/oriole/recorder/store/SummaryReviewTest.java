package oriole.recorder.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import oriole.recorder.testing.Rows;
import oriole.recorder.testing.TestDatabase;

/** The research summary (V10) where a review found it wrong: each case against a full scan. */
class SummaryReviewTest {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    @BeforeEach
    void empty() throws Exception {
        try (Connection c = db.connect()) {
            Rows.execute(c, "TRUNCATE experiments");
            Rows.execute(c, "DELETE FROM repeated_messages");
        }
    }

    /**
     * A session in a zone with daylight saving time: timestamptz + interval '1 day' is a calendar day of the session's
     * zone (23 or 25 hours across a change), so the window's first whole UTC day must not be found that way.
     */
    @Test
    void aWindowAcrossADaylightSavingChangeInTheSessionsZoneCountsEachRunOnce() throws Exception {
        try (Connection c = db.connect()) {
            Rows.execute(c, "SET TIME ZONE 'America/New_York'");
            Rows.execute(c, "INSERT INTO experiments (model_name, temperature, started_at, completed_at, execution_status,"
                    + " goal_found, last_error)"
                    + " SELECT 'dst', 0.5, t, t + interval '7 minutes', CASE WHEN i % 3 = 0 THEN 'FAILED' ELSE 'SUCCEEDED' END,"
                    + " i % 2 = 0, CASE WHEN i % 3 = 0 THEN '{\"error\": \"States.Timeout\", \"kind\": \"TIMEOUT\"}'::jsonb END"
                    + " FROM (SELECT t, row_number() OVER () AS i FROM (SELECT generate_series('2026-03-06T00:05:00Z'::timestamptz,"
                    + " '2026-03-11T00:00:00Z', interval '50 minutes') UNION ALL SELECT generate_series('2026-10-30T00:05:00Z'::timestamptz,"
                    + " '2026-11-04T00:00:00Z', interval '50 minutes')) AS s(t)) AS r");
            // the spring change (2026-03-08) and the autumn one (2026-11-01) in the window's first day
            for (String at : List.of("2026-03-09T20:00:00Z", "2026-03-10T06:30:00Z", "2026-11-02T20:00:00Z",
                    "2026-11-03T10:30:00Z")) {
                SummaryExactnessTest.assertSameAsFullScan(c, at);
            }
        }
    }

    /**
     * A run with a start or end at -infinity or infinity (PostgreSQL 15 cannot subtract those): the writer's INSERT and
     * UPDATE stand as they did before the summary, and every figure still equals the scan's.
     */
    @Test
    void runsWithInfiniteTimesAreWrittenAndCounted() throws Exception {
        try (Connection c = db.connect()) {
            Rows.execute(c, "INSERT INTO experiments (model_name, temperature, started_at, completed_at, execution_status,"
                    + " goal_found) VALUES ('inf', 0.5, '-infinity', '2026-03-01T10:20:00Z', 'FAILED', false),"
                    + " ('inf', 0.5, '2026-03-01T10:10:00Z', 'infinity', 'SUCCEEDED', true),"
                    + " ('inf', 0.5, '2026-03-01T10:15:00Z', '2026-03-01T10:25:00Z', 'SUCCEEDED', true),"
                    + " ('inf', 0.5, 'infinity', '2026-03-01T10:30:00Z', 'TIMED_OUT', false)");
            Rows.execute(c, "UPDATE experiments SET completed_at = '-infinity' WHERE started_at = '2026-03-01T10:15:00Z'");
            Rows.execute(c, "UPDATE experiments SET completed_at = '2026-03-01T10:40:00Z' WHERE started_at = '2026-03-01T10:15:00Z'");
            assertThat(Rows.count(c, "SELECT count(*) FROM experiments")).isEqualTo(4);
            assertThat(Rows.query(c, "SELECT * FROM oriole_count_differences()")).isEmpty();
            for (String at : List.of("2026-03-01T10:45:00Z", "2026-03-02T00:00:00Z", "2026-03-05T12:00:00Z")) {
                SummaryExactnessTest.assertSameAsFullScan(c, at);
            }
            Rows.execute(c, "SELECT oriole_rebuild_counts()");
            assertThat(Rows.query(c, "SELECT * FROM oriole_count_differences()")).isEmpty();
        }
    }

    /**
     * A statement that changes no row (the recorder's attach statement, in almost every batch) leaves the summary
     * alone at once: no slot claimed, no count written. Before V11 every such statement claimed a slot and ran the
     * summary's INSERT over empty transition tables.
     */
    @Test
    void aStatementThatChangesNoRowClaimsNoSlot() throws Exception {
        try (Connection c = db.connect()) {
            Rows.execute(c, "INSERT INTO experiments (model_name, temperature, started_at, execution_status)"
                    + " VALUES ('none', 0.5, '2026-03-01T10:00:00Z', 'RUNNING')");
            c.setAutoCommit(false);
            Rows.execute(c, "UPDATE experiments SET goal_found = true WHERE false");
            Rows.execute(c, "INSERT INTO experiments (model_name) SELECT 'never' WHERE false");
            Rows.execute(c, "DELETE FROM experiments WHERE false");
            assertThat(Rows.count(c, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                    + " AND classid = 1869769074 AND pid = pg_backend_pid()")).as("summary slots claimed").isZero();
            Rows.execute(c, "UPDATE experiments SET goal_found = true WHERE model_name = 'none'");
            assertThat(Rows.count(c, "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory'"
                    + " AND classid = 1869769074 AND pid = pg_backend_pid()")).as("a statement that changed a row").isOne();
            c.commit();
            assertThat(Rows.query(c, "SELECT * FROM oriole_count_differences()")).isEmpty();
        }
    }

    /** Two connections whose backend pids are the same modulo 16 (the summary's slots before this review). */
    private static List<Connection> twoConnectionsOfOneSlot() throws Exception {
        List<Connection> opened = new ArrayList<>();
        Connection[] bySlot = new Connection[16];
        try {
            while (true) {
                Connection c = db.connect();
                opened.add(c);
                int slot = (int) (Rows.count(c, "SELECT pg_backend_pid()") % 16);
                if (bySlot[slot] != null) {
                    opened.remove(c);
                    opened.remove(bySlot[slot]);
                    return List.of(bySlot[slot], c);
                }
                bySlot[slot] = c;
            }
        } finally {
            for (Connection c : opened) {
                c.close();
            }
        }
    }

    private static void insert(Connection c, String model) throws Exception {
        Rows.execute(c, "INSERT INTO experiments (model_name, temperature, started_at, execution_status)"
                + " VALUES ('" + model + "', 0.5, '2026-03-01T10:00:00Z', 'RUNNING')");
    }

    /**
     * Two transactions that insert unrelated rows (no row, no advisory lock in common) in opposite orders of their
     * keys: before the summary they never wait on each other; two connections writing one summary slot must not
     * deadlock either.
     */
    @Test
    void twoWritersOfUnrelatedRowsDoNotDeadlockOnTheSummary() throws Exception {
        List<Connection> pair = twoConnectionsOfOneSlot();
        try (Connection first = pair.get(0); Connection second = pair.get(1)) {
            for (Connection c : pair) {
                Rows.execute(c, "SET lock_timeout = '20s'");
                c.setAutoCommit(false);
            }
            insert(first, "model-a");
            insert(second, "model-b");
            CompletableFuture<Void> firstGoesOn = CompletableFuture.runAsync(() -> {
                try {
                    insert(first, "model-b");
                    first.commit();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            Thread.sleep(500);
            insert(second, "model-a");
            second.commit();
            firstGoesOn.get(30, TimeUnit.SECONDS);
        }
        try (Connection c = db.connect()) {
            assertThat(Rows.count(c, "SELECT count(*) FROM experiments")).isEqualTo(4);
            assertThat(Rows.query(c, "SELECT * FROM oriole_count_differences()")).isEmpty();
        }
    }

    /**
     * The reconciler's compaction beside a writer that changes an old run's keys in two statements (the explainer's
     * note, then the goal): the compaction must not take a row the writer holds and then wait for it.
     */
    @Test
    void compactionBesideAWriterOfAPastDayDoesNotDeadlock() throws Exception {
        Connection spare = db.connect();
        if (Rows.count(spare, "SELECT pg_backend_pid()") % 16 == 0) {  // slot 0 is the compaction's own before the fix
            Connection other = db.connect();
            spare.close();
            spare = other;
        }
        try (Connection writer = spare; Connection reconciler = db.connect()) {
            Rows.execute(writer, "SET lock_timeout = '20s'");
            Rows.execute(reconciler, "SET lock_timeout = '20s'");
            long id = Rows.count(writer, "INSERT INTO experiments (model_name, temperature, started_at, completed_at,"
                    + " execution_status, goal_found, last_error) VALUES ('old', 0.5, now() - interval '10 days',"
                    + " now() - interval '10 days' + interval '5 minutes', 'FAILED', false,"
                    + " '{\"error\": \"States.Timeout\", \"kind\": \"TIMEOUT\"}') RETURNING id");
            writer.setAutoCommit(false);
            Rows.execute(writer, "UPDATE experiments SET explain_note = 'NO_FAILURE_IN_HISTORY' WHERE id = " + id);
            CompletableFuture<Void> compaction = CompletableFuture.runAsync(() -> {
                try {
                    Rows.execute(reconciler, "SELECT oriole_compact_counts()");
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            Thread.sleep(500);
            Rows.execute(writer, "UPDATE experiments SET goal_found = true WHERE id = " + id);
            writer.commit();
            compaction.get(30, TimeUnit.SECONDS);
        }
        try (Connection c = db.connect()) {
            assertThat(Rows.query(c, "SELECT * FROM oriole_count_differences()")).isEmpty();
            Rows.execute(c, "SELECT oriole_compact_counts()");
            assertThat(Rows.query(c, "SELECT * FROM oriole_count_differences()")).isEmpty();
        }
    }

    /**
     * Two REPEATABLE READ transactions each start an execution of one SQS message: the later one's check cannot see
     * the earlier one's row (its snapshot is older), yet the message was processed twice.
     */
    @Test
    void aMessageTwoRepeatableReadWritersBothCarryIsARepeatedMessage() throws Exception {
        try (Connection first = db.connect(); Connection second = db.connect()) {
            for (Connection c : List.of(first, second)) {
                Rows.execute(c, "SET lock_timeout = '20s'");
                c.setAutoCommit(false);
                c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
                Rows.count(c, "SELECT count(*) FROM experiments");  // the transaction's snapshot
            }
            Rows.execute(first, "INSERT INTO experiments (model_name, started_at, execution_status, execution_arn,"
                    + " sqs_message_id) VALUES ('m', '2026-03-01T10:00:00Z', 'RUNNING', 'arn:rr:1', 'message-rr')");
            CompletableFuture<Void> secondGoesOn = CompletableFuture.runAsync(() -> {
                try {
                    Rows.execute(second, "INSERT INTO experiments (model_name, started_at, execution_status, execution_arn,"
                            + " sqs_message_id) VALUES ('m', '2026-03-01T10:05:00Z', 'RUNNING', 'arn:rr:2', 'message-rr')");
                    second.commit();
                } catch (Exception e) {
                    throw new RuntimeException(e);
                }
            });
            Thread.sleep(500);
            first.commit();
            secondGoesOn.get(30, TimeUnit.SECONDS);
        }
        try (Connection c = db.connect()) {
            assertThat(Rows.count(c, "SELECT count(*) FROM experiments WHERE sqs_message_id = 'message-rr'")).isEqualTo(2);
            SummaryExactnessTest.assertSameAsFullScan(c, "2026-03-01T12:00:00Z");
        }
    }

    /**
     * A REPEATABLE READ transaction whose snapshot predates another connection's committed write of the same key in
     * the same slot: its INSERT of an unrelated row must not fail (before the summary it could not).
     */
    @Test
    void aRepeatableReadWriterIsNotRefusedOverASummaryRowCommittedAfterItsSnapshot() throws Exception {
        List<Connection> pair = twoConnectionsOfOneSlot();
        try (Connection other = pair.get(0); Connection repeatable = pair.get(1)) {
            repeatable.setAutoCommit(false);
            repeatable.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            Rows.count(repeatable, "SELECT count(*) FROM experiments");  // the transaction's snapshot
            insert(other, "model-a");  // committed (auto-commit), after that snapshot
            insert(repeatable, "model-a");
            repeatable.commit();
        }
        try (Connection c = db.connect()) {
            assertThat(Rows.count(c, "SELECT count(*) FROM experiments")).isEqualTo(2);
            assertThat(Rows.query(c, "SELECT * FROM oriole_count_differences()")).isEmpty();
        }
    }
}
