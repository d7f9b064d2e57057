package oriole.recorder.testing;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * oriole's own writes, exactly as its Lambdas send them: the files in {@code db/oriole-workflow}, verbatim, with
 * every parameter sent untyped as node-postgres sends it (the server infers the types), on the caller's connection
 * in auto-commit, one statement a transaction.
 */
public final class OrioleWorkflow {

    private OrioleWorkflow() {
    }

    /** StartExperiment: the INSERT … RETURNING id, with the execution's ARN, name and message id. */
    public static long startExperiment(Connection c, String model, BigDecimal temperature, String executionArn,
            String executionName, String sqsMessageId) throws SQLException {
        return insert(c, "start-experiment.sql", model, temperature, executionArn, executionName, sqsMessageId);
    }

    /** StartExperiment of a deployment that writes the message id and no ARN. */
    public static long startExperimentWithMessageOnly(Connection c, String model, BigDecimal temperature,
            String sqsMessageId) throws SQLException {
        return insert(c, "start-experiment-message-only.sql", model, temperature, sqsMessageId);
    }

    /** FinalizeExperiment: the success path. */
    public static int finalizeExperiment(Connection c, boolean goalFound, long id) throws SQLException {
        return update(c, "finalize-experiment.sql", goalFound, id);
    }

    /**
     * FinalizeOnError after a Catch: status by oriole's rule ({@code errorInfo.Error.includes('Timeout')}), last_error
     * {@code {error, cause, timestamp}}, the cause as the readable reason.
     */
    public static int finalizeOnError(Connection c, String error, String cause, long id) throws SQLException {
        String status = error.contains("Timeout") ? "TIMED_OUT" : "FAILED";
        ObjectNode lastError = SavedEventFiles.JSON.createObjectNode();
        lastError.put("error", error);
        lastError.put("cause", cause);
        lastError.put("timestamp", Instant.now().toString());
        return update(c, "finalize-on-error.sql", status, lastError.toString(), cause, id);
    }

    public static String statement(String file) {
        try {
            return Files.readString(folder().resolve(file)).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * node-postgres' {@code $1 … $n} as JDBC's {@code ?}: the text is otherwise sent as written. The files use each
     * parameter once, in order, which is what makes the two spellings the same statement.
     */
    static String jdbcPlaceholders(String statement) {
        Matcher placeholder = Pattern.compile("\\$(\\d+)").matcher(statement);
        StringBuilder jdbc = new StringBuilder();
        int expected = 1;
        while (placeholder.find()) {
            if (Integer.parseInt(placeholder.group(1)) != expected++) {
                throw new IllegalStateException("parameters out of order in: " + statement);
            }
            placeholder.appendReplacement(jdbc, "?");
        }
        placeholder.appendTail(jdbc);
        return jdbc.toString();
    }

    public static Path folder() {
        return SavedEventFiles.root().getParent().resolve("db").resolve("oriole-workflow");
    }

    private static long insert(Connection c, String file, Object... parameters) throws SQLException {
        try (PreparedStatement sql = prepare(c, file, parameters); ResultSet id = sql.executeQuery()) {
            id.next();
            return id.getLong(1);
        }
    }

    private static int update(Connection c, String file, Object... parameters) throws SQLException {
        try (PreparedStatement sql = prepare(c, file, parameters)) {
            return sql.executeUpdate();
        }
    }

    private static PreparedStatement prepare(Connection c, String file, Object... parameters) throws SQLException {
        PreparedStatement sql = c.prepareStatement(jdbcPlaceholders(statement(file)));
        for (int i = 0; i < parameters.length; i++) {
            if (parameters[i] == null) {
                sql.setNull(i + 1, Types.OTHER);
            } else {
                sql.setObject(i + 1, parameters[i].toString(), Types.OTHER);
            }
        }
        return sql;
    }
}
