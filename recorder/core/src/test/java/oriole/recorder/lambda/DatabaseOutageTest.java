package oriole.recorder.lambda;

import oriole.recorder.contract.QueuedMessage;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import oriole.recorder.devkit.Migrator;
import oriole.recorder.testing.PrivatePostgres;
import oriole.recorder.testing.Rows;
import oriole.recorder.testing.SavedEventFiles;

/** Invariant 6: when the database goes away mid-batch, every message fails, and the redelivery loses nothing. */
class DatabaseOutageTest {

    @Test
    void aBatchCutByAnOutageFailsWholeAndItsRedeliveryGivesTheFullResult() throws Exception {
        List<QueuedMessage> events = SavedEventFiles.allScenarioMessages();
        List<QueuedMessage> before = events.subList(0, 20);
        List<QueuedMessage> cut = events.subList(20, 30);
        List<QueuedMessage> during = events.subList(30, events.size());
        try (PrivatePostgres postgres = new PrivatePostgres()) {
            String url = postgres.url("postgres");
            Migrator.migrate(url);
            createReferenceDatabase(postgres, events);
            RecorderHandler handler = new RecorderHandler(Map.of(RecorderHandler.DATABASE_URL_VARIABLE, url));
            assertThat(handler.handleRequest(SavedEventFiles.sqsEvent(before), null).getBatchItemFailures()).isEmpty();

            SQSBatchResponse cutResponse;
            try (Connection blocker = DriverManager.getConnection(url)) {
                blocker.setAutoCommit(false);
                Rows.execute(blocker, "LOCK TABLE experiments IN EXCLUSIVE MODE");
                CompletableFuture<SQSBatchResponse> inFlight = CompletableFuture.supplyAsync(
                        () -> handler.handleRequest(SavedEventFiles.sqsEvent(cut), null));
                waitUntilTheRecorderWaitsOnTheLock(blocker);
                postgres.stop();
                cutResponse = inFlight.get(60, TimeUnit.SECONDS);
            }
            SQSBatchResponse downResponse = handler.handleRequest(SavedEventFiles.sqsEvent(during), null);

            assertThat(failedIds(cutResponse)).as("the batch the outage cut: every message fails")
                    .containsExactlyInAnyOrderElementsOf(ids(cut));
            assertThat(failedIds(downResponse)).as("a batch while the database is down: every message fails")
                    .containsExactlyInAnyOrderElementsOf(ids(during));

            postgres.start();
            assertThat(handler.handleRequest(SavedEventFiles.sqsEvent(cut), null).getBatchItemFailures())
                    .as("redelivery after the restart").isEmpty();
            assertThat(handler.handleRequest(SavedEventFiles.sqsEvent(during), null).getBatchItemFailures()).isEmpty();

            try (Connection recorded = DriverManager.getConnection(url);
                    Connection reference = DriverManager.getConnection(postgres.url("reference"))) {
                assertThat(Rows.experiments(recorded, "exp-")).as("rows after the outage and the redelivery")
                        .hasSize(SavedEventFiles.scenarioExecutions())
                        .isEqualTo(Rows.experiments(reference, "exp-"));
                assertThat(Rows.count(recorded, "SELECT count(*) FROM execution_events"))
                        .isEqualTo(Rows.count(reference, "SELECT count(*) FROM execution_events"));
            }
        }
    }

    /** The same events recorded without an outage, in a database of their own. */
    private static void createReferenceDatabase(PrivatePostgres postgres, List<QueuedMessage> events) throws Exception {
        try (Connection admin = DriverManager.getConnection(postgres.url("postgres"))) {
            Rows.execute(admin, "CREATE DATABASE reference");
        }
        Migrator.migrate(postgres.url("reference"));
        try (BatchRecorder recorder = BatchRecorder.connectingTo(postgres.url("reference"),
                oriole.recorder.event.ExperimentProjection.defaults(SavedEventFiles.JSON), SavedEventFiles.JSON)) {
            assertThat(recorder.record(events).failed()).isEmpty();
        }
    }

    private static void waitUntilTheRecorderWaitsOnTheLock(Connection blocker) throws Exception {
        for (int i = 0; i < 200; i++) {
            if (Rows.count(blocker, "SELECT count(*) FROM pg_stat_activity WHERE application_name = 'oriole-recorder'"
                    + " AND wait_event_type = 'Lock'") > 0) {
                return;
            }
            Thread.sleep(25);
        }
        throw new AssertionError("the recorder never reached the locked table");
    }

    private static List<String> failedIds(SQSBatchResponse response) {
        return response.getBatchItemFailures().stream().map(SQSBatchResponse.BatchItemFailure::getItemIdentifier).toList();
    }

    private static List<String> ids(List<QueuedMessage> messages) {
        return messages.stream().map(QueuedMessage::messageId).toList();
    }
}
