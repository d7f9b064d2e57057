package oriole.recorder.coexistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import oriole.recorder.testing.Rows;
import oriole.recorder.testing.TestDatabase;

/**
 * A bulk load of executions in one statement (an import, bench --diagnose's data): the fold trigger locks each
 * execution, and before V9_1 each lock stayed to the end of the transaction until PostgreSQL ran out of lock table
 * ("out of shared memory") past a few thousand rows. Now past 256 executions a transaction takes buckets instead.
 */
class BulkLoadTest {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    @Test
    void oneInsertOfTwentyThousandExecutionsWithArnsAndMessagesSucceeds() throws Exception {
        try (Connection c = db.connect()) {
            Rows.execute(c, "INSERT INTO experiments (model_name, temperature, started_at, execution_arn, execution_name,"
                    + " execution_status, sqs_message_id) SELECT 'bulk', 0.5, now() - g * interval '1 second',"
                    + " 'arn:aws:states:us-east-1:123456789012:execution:oriole-maze-experiment:bulk-' || g, 'bulk-' || g,"
                    + " 'RUNNING', 'bulk-msg-' || g FROM generate_series(1, 20000) g");
            assertThat(Rows.count(c, "SELECT count(*) FROM experiments WHERE model_name = 'bulk'")).isEqualTo(20000);
            assertThat(Rows.count(c, "SELECT sum(runs) FROM experiment_counts WHERE model_name = 'bulk' AND measure = 1"))
                    .as("counted in the summary").isEqualTo(20000);
        }
    }

    @Test
    void aTransactionOfManySingleRowInsertsSucceedsToo() throws Exception {
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            for (int i = 0; i < 3000; i++) {
                Rows.execute(c, "INSERT INTO experiments (model_name, started_at, execution_arn, execution_name)"
                        + " VALUES ('one-by-one', now(), 'arn:aws:states:us-east-1:123456789012:execution:m:one-" + i
                        + "', 'one-" + i + "')");
            }
            c.commit();
            assertThat(Rows.count(c, "SELECT count(*) FROM experiments WHERE model_name = 'one-by-one'")).isEqualTo(3000);
        }
    }
}
