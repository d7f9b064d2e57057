package oriole.recorder.devkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import oriole.recorder.testing.TestDatabase;

class MigratorTest {

    static final List<String> TRACKING_COLUMNS = List.of("execution_arn", "execution_name", "execution_status",
            "last_error", "sqs_message_id", "redrive_count", "state_machine_arn", "status_rank", "payload_omitted",
            "reconciled_at", "reconcile_note", "failed_state", "failed_function", "failed_request_id", "failed_kind",
            "explained_at", "explained_redrive_count", "explain_note");
    /** V1 to V7 and V9 (V8 comes from another change). */

    static final String EMPTY_SCHEMA = "DROP SCHEMA public CASCADE; CREATE SCHEMA public";

    /** How many versioned scripts db/migrations holds: what a fresh database applies. */
    static long migrationFiles() {
        try (java.util.stream.Stream<java.nio.file.Path> files = java.nio.file.Files.list(
                oriole.recorder.testing.SavedEventFiles.root().getParent().resolve("db").resolve("migrations"))) {
            return files.filter(file -> file.getFileName().toString().matches("V[0-9_]+__.*\\.sql")).count();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Nested
    class OnAFreshDatabase {
        @RegisterExtension
        static final TestDatabase db = TestDatabase.empty();

        @Test
        void createsTheBaselineTableTheTrackingColumnsAndTheHistory() throws SQLException {
            Migrator.Result result = Migrator.migrate(db.url());

            assertThat(result.applied()).as("every file in db/migrations").isEqualTo(migrationFiles());
            try (Connection c = db.connect()) {
                assertThat(columns(c, "experiments")).containsAll(TRACKING_COLUMNS)
                        .contains("id", "model_name", "temperature", "started_at", "completed_at", "goal_found",
                                "failure_reason");
                assertThat(columns(c, "execution_events")).contains("event_id", "execution_arn", "status",
                        "redrive_count", "start_date", "stop_date", "received_at", "event");
                assertThat(strings(c, "SELECT indexname FROM pg_indexes WHERE tablename = 'experiments'"))
                        .contains("experiments_execution_arn_key", "experiments_execution_status_started_at_idx",
                                "experiments_sqs_message_id_idx", "experiments_reported_running_idx",
                                "experiments_execution_name_idx", "experiments_completed_at_idx", "experiments_started_at_idx",
                                "experiments_waiting_for_explanation_idx", "experiments_failed_state_completed_at_idx")
                        .as("V11_1 drops the indexes no query reads (written on every RUNNING row)")
                        .doesNotContain("experiments_open_started_at_idx", "experiments_running_started_at_idx");
                assertThat(strings(c, "SELECT c.relname FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid"
                        + " WHERE NOT i.indisvalid")).as("the concurrently built indexes are valid").isEmpty();
                assertThat(strings(c, "SELECT a.attname FROM pg_attribute a JOIN pg_class t ON t.oid = a.attrelid"
                        + " WHERE t.relname = 'experiments' AND col_description(t.oid, a.attnum) IS NOT NULL"))
                        .as("every tracking column explains itself")
                        .containsAll(TRACKING_COLUMNS);
            }
        }
    }

    @Nested
    class OnALegacyOrioleDatabase {
        @RegisterExtension
        static final TestDatabase db = TestDatabase.empty();

        @Test
        void keepsEveryOldRowUntouchedWithNullTrackingColumns() throws SQLException {
            try (Connection c = db.connect(); Statement sql = c.createStatement()) {
                sql.execute(EMPTY_SCHEMA);
                sql.execute("CREATE TABLE experiments (id bigserial PRIMARY KEY, model_name text, temperature numeric,"
                        + " started_at timestamptz, completed_at timestamptz, goal_found boolean, failure_reason text)");
                sql.execute("INSERT INTO experiments (model_name, temperature, started_at, completed_at, goal_found,"
                        + " failure_reason) VALUES"
                        + " ('claude-3', 0.7, '2024-01-01T10:00:00Z', '2024-01-01T10:05:00Z', true, NULL),"
                        + " ('gpt-4', 0.0, '2024-01-02T10:00:00Z', NULL, NULL, NULL),"
                        + " ('llama', 1.0, '2024-01-03T10:00:00Z', '2024-01-03T11:00:00Z', false, 'gave up')");
            }
            List<String> before = rows(db);

            Migrator.Result result = Migrator.migrate(db.url());

            assertThat(result.applied()).isEqualTo(migrationFiles());
            assertThat(rows(db)).as("old rows survive unchanged").isEqualTo(before);
            try (Connection c = db.connect()) {
                assertThat(strings(c, "SELECT count(*) FROM experiments WHERE execution_arn IS NULL"
                        + " AND execution_name IS NULL AND execution_status IS NULL AND last_error IS NULL"
                        + " AND sqs_message_id IS NULL AND redrive_count IS NULL AND state_machine_arn IS NULL"
                        + " AND payload_omitted IS NULL AND reconciled_at IS NULL AND failed_state IS NULL"
                        + " AND explained_at IS NULL"))
                        .containsExactly("3");
                assertThat(strings(c, "SELECT max(id) + 1 = nextval('experiments_id_seq') FROM experiments"))
                        .as("the id sequence keeps counting").containsExactly("t");
            }
        }

        @Test
        void toleratesASeedThatAlreadyRanItsOwnTrackingMigration() throws SQLException {
            try (Connection c = db.connect(); Statement sql = c.createStatement()) {
                sql.execute(EMPTY_SCHEMA);
                sql.execute("CREATE TABLE experiments (id bigserial PRIMARY KEY, model_name text, temperature numeric,"
                        + " started_at timestamptz, completed_at timestamptz, goal_found boolean, failure_reason text,"
                        + " execution_arn text, execution_name text, execution_status varchar(20), last_error jsonb,"
                        + " sqs_message_id text)");
                sql.execute("INSERT INTO experiments (model_name, execution_arn, execution_status) VALUES"
                        + " ('m', 'arn:aws:states:us-east-1:123456789012:execution:sm:x', 'RUNNING')");
            }

            Migrator.migrate(db.url());

            try (Connection c = db.connect()) {
                assertThat(strings(c, "SELECT execution_status FROM experiments")).containsExactly("RUNNING");
                assertThat(columns(c, "experiments")).containsAll(TRACKING_COLUMNS);
            }
        }
    }

    @Nested
    class RunTwice {
        @RegisterExtension
        static final TestDatabase db = TestDatabase.empty();

        @Test
        void theSecondRunIsANoOp() throws SQLException {
            Migrator.migrate(db.url());
            List<String> schema;
            try (Connection c = db.connect()) {
                schema = schema(c);
            }

            Migrator.Result second = Migrator.migrate(db.url());

            assertThat(second.applied()).isZero();
            try (Connection c = db.connect()) {
                assertThat(schema(c)).isEqualTo(schema);
            }
        }
    }

    static List<String> rows(TestDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            return strings(c, "SELECT id, model_name, temperature, started_at, completed_at, goal_found, failure_reason"
                    + " FROM experiments ORDER BY id");
        }
    }

    static List<String> columns(Connection c, String table) throws SQLException {
        return strings(c, "SELECT column_name FROM information_schema.columns WHERE table_name = '" + table + "'");
    }

    static List<String> schema(Connection c) throws SQLException {
        return strings(c, "SELECT table_name, column_name, data_type, is_nullable FROM information_schema.columns"
                + " WHERE table_schema = 'public' ORDER BY 1, 2");
    }

    static List<String> strings(Connection c, String query) throws SQLException {
        List<String> result = new ArrayList<>();
        try (Statement sql = c.createStatement(); ResultSet rs = sql.executeQuery(query)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                result.add(row.toString());
            }
        }
        return result;
    }

    static Connection connect(String url) throws SQLException {
        return DriverManager.getConnection(url);
    }
}
