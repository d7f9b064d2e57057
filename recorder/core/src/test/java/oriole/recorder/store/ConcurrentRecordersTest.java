package oriole.recorder.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import oriole.recorder.event.ExperimentProjection;
import oriole.recorder.lambda.BatchRecorder;
import oriole.recorder.lambda.BatchReport;
import oriole.recorder.contract.QueuedMessage;
import oriole.recorder.devkit.RandomLifecycles;
import oriole.recorder.testing.Rows;
import oriole.recorder.testing.SavedEventFiles;
import oriole.recorder.testing.TestDatabase;

/** Invariant 7: many recorders on overlapping executions reach the in-order rows, without a single deadlock. */
class ConcurrentRecordersTest {

    static final int THREADS = 8;
    static final int EXECUTIONS = 150;

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    @Test
    void eightRecordersApplyingOverlappingShuffledBatchesAgreeWithoutDeadlocks() throws Exception {
        RandomLifecycles lifecycles = new RandomLifecycles(SavedEventFiles.JSON);
        List<QueuedMessage> reference = lifecycles.inOrder("ref-", EXECUTIONS, new Random(42));
        List<QueuedMessage> shared = lifecycles.inOrder("conc-", EXECUTIONS, new Random(42));
        try (BatchRecorder recorder = newRecorder()) {
            for (QueuedMessage event : reference) {
                assertThat(recorder.record(List.of(event)).failed()).isEmpty();
            }
        }
        long deadlocksBefore = deadlocks();

        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<List<BatchReport>>> workers = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            List<QueuedMessage> delivery = RandomLifecycles.delivered(shared, 0.1, new Random(t));
            workers.add(pool.submit(() -> {
                List<BatchReport> reports = new ArrayList<>();
                try (BatchRecorder recorder = newRecorder()) {
                    start.await();
                    for (int from = 0; from < delivery.size(); from += 10) {
                        reports.add(recorder.record(delivery.subList(from, Math.min(delivery.size(), from + 10))));
                    }
                }
                return reports;
            }));
        }
        start.countDown();
        pool.shutdown();
        assertThat(pool.awaitTermination(3, TimeUnit.MINUTES)).as("no recorder hangs").isTrue();
        for (Future<List<BatchReport>> worker : workers) {
            assertThat(worker.get()).allSatisfy(report -> assertThat(report.failed()).isEmpty());
        }

        try (Connection c = db.connect()) {
            assertThat(Rows.experiments(c, "conc-")).as("rows after 8 concurrent recorders")
                    .hasSize(EXECUTIONS)
                    .isEqualTo(Rows.experiments(c, "ref-"));
            assertThat(Rows.count(c, "SELECT count(*) FROM execution_events WHERE starts_with(event_id, 'conc-')"))
                    .isEqualTo(shared.size());
        }
        assertThat(deadlocks()).as("deadlocks PostgreSQL detected while the recorders ran").isEqualTo(deadlocksBefore);
    }

    private static BatchRecorder newRecorder() {
        return BatchRecorder.connectingTo(db.url(), ExperimentProjection.defaults(SavedEventFiles.JSON), SavedEventFiles.JSON);
    }

    /** Read once every recorder session has ended, so their counters are flushed to the statistics. */
    private static long deadlocks() throws Exception {
        try (Connection c = db.connect()) {
            for (int i = 0; i < 100 && Rows.count(c, "SELECT count(*) FROM pg_stat_activity"
                    + " WHERE application_name = 'oriole-recorder' AND datname = current_database()") > 0; i++) {
                Thread.sleep(50);
            }
            return Rows.count(c, "SELECT deadlocks FROM pg_stat_database WHERE datname = current_database()");
        }
    }
}
