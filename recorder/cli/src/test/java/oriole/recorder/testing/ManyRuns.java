package oriole.recorder.testing;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Runs written straight into the table (the research summary's triggers count them as any writer's): a table far
 * larger than a small heap for the streaming tests, or a cohort large enough that its rates can be read.
 */
public final class ManyRuns {

    private ManyRuns() {
    }

    /** {@code rows} failed runs, one a second from 2026-01-01, seven models, each with a long failure reason (~600 bytes exported). */
    public static void insert(Connection connection, int rows) throws SQLException {
        Rows.execute(connection, "INSERT INTO experiments (execution_arn, execution_name, execution_status, status_rank,"
                + " model_name, temperature, started_at, completed_at, failure_reason, recorder_created)"
                + " SELECT 'arn:aws:states:us-east-1:123456789012:execution:big:' || g, 'run-' || g, 'FAILED', 21,"
                + " 'model-' || (g % 7), 0.7, timestamptz '2026-01-01' + g * interval '1 second',"
                + " timestamptz '2026-01-01' + g * interval '1 second' + interval '5 minutes',"
                + " repeat('a reason long enough to weigh on a heap ', 12), true FROM generate_series(1, " + rows + ") g");
    }

    /**
     * {@code runs} succeeded runs of {@code model} at {@code temperature}, one a minute from {@code from}, every
     * {@code goalEvery}-th finding the goal.
     */
    public static void succeeded(Connection connection, String model, BigDecimal temperature, int runs, int goalEvery,
                                 Instant from) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO experiments (execution_arn, execution_name,"
                + " execution_status, status_rank, model_name, temperature, goal_found, started_at, completed_at, recorder_created)"
                + " SELECT 'arn:aws:states:us-east-1:123456789012:execution:cohort:' || ? || '-' || g, ? || '-' || g,"
                + " 'SUCCEEDED', 20, ?, ?, g % ? = 0, ? + g * interval '1 minute', ? + g * interval '1 minute' + interval '4 minutes',"
                + " true FROM generate_series(1, ?) g")) {
            OffsetDateTime start = from.atOffset(ZoneOffset.UTC);
            insert.setString(1, model);
            insert.setString(2, "exp-cohort-" + model);
            insert.setString(3, model);
            insert.setBigDecimal(4, temperature);
            insert.setInt(5, goalEvery);
            insert.setObject(6, start);
            insert.setObject(7, start);
            insert.setInt(8, runs);
            insert.executeUpdate();
        }
        if (!connection.getAutoCommit()) {
            connection.commit();
        }
    }
}
