package oriole.recorder.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import oriole.recorder.event.ExperimentProjection;
import oriole.recorder.testing.SavedEventFiles;
import oriole.recorder.testing.TestDatabase;

class SnapStartPrimingTest {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    @Test
    void primingRunsTheWholePathButTheDatabase() {
        assertThat(SnapStartPriming.prime(SavedEventFiles.JSON, ExperimentProjection.defaults(SavedEventFiles.JSON), 5))
                .as("three statements bound per round").isEqualTo(15);
    }

    @Test
    void aCheckpointNeedsNoDatabaseAndTheRestoredHandlerReconnectsOnItsFirstBatch() throws Exception {
        RecorderHandler handler = new RecorderHandler(Map.of(RecorderHandler.DATABASE_URL_VARIABLE, db.url()));
        assertThat(handler.handleRequest(SavedEventFiles.sqsEvent(SavedEventFiles.messages(
                SavedEventFiles.root().resolve("scenarios/01-succeeded-goal-found"))), null).getBatchItemFailures()).isEmpty();

        handler.beforeCheckpoint(null);
        handler.afterRestore(null);

        assertThat(handler.handleRequest(SavedEventFiles.sqsEvent(SavedEventFiles.messages(
                SavedEventFiles.root().resolve("scenarios/02-succeeded-goal-not-found"))), null).getBatchItemFailures()).isEmpty();
        try (var c = db.connect()) {
            assertThat(oriole.recorder.testing.Rows.count(c, "SELECT count(*) FROM experiments WHERE execution_status = 'SUCCEEDED'"))
                    .isEqualTo(2);
            assertThat(oriole.recorder.testing.Rows.count(c, "SELECT count(*) FROM experiments WHERE execution_name = 'priming-1'"))
                    .as("priming wrote nothing").isZero();
        }
    }
}
