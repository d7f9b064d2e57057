package oriole.recorder.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The one connection a recorder container holds: opened on first use (not at class loading, so a cold
 * start or a SnapStart snapshot holds no socket), dropped when it breaks and opened again on next use.
 * Not thread-safe: one per worker, like one per Lambda container.
 */
public final class DatabaseConnection implements AutoCloseable {

    private final String url;
    private Connection connection;

    public DatabaseConnection(String url) {
        this.url = url;
    }

    public Connection get() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = open(url);
        }
        return connection;
    }

    /** Forgets a broken connection so that the next {@link #get()} opens a fresh one. */
    public void discard() {
        close();
    }

    public static Connection open(String url) throws SQLException {
        Properties defaults = new Properties();
        // Settings in the URL win over these defaults.
        defaults.setProperty("ApplicationName", "oriole-recorder");
        defaults.setProperty("connectTimeout", "10");
        defaults.setProperty("tcpKeepAlive", "true");
        Connection connection = StatementCounter.counting(DriverManager.getConnection(url, defaults));
        useGenericPlans(connection);
        connection.setAutoCommit(false);
        return connection;
    }

    /**
     * The recorder's statements have a fixed shape (unnest over array parameters, index probes). Under the
     * default plan_cache_mode PostgreSQL may plan them afresh on every execution (about 1 ms for the attach
     * statement); the generic plan is the same plan without that cost, and PostgreSQL re-plans it when the
     * tables' statistics change. Servers before PostgreSQL 12 have no such setting and keep their default.
     */
    static void useGenericPlans(Connection connection) throws SQLException {
        setIfKnown(connection, "plan_cache_mode", "force_generic_plan");
    }

    /** SET for this session; a setting this server does not know is left alone, any other failure is reported. */
    static void setIfKnown(Connection connection, String setting, String value) throws SQLException {
        try (Statement session = connection.createStatement()) {
            session.execute("SET " + setting + " = " + value);
        } catch (SQLException e) {
            if (!UNKNOWN_SETTING.equals(e.getSQLState())) {
                throw e;
            }
        }
    }

    private static final String UNKNOWN_SETTING = "42704";

    @Override
    public void close() {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // closing a broken connection tells nothing new
            }
            connection = null;
        }
    }
}
