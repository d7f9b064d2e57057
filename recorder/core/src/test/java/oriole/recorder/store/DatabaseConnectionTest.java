package oriole.recorder.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import oriole.recorder.testing.Rows;
import oriole.recorder.testing.TestDatabase;

class DatabaseConnectionTest {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    @Test
    void aSettingTheServerDoesNotKnowIsLeftAloneAndTheConnectionStaysUsable() throws SQLException {
        try (Connection connection = db.connect()) {
            // What a server before PostgreSQL 12 answers for plan_cache_mode (SQLState 42704).
            DatabaseConnection.setIfKnown(connection, "plan_cache_mode_of_a_future_release", "on");

            assertThat(Rows.count(connection, "SELECT 1")).isEqualTo(1);
        }
    }

    @Test
    void otherFailuresAreReported() throws SQLException {
        Connection closed = db.connect();
        closed.close();

        assertThatThrownBy(() -> DatabaseConnection.setIfKnown(closed, "plan_cache_mode", "force_generic_plan"))
                .isInstanceOf(SQLException.class);
    }

    @Test
    void recorderConnectionsUseGenericPlans() throws SQLException {
        try (Connection connection = DatabaseConnection.open(db.url())) {
            assertThat(Rows.query(connection, "SHOW plan_cache_mode").get(0).get("plan_cache_mode")).isEqualTo("force_generic_plan");
        }
    }

    /**
     * The runs page's search, as its statement binds it: a reading session finds a name through the name index. The
     * recorder's generic plan read the table backwards by id until a page was full at 1,000,000 runs (260 ms; past
     * the web view's 10 s statement timeout at 10,000,000): reading sessions plan for the values, as PostgreSQL does
     * by default.
     */
    @Test
    void readingSessionsPlanASearchedNameForItsValue() throws SQLException {
        try (Connection writer = db.connect()) {
            Rows.execute(writer, "INSERT INTO experiments (execution_name, execution_arn, started_at)"
                    + " SELECT 'plan-' || g, 'arn:aws:states:us-east-1:123456789012:execution:m:plan-' || g,"
                    + " now() - interval '1 second' * g FROM generate_series(1, 50000) g");
            Rows.execute(writer, "ANALYZE experiments");
        }
        // PREPARE and EXECUTE: the plan a bound statement gets under the session's plan_cache_mode
        String prepare = "PREPARE runs_search(text, text, text, text, text) AS SELECT id FROM experiments"
                + " WHERE execution_arn = $1 OR execution_name = $2 OR (execution_name >= $3 AND execution_name < $4"
                + " AND starts_with(execution_name, $5)) ORDER BY id DESC LIMIT 51";
        String explain = "EXPLAIN (FORMAT JSON) EXECUTE runs_search('plan-25000', 'plan-25000', 'plan-25000',"
                + " 'plan-25000' || chr(1114111), 'plan-25000')";
        try (Connection reader = DatabaseConnection.openForReading(db.url());
                Connection recorder = DatabaseConnection.open(db.url())) {
            Rows.execute(reader, prepare);
            Rows.execute(recorder, prepare);
            assertThat(Rows.query(reader, "SHOW plan_cache_mode").get(0).get("plan_cache_mode")).isEqualTo("auto");
            assertThat(Rows.query(reader, explain).get(0).get("QUERY PLAN").toString())
                    .contains("experiments_execution_name_idx").doesNotContain("experiments_pkey");
            assertThat(Rows.query(recorder, "SHOW plan_cache_mode").get(0).get("plan_cache_mode"))
                    .as("the recorder's own sessions keep their generic plans").isEqualTo("force_generic_plan");
        }
    }
}
