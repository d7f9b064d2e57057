package oriole.recorder.testing;

import java.sql.Connection;
import java.sql.SQLException;

/** A table far larger than a small heap, for the streaming tests: finished runs of ~600 bytes each as exported. */
public final class ManyRuns {

    private ManyRuns() {
    }

    /** {@code rows} failed runs, one a second from 2026-01-01, seven models, each with a long failure reason. */
    public static void insert(Connection connection, int rows) throws SQLException {
        Rows.execute(connection, "INSERT INTO experiments (execution_arn, execution_name, execution_status, status_rank,"
                + " model_name, temperature, started_at, completed_at, failure_reason, recorder_created)"
                + " SELECT 'arn:aws:states:us-east-1:123456789012:execution:big:' || g, 'run-' || g, 'FAILED', 21,"
                + " 'model-' || (g % 7), 0.7, timestamptz '2026-01-01' + g * interval '1 second',"
                + " timestamptz '2026-01-01' + g * interval '1 second' + interval '5 minutes',"
                + " repeat('a reason long enough to weigh on a heap ', 12), true FROM generate_series(1, " + rows + ") g");
    }
}
