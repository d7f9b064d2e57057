package oriole.recorder.coexistence;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import oriole.recorder.contract.QueuedMessage;
import oriole.recorder.lambda.RecorderHandler;
import oriole.recorder.testing.ExecutionEvents;
import oriole.recorder.testing.OrioleWorkflow;
import oriole.recorder.testing.Rows;
import oriole.recorder.testing.SavedEventFiles;
import oriole.recorder.testing.TestDatabase;

/**
 * StartExperiment's INSERT and the recorder's handler, given an SQS batch for the same executions, released at the same instant on
 * separate connections, many times: every INSERT succeeds, every execution has one row, holding the id the INSERT
 * returned and the recorded status, and PostgreSQL saw no deadlock.
 */
class RacingWritersTest {

    static final int PAIRS = 150;
    static final int BATCH = 4;

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    @Test
    void insertsAndRecorderBatchesReleasedTogetherEndInOneRowEach() throws Exception {
        long deadlocksBefore = deadlocks();
        List<List<ExecutionEvents>> rounds = new ArrayList<>();
        for (int round = 0; round < PAIRS; round++) {
            List<ExecutionEvents> executions = new ArrayList<>();
            for (int i = 0; i < BATCH; i++) {
                String name = "race-" + round + "-" + i;
                executions.add(new ExecutionEvents(name, name + "-msg", 1_767_261_600_000L + round * 10_000L + i));
            }
            rounds.add(executions);
        }
        CyclicBarrier together = new CyclicBarrier(3);
        ExecutorService writers = Executors.newFixedThreadPool(3);
        // Two workflow connections (one writing ARNs, one message ids only, as two deployments would) and a recorder.
        Future<List<Long>> withArn = writers.submit(() -> workflowInserts(rounds, together, true));
        Future<List<Long>> withMessageOnly = writers.submit(() -> workflowInserts(rounds, together, false));
        Future<Integer> recorded = writers.submit(() -> {
            int failed = 0;
            RecorderHandler handler = new RecorderHandler(Map.of(RecorderHandler.DATABASE_URL_VARIABLE, db.url()));
            for (List<ExecutionEvents> executions : rounds) {
                List<QueuedMessage> batch = new ArrayList<>();
                for (ExecutionEvents execution : executions) {
                    batch.add(execution.running());
                }
                together.await(30, TimeUnit.SECONDS);
                failed += handler.handleRequest(SavedEventFiles.sqsEvent(batch), null).getBatchItemFailures().size();
            }
            return failed;
        });
        writers.shutdown();
        assertThat(writers.awaitTermination(3, TimeUnit.MINUTES)).as("no writer hangs").isTrue();
        assertThat(recorded.get()).as("messages the recorder failed").isZero();
        List<Long> ids = new ArrayList<>(withArn.get());
        ids.addAll(withMessageOnly.get());

        try (Connection c = db.connect()) {
            assertThat(Rows.count(c, "SELECT count(*) FROM experiments WHERE starts_with(execution_name, 'race-')"))
                    .as("one row per execution").isEqualTo(PAIRS * BATCH);
            assertThat(Rows.count(c, "SELECT count(*) FROM experiments WHERE starts_with(sqs_message_id, 'race-')"))
                    .as("no row without its execution").isEqualTo(PAIRS * BATCH);
            List<Map<String, Object>> rows = Rows.query(c, "SELECT id FROM experiments WHERE id = ANY (?)"
                    + " AND execution_status = 'RUNNING' AND status_rank = 10 AND model_name = 'claude-3-5-sonnet'"
                    + " AND recorder_created IS NULL", c.createArrayOf("bigint", ids.toArray()));
            assertThat(rows).as("every id an INSERT returned holds its execution's recorded status").hasSize(ids.size());
        }
        assertThat(deadlocks()).as("deadlocks PostgreSQL detected").isEqualTo(deadlocksBefore);
    }

    /** Per round, the INSERT of half the round's executions (even ones with the ARN, odd ones by message id). */
    private static List<Long> workflowInserts(List<List<ExecutionEvents>> rounds, CyclicBarrier together, boolean arn)
            throws Exception {
        List<Long> ids = new ArrayList<>();
        try (Connection c = db.connect()) {
            for (List<ExecutionEvents> executions : rounds) {
                together.await(30, TimeUnit.SECONDS);
                for (int i = arn ? 0 : 1; i < executions.size(); i += 2) {
                    ExecutionEvents execution = executions.get(i);
                    ids.add(arn
                            ? OrioleWorkflow.startExperiment(c, "claude-3-5-sonnet", new BigDecimal("0.7"), execution.arn(),
                                    execution.name(), execution.name() + "-msg")
                            : OrioleWorkflow.startExperimentWithMessageOnly(c, "claude-3-5-sonnet", new BigDecimal("0.7"),
                                    execution.name() + "-msg"));
                }
            }
        }
        return ids;
    }

    private static long deadlocks() throws Exception {
        try (Connection c = db.connect()) {
            return Rows.count(c, "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()");
        }
    }
}
