package oriole.recorder.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.function.UnaryOperator;
import oriole.recorder.lambda.DatabaseUrl;
import oriole.recorder.store.DatabaseConnection;
import oriole.recorder.store.DatabaseErrorKind;

/**
 * The database as the workflow's Lambdas reach it: the recorder's own secret and connection
 * ({@link DatabaseUrl}, {@link DatabaseConnection}), one connection per container, one transaction per
 * invocation. A failure fails the invocation (Step Functions then retries or catches it, as in oriole); the
 * connection is dropped, and after refused credentials (a rotated password) the secret is read again.
 */
final class WorkflowDatabase {

    /** One step's statements, in a transaction that commits when they return. */
    @FunctionalInterface
    interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private final DatabaseConnection connection;

    WorkflowDatabase(Map<String, String> environment, UnaryOperator<String> secrets, ObjectMapper json) {
        this.connection = new DatabaseConnection(() -> DatabaseUrl.resolve(environment, secrets, json));
    }

    <T> T inTransaction(Work<T> work) {
        try {
            Connection session = connection.get();
            T result = work.run(session);
            session.commit();
            return result;
        } catch (SQLException e) {
            if (DatabaseErrorKind.of(e) == DatabaseErrorKind.AUTHENTICATION) {
                connection.refreshCredentials();
            } else {
                connection.discard();
            }
            throw new IllegalStateException("database: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // Whatever the step did before it failed must not be committed by the next invocation on this connection.
            connection.discard();
            throw e;
        }
    }
}
