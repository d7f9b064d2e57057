package oriole.recorder.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import oriole.recorder.event.StatusChangeEvent;
import oriole.recorder.status.OrderKey;

/**
 * Applies events to PostgreSQL through the MyBatis mapper: fold to one change per execution, then in one
 * transaction the history insert, the attach to pre-created rows and the guarded upsert (three statements
 * whatever the batch size, one more attach for each further execution of one SQS message in the batch).
 * Thread-safe; the connection is the caller's.
 */
public final class StatusStore {

    private final SqlSessionFactory sessions;
    private final ChangeFolder folder;

    public StatusStore(ChangeFolder folder) {
        this.sessions = MyBatisSessions.factory();
        this.folder = folder;
    }

    /** The store with the standard fold, the input/output pointers from {@code environment}. */
    public static StatusStore fromEnvironment(java.util.Map<String, String> environment) {
        return projecting(oriole.recorder.event.ExperimentProjection.fromEnvironment(
                new com.fasterxml.jackson.databind.ObjectMapper(), environment));
    }

    /** The store with the standard fold for these input/output pointers. */
    public static StatusStore projecting(oriole.recorder.event.ExperimentProjection projection) {
        return new StatusStore(new ChangeFolder(projection));
    }

    /**
     * Applies the events in one transaction on {@code connection} (auto-commit off) and commits.
     * On failure the transaction is rolled back and the cause rethrown: nothing of the batch is written.
     */
    public StoreOutcome apply(Connection connection, List<StatusChangeEvent> events) throws SQLException {
        if (events.isEmpty()) {
            return StoreOutcome.NOTHING;
        }
        List<ExecutionChange> changes = folder.fold(events);
        if (connection.getAutoCommit()) {
            connection.setAutoCommit(false);
        }
        try (SqlSession session = sessions.openSession(connection)) {
            ExecutionMapper mapper = session.getMapper(ExecutionMapper.class);
            Set<String> newEventIds = new HashSet<>(Arrays.asList(mapper.insertEvents(EventColumns.of(events, changes)).eventIds()));
            ChangeColumns columns = ChangeColumns.of(changes);
            // Each pass attaches the earliest started execution of each message that has no row yet; several
            // executions of one message in one batch (duplicate SQS processing) take the message's rows one a pass.
            for (int pass = 0; pass < Math.max(1, executionsPerMessage(changes)); pass++) {
                mapper.attachPreCreatedRows(columns);
            }
            ChangedRows changed = mapper.upsertExecutions(columns);
            connection.commit();
            return outcome(events.size(), changes, newEventIds, changed);
        } catch (SQLException e) {
            rollbackQuietly(connection);
            throw e;
        } catch (RuntimeException e) {
            rollbackQuietly(connection);
            SQLException sql = sqlCause(e);
            if (sql == null) {
                throw e; // not the database's refusal: the caller isolates the event that caused it
            }
            throw sql;
        }
    }

    /** The most executions of the batch that share one SQS message id (0 without message ids). */
    static int executionsPerMessage(List<ExecutionChange> changes) {
        Map<String, Integer> executions = new HashMap<>();
        int most = 0;
        for (ExecutionChange change : changes) {
            if (change.sqsMessageId() != null) {
                most = Math.max(most, executions.merge(change.sqsMessageId(), 1, Integer::sum));
            }
        }
        return most;
    }

    private static StoreOutcome outcome(int received, List<ExecutionChange> changes, Set<String> newEventIds,
            ChangedRows changed) {
        Map<String, OrderKey> keyAfter = changed.keysByExecution();
        int applied = 0;
        int stale = 0;
        for (ExecutionChange change : changes) {
            boolean rowTookThisBatch = change.orderKey().equals(keyAfter.get(change.executionArn()));
            int fresh = 0;
            for (StatusChangeEvent event : change.events()) {
                fresh += newEventIds.contains(event.eventId()) ? 1 : 0;
            }
            if (rowTookThisBatch) {
                applied += fresh;
            } else {
                stale += fresh;
            }
        }
        return new StoreOutcome(applied, stale, received - applied - stale);
    }

    private static void rollbackQuietly(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException alreadyBroken) {
            // the connection is gone; so is the transaction
        }
    }

    private static SQLException sqlCause(Exception e) {
        Throwable cause = e;
        while (cause != null) {
            if (cause instanceof SQLException sql) {
                return sql;
            }
            cause = cause.getCause();
        }
        return null;
    }
}
