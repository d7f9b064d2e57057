package oriole.recorder.bench;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import oriole.recorder.devkit.JdbcUrls;
import oriole.recorder.devkit.Migrator;
import oriole.recorder.store.DatabaseConnection;

/** A fresh, migrated schema per benchmark run, so the runs share a server but never rows. */
public final class BenchSchemas {

    private BenchSchemas() {
    }

    /** Drops and recreates schema {@code name}, migrates it, returns a URL whose tables are that schema's. */
    public static String fresh(String url, String name) throws SQLException {
        execute(url, "DROP SCHEMA IF EXISTS " + name + " CASCADE; CREATE SCHEMA " + name);
        String schemaUrl = JdbcUrls.withParameter(url, "currentSchema", name);
        Migrator.migrate(schemaUrl);
        return schemaUrl;
    }

    static void analyze(String schemaUrl) throws SQLException {
        execute(schemaUrl, "ANALYZE experiments; ANALYZE execution_events; ANALYZE execution_event_ids");
    }

    static void empty(String schemaUrl) throws SQLException {
        execute(schemaUrl, "TRUNCATE experiments, execution_events, execution_event_ids");
    }

    /** CHECKPOINT needs superuser or pg_checkpoint; without it the run simply starts where the server is. */
    static void checkpoint(String url) {
        try {
            execute(url, "CHECKPOINT");
        } catch (SQLException notAllowed) {
            // measured as is
        }
    }

    public static void drop(String url, String name) throws SQLException {
        execute(url, "DROP SCHEMA IF EXISTS " + name + " CASCADE");
    }

    private static void execute(String url, String sql) throws SQLException {
        try (Connection connection = DatabaseConnection.open(url); Statement statement = connection.createStatement()) {
            statement.execute(sql);
            connection.commit();
        }
    }
}
