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
}
