package oriole.recorder.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import oriole.recorder.event.ExperimentProjection;
import oriole.recorder.lambda.BatchRecorder;
import oriole.recorder.lambda.BatchReport;
import oriole.recorder.lambda.QueuedMessage;
import oriole.recorder.local.Lifecycles;
import oriole.recorder.testing.Rows;
import oriole.recorder.testing.SavedEventFiles;
import oriole.recorder.testing.TestDatabase;

/**
 * Invariants 1-4 as a property: random executions (redrives included), their events shuffled, duplicated
 * and cut into random batches, end in exactly the rows that applying them one by one in true order gives.
 * Tries: {@code -Drecorder.property.tries=N} (default 1000; the nightly profile runs 10000).
 */
class OrderIndependenceTest {

    static final int TRIES = Integer.getInteger("recorder.property.tries", 1000);
    static final long SEED = Long.getLong("recorder.property.seed", 20261126L);

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    static BatchRecorder recorder;

    @BeforeAll
    static void openRecorder() {
        recorder = BatchRecorder.connectingTo(db.url(), ExperimentProjection.defaults(SavedEventFiles.JSON),
                SavedEventFiles.JSON);
    }

    @AfterAll
    static void closeRecorder() {
        recorder.close();
    }

    @Test
    void anyDeliveryOrderDuplicationAndBatchingGivesTheInOrderRows() throws Exception {
        Lifecycles lifecycles = new Lifecycles(SavedEventFiles.JSON);
        Random seeds = new Random(SEED);
        try (Connection c = db.connect()) {
            for (int attempt = 0; attempt < TRIES; attempt++) {
                long seed = seeds.nextLong();
                int executions = 1 + new Random(seed).nextInt(4);
                String inOrderTag = "t" + attempt + "-inorder-";
                String deliveredTag = "t" + attempt + "-delivered-";
                List<QueuedMessage> inOrder = lifecycles.inOrder(inOrderTag, executions, new Random(seed));
                Random delivery = new Random(seed ^ 0x5DEECE66DL);
                List<QueuedMessage> delivered = Lifecycles.delivered(
                        lifecycles.inOrder(deliveredTag, executions, new Random(seed)), 0.3, delivery);

                for (QueuedMessage event : inOrder) {
                    assertRecorded(recorder.record(List.of(event)));
                }
                for (List<QueuedMessage> batch : randomBatches(delivered, delivery)) {
                    assertRecorded(recorder.record(batch));
                }

                assertThat(Rows.experiments(c, deliveredTag))
                        .as("try %d (seed %d): rows after shuffled, duplicated, batched delivery of %s", attempt, seed,
                                inOrder.stream().map(QueuedMessage::body).toList())
                        .isEqualTo(Rows.experiments(c, inOrderTag))
                        .hasSize(executions);
            }
        }
    }

    private static void assertRecorded(BatchReport report) {
        assertThat(report.failed()).as("generated events are all valid").isEmpty();
    }

    private static List<List<QueuedMessage>> randomBatches(List<QueuedMessage> events, Random random) {
        List<List<QueuedMessage>> batches = new ArrayList<>();
        for (int from = 0; from < events.size(); ) {
            int size = 1 + random.nextInt(10);
            batches.add(events.subList(from, Math.min(events.size(), from + size)));
            from += size;
        }
        return batches;
    }
}
