package oriole.recorder.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import org.apache.ibatis.session.SqlSession;

/**
 * Keeps {@code execution_events} bounded: removes the events received before a cutoff, in slices, each slice
 * its own transaction. Never touches {@code experiments}.
 */
public final class HistoryPruner {

    /** Events per delete: small enough that a slice takes well under a second on a live table. */
    static final int SLICE = 10_000;

    public record Result(Instant cutoff, long events) {
    }

    private HistoryPruner() {
    }

    /** How many events a prune at {@code cutoff} would remove. */
    public static Result count(Connection connection, Instant cutoff) throws SQLException {
        try (SqlSession session = MyBatisSessions.factory().openSession(connection)) {
            long events = session.getMapper(HistoryMapper.class).countReceivedBefore(cutoff.toString());
            commit(connection);
            return new Result(cutoff, events);
        }
    }

    /** Removes the events received before {@code cutoff}; returns how many it removed. */
    public static Result prune(Connection connection, Instant cutoff) throws SQLException {
        long removed = 0;
        try (SqlSession session = MyBatisSessions.factory().openSession(connection)) {
            HistoryMapper history = session.getMapper(HistoryMapper.class);
            int slice;
            do {
                slice = history.deleteReceivedBefore(cutoff.toString(), SLICE);
                commit(connection);
                removed += slice;
            } while (slice == SLICE);
        }
        return new Result(cutoff, removed);
    }

    private static void commit(Connection connection) throws SQLException {
        if (!connection.getAutoCommit()) {
            connection.commit();
        }
    }
}
