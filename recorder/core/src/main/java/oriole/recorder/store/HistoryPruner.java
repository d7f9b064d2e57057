package oriole.recorder.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.ibatis.exceptions.PersistenceException;
import org.apache.ibatis.session.SqlSession;

/**
 * Keeps {@code execution_events} bounded and ready: adds the month partitions ahead, drops the partitions that
 * hold only events received before the cutoff, deletes the rest of the old events in slices (each slice its own
 * transaction), and forgets their ids in the duplicate check. Never touches {@code experiments}.
 */
public final class HistoryPruner {

    /** Events per delete: small enough that a slice takes well under a second on a live table. */
    static final int SLICE = 10_000;

    /** Months of partitions kept ready: a pruner that stops running has this long before the default partition fills. */
    static final int MONTHS_AHEAD = 3;

    private static final String LOCK_NOT_AVAILABLE = "55P03";

    /**
     * @param events            the events removed (or, for a dry run, that would be)
     * @param partitionsDropped the partitions dropped whole (or that would be)
     * @param partitionsAdded   the month partitions created ahead
     */
    public record Result(Instant cutoff, long events, List<String> partitionsDropped, List<String> partitionsAdded) {
    }

    private HistoryPruner() {
    }

    /** What a prune at {@code cutoff} would remove. */
    public static Result count(Connection connection, Instant cutoff) throws SQLException {
        try (SqlSession session = MyBatisSessions.factory().openSession(connection)) {
            HistoryMapper history = session.getMapper(HistoryMapper.class);
            long events = history.countReceivedBefore(cutoff.toString());
            List<String> partitions = history.partitionsBefore(cutoff.toString());
            commit(connection);
            return new Result(cutoff, events, partitions, List.of());
        }
    }

    /** Removes the events received before {@code cutoff} and prepares the months ahead. */
    public static Result prune(Connection connection, Instant cutoff) throws SQLException {
        try (SqlSession session = MyBatisSessions.factory().openSession(connection)) {
            HistoryMapper history = session.getMapper(HistoryMapper.class);
            List<String> added = underLockTimeout(connection, history, () -> history.addMonths(MONTHS_AHEAD));
            long removed = 0;
            List<String> dropped = new ArrayList<>();
            for (String partition : history.partitionsBefore(cutoff.toString())) {
                String name = quoted(partition);
                Long rows = underLockTimeout(connection, history, () -> {
                    long count = history.countPartition(name);
                    history.detachPartition(name);
                    history.dropTable(name);
                    return count;
                });
                if (rows != null) {
                    removed += rows;
                    dropped.add(partition);
                }
            }
            removed += inSlices(connection, () -> history.deleteReceivedBefore(cutoff.toString(), SLICE));
            inSlices(connection, () -> history.deleteIdsReceivedBefore(cutoff.toString(), SLICE));
            return new Result(cutoff, removed, dropped, added == null ? List.of() : added);
        }
    }

    private interface PartitionChange<T> {
        T apply();
    }

    /**
     * Adding or detaching a partition takes a short exclusive lock (on the default partition, on the parent) that
     * must not queue in front of the recorder and every reader behind a long query: the change runs in one
     * transaction under a lock timeout and is left for the next run when the lock is busy (null).
     */
    private static <T> T underLockTimeout(Connection connection, HistoryMapper history, PartitionChange<T> change)
            throws SQLException {
        try {
            history.setLockTimeout();
            T result = change.apply();
            commit(connection);
            return result;
        } catch (PersistenceException e) {
            connection.rollback();
            if (e.getCause() instanceof SQLException sql && LOCK_NOT_AVAILABLE.equals(sql.getSQLState())) {
                return null;
            }
            throw e;
        }
    }

    private interface Slice {
        int delete();
    }

    private static long inSlices(Connection connection, Slice slice) throws SQLException {
        long removed = 0;
        int deleted;
        do {
            deleted = slice.delete();
            commit(connection);
            removed += deleted;
        } while (deleted == SLICE);
        return removed;
    }

    static String quoted(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static void commit(Connection connection) throws SQLException {
        if (!connection.getAutoCommit()) {
            connection.commit();
        }
    }
}
