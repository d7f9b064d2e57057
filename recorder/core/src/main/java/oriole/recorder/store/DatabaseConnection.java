package oriole.recorder.store;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.function.Supplier;

/**
 * The one connection a recorder container holds: opened on first use (not at class loading, so a cold
 * start or a SnapStart snapshot holds no socket), dropped when it breaks and opened again on next use,
 * with credentials read again after a password rotation.
 * Not thread-safe: one per worker, like one per Lambda container.
 */
public final class DatabaseConnection implements AutoCloseable {

    /**
     * Limits for the recorder's sessions, in seconds. A Lambda invocation has 30 s; a socket that stops
     * answering (a failover, a paused or partitioned server) must cost seconds, not the whole invocation, so
     * that the batch can still reconnect, re-read the secret and report what it could not record. A batch's
     * three statements take milliseconds; ten seconds of silence means the server is gone.
     */
    public static final int CONNECT_TIMEOUT_SECONDS = 3;
    public static final int LOGIN_TIMEOUT_SECONDS = 5;
    public static final int SOCKET_TIMEOUT_SECONDS = 10;

    private final Supplier<String> urlSource;
    private String url;
    private Connection connection;

    public DatabaseConnection(String url) {
        this(() -> url);
    }

    /**
     * A connection to the URL {@code urlSource} gives (e.g. from a secret), asked on first use and again by
     * {@link #refreshCredentials()}. A source that fails (a secret lacking keys) fails {@link #get()} with
     * an {@link SQLException} that names what is wrong, so the batch fails and nothing is lost.
     */
    public DatabaseConnection(Supplier<String> urlSource) {
        this.urlSource = urlSource;
    }

    public Connection get() throws SQLException {
        if (connection == null || connection.isClosed()) {
            if (url == null) {
                url = askSource();
            }
            connection = open(url, recorderSession());
        }
        return connection;
    }

    /** Forgets a broken connection so that the next {@link #get()} opens a fresh one. */
    public void discard() {
        close();
    }

    /**
     * Forgets the connection and the URL, so the next {@link #get()} asks the source again: after a password
     * rotation the secret holds the new password, while the URL in hand still carries the old one.
     */
    public void refreshCredentials() {
        close();
        url = null;
    }

    private String askSource() throws SQLException {
        try {
            return urlSource.get();
        } catch (RuntimeException e) {
            throw new SQLException("configuration: " + e.getMessage(), (String) null, e);
        }
    }

    private static Properties recorderSession() {
        Properties limits = new Properties();
        limits.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT_SECONDS));
        limits.setProperty("loginTimeout", Integer.toString(LOGIN_TIMEOUT_SECONDS));
        limits.setProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT_SECONDS));
        return limits;
    }

    /** A session for commands that write (migrate, replay, reconcile…), whose queries may run long: no socket timeout. */
    public static Connection open(String url) throws SQLException {
        return open(url, new Properties(), true);
    }

    /**
     * A session for what only reads (diagnose, show, export, the web view): PostgreSQL plans each query for its
     * values, as it does by default. Their windows and searched names change which plan is best; the recorder's
     * generic plans searched a run's name by reading the whole table backwards by id (260 ms at 1,000,000 runs,
     * past the web view's 10 s statement timeout at 10,000,000; an index lookup of 1 ms with the name known).
     */
    public static Connection openForReading(String url) throws SQLException {
        return open(url, new Properties(), false);
    }

    private static Connection open(String url, Properties limits) throws SQLException {
        return open(url, limits, true);
    }

    private static Connection open(String url, Properties limits, boolean genericPlans) throws SQLException {
        Properties defaults = new Properties();
        // Settings in the URL win over these defaults.
        defaults.setProperty("ApplicationName", "oriole-recorder");
        defaults.setProperty("connectTimeout", "10");
        defaults.setProperty("tcpKeepAlive", "true");
        defaults.putAll(limits);
        Connection connection = StatementCounter.counting(DriverManager.getConnection(url, defaults));
        if (genericPlans) {
            useGenericPlans(connection);
        }
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
