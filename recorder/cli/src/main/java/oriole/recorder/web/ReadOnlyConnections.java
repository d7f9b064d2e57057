package oriole.recorder.web;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import oriole.recorder.store.DatabaseConnection;

/**
 * The web view's connections: a few kept open between requests, each made read-only for its whole session (the
 * server enforces it: an INSERT is refused whatever code sends it), each query cut at a statement timeout.
 */
public final class ReadOnlyConnections implements AutoCloseable {

    static final String STATEMENT_TIMEOUT = "10s";

    private final String url;
    private final BlockingQueue<Connection> idle;

    public ReadOnlyConnections(String url, int keep) {
        this.url = url;
        this.idle = new ArrayBlockingQueue<>(keep);
    }

    /** A connection for one request: give it back with {@link #release}. */
    public Connection borrow() throws SQLException {
        Connection connection;
        while ((connection = idle.poll()) != null) {
            if (connection.isValid(1)) {
                return connection;
            }
            closeQuietly(connection);
        }
        return open(url);
    }

    public void release(Connection connection) {
        try {
            connection.rollback();
            if (!idle.offer(connection)) {
                connection.close();
            }
        } catch (SQLException broken) {
            closeQuietly(connection);
        }
    }

    /** One read-only connection, for a single use such as {@code report}. */
    public static Connection open(String url) throws SQLException {
        Connection connection = DatabaseConnection.open(url);
        try (Statement session = connection.createStatement()) {
            session.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY");
            session.execute("SET statement_timeout = '" + STATEMENT_TIMEOUT + "'");
            session.execute("SET application_name = 'oriole-recorder-web'");
        }
        connection.commit();
        connection.setReadOnly(true);
        return connection;
    }

    @Override
    public void close() {
        Connection connection;
        while ((connection = idle.poll()) != null) {
            closeQuietly(connection);
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException ignored) {
            // already gone
        }
    }
}
