package oriole.recorder.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import oriole.recorder.event.ExperimentProjection;
import oriole.recorder.lambda.BatchRecorder;
import oriole.recorder.contract.QueuedMessage;
import oriole.recorder.devkit.RandomLifecycles;
import oriole.recorder.testing.SavedEventFiles;
import oriole.recorder.testing.TestDatabase;

class StatementsPerBatchTest {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    @Test
    void threeStatementsPerBatchWhateverItsSize() {
        RandomLifecycles lifecycles = new RandomLifecycles(SavedEventFiles.JSON);
        try (BatchRecorder recorder = BatchRecorder.connectingTo(db.url(),
                ExperimentProjection.defaults(SavedEventFiles.JSON), SavedEventFiles.JSON)) {
            for (int size : new int[] {10, 100, 1000}) {
                List<QueuedMessage> batch = lifecycles.inOrder("size" + size + "-", size, new Random(size)).subList(0, size);
                long before = StatementCounter.total();

                assertThat(recorder.record(batch).failed()).isEmpty();

                assertThat(StatementCounter.total() - before).as("statements for a batch of %d events", size).isEqualTo(3);
            }
        }
    }
}
