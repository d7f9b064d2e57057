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
import oriole.recorder.contract.QueuedMessage;
import oriole.recorder.devkit.RandomLifecycles;
import oriole.recorder.testing.HazardousLifecycles;
import oriole.recorder.testing.HazardousLifecycles.Generated;
import oriole.recorder.testing.HazardousLifecycles.Hazard;
import oriole.recorder.testing.Rows;
import oriole.recorder.testing.SavedEventFiles;
import oriole.recorder.testing.TestDatabase;

/**
 * Invariants 1-4 and 8 as a property: random executions (redrives included), their events shuffled,
 * duplicated and cut into batches (one by one, threes, all in one, random), end in exactly the rows that
 * applying them one by one in true order gives; also with the hazards production adds (payload-omitted
 * copies of an event, two executions for one pre-created row, an execution name used again by a later run).
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
        HazardousLifecycles lifecycles = new HazardousLifecycles(SavedEventFiles.JSON);
        Hazard[] hazards = Hazard.values();
        Random seeds = new Random(SEED);
        try (Connection c = db.connect()) {
            for (int attempt = 0; attempt < TRIES; attempt++) {
                long seed = seeds.nextLong();
                int executions = 1 + new Random(seed).nextInt(4);
                Hazard hazard = hazards[attempt % hazards.length];
                Batching batching = Batching.values()[(attempt / hazards.length) % Batching.values().length];
                String inOrderTag = "t" + attempt + "-inorder-";
                String deliveredTag = "t" + attempt + "-delivered-";
                Generated inOrder = lifecycles.inOrder(inOrderTag, executions, hazard, new Random(seed));
                Generated generated = lifecycles.inOrder(deliveredTag, executions, hazard, new Random(seed));
                Random delivery = new Random(seed ^ 0x5DEECE66DL);
                List<QueuedMessage> delivered = RandomLifecycles.delivered(generated.events(), 0.3, delivery);
                for (Generated setUp : List.of(inOrder, generated)) {
                    if (setUp.setupSql() != null) {
                        Rows.execute(c, setUp.setupSql());
                    }
                }

                for (QueuedMessage event : inOrder.events()) {
                    assertRecorded(recorder.record(List.of(event)));
                }
                for (List<QueuedMessage> batch : batching.split(delivered, delivery)) {
                    assertRecorded(recorder.record(batch));
                }

                assertThat(Rows.experiments(c, deliveredTag))
                        .as("try %d (seed %d, %s, %s): rows after shuffled, duplicated, batched delivery of %s", attempt,
                                seed, hazard, batching, inOrder.events().stream().map(QueuedMessage::body).toList())
                        .isEqualTo(Rows.experiments(c, inOrderTag))
                        .hasSize(executions);
            }
        }
    }

    /** How the delivered events are cut into batches: one by one, in threes, all in one, or at random (1-10). */
    enum Batching {
        ONE_BY_ONE, THREES, ALL_IN_ONE, RANDOM;

        List<List<QueuedMessage>> split(List<QueuedMessage> events, Random random) {
            List<List<QueuedMessage>> batches = new ArrayList<>();
            for (int from = 0; from < events.size(); ) {
                int size = switch (this) {
                    case ONE_BY_ONE -> 1;
                    case THREES -> 3;
                    case ALL_IN_ONE -> events.size();
                    case RANDOM -> 1 + random.nextInt(10);
                };
                batches.add(events.subList(from, Math.min(events.size(), from + size)));
                from += size;
            }
            return batches;
        }
    }

    private static void assertRecorded(BatchReport report) {
        assertThat(report.failed()).as("generated events are all valid").isEmpty();
    }

}
