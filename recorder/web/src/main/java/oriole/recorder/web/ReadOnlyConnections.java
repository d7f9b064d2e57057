package oriole.recorder.web;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import oriole.recorder.store.DatabaseConnection;

/**
 * The web view's connections: a few kept open between requests, each made read-only for its whole session (the
 * server enforces it: an INSERT is refused whatever code sends it), each query cut at a statement timeout.
 */
public final class ReadOnlyConnections implements AutoCloseable {

    static final String STATEMENT_TIMEOUT = "10s";

    /** How long a request waits for a connection before it is told the database is busy. */
    static final long WAIT_MILLIS = 2000;

    private final String url;
    private final BlockingQueue<Connection> idle;
    private final Semaphore inUse;

    /** @param most connections open at once, idle or in use: the database's share of the view */
    public ReadOnlyConnections(String url, int most) {
        this.url = url;
        this.idle = new ArrayBlockingQueue<>(most);
        this.inUse = new Semaphore(most);
    }

    /** A connection for one request, or {@link Unavailable} when all are in use for a while: give it back with {@link #release}. */
    Connection borrow() throws SQLException {
        try {
            if (!inUse.tryAcquire(WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                throw new Unavailable("every database connection of the view is busy with other requests; try again shortly");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unavailable("the server is stopping");
        }
        try {
            Connection connection;
            while ((connection = idle.poll()) != null) {
                if (connection.isValid(1)) {
                    return connection;
                }
                closeQuietly(connection);
            }
            return open(url);
        } catch (SQLException | RuntimeException e) {
            inUse.release();
            throw e;
        }
    }

    void release(Connection connection) {
        try {
            releaseConnection(connection);
        } finally {
            inUse.release();
        }
    }

    private void releaseConnection(Connection connection) {
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
        Connection connection = DatabaseConnection.openForReading(url);
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
