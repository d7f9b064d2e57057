package oriole.recorder.lambda;

import oriole.recorder.contract.QueuedMessage;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import oriole.recorder.testing.Rows;
import oriole.recorder.testing.SavedEventFiles;
import oriole.recorder.testing.TestDatabase;

/** Bad messages fail alone: exactly their ids are reported, the rest of the batch commits, nothing partial. */
class PoisonIsolationTest {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    @Test
    void aBatchMixingGoodAndBadMessagesReportsExactlyTheBadOnes() throws Exception {
        List<QueuedMessage> good = SavedEventFiles.messages(
                SavedEventFiles.root().resolve("scenarios/01-succeeded-goal-found/events.json"),
                SavedEventFiles.root().resolve("scenarios/07-network-failure/events.json"));
        List<QueuedMessage> bad = SavedEventFiles.messages(SavedEventFiles.root().resolve("malformed"));
        List<QueuedMessage> batch = new ArrayList<>();
        for (int i = 0; i < Math.max(good.size(), bad.size()); i++) {
            if (i < bad.size()) {
                batch.add(bad.get(i));
            }
            if (i < good.size()) {
                batch.add(good.get(i));
            }
        }
        RecorderHandler handler = new RecorderHandler(Map.of(RecorderHandler.DATABASE_URL_VARIABLE, db.url()));

        SQSBatchResponse response = handler.handleRequest(SavedEventFiles.sqsEvent(batch), null);

        assertThat(response.getBatchItemFailures())
                .extracting(SQSBatchResponse.BatchItemFailure::getItemIdentifier)
                .as("every malformed message")
                .containsExactlyInAnyOrderElementsOf(bad.stream().map(QueuedMessage::messageId).toList());
        try (Connection c = db.connect()) {
            assertThat(Rows.query(c, "SELECT execution_name, execution_status FROM experiments"
                    + " WHERE execution_name IN ('exp-0001-succeeded-goal', 'exp-0007-network', 'exp-0003-failed-exception')"
                    + " ORDER BY 1"))
                    .extracting(r -> r.get("execution_name") + "=" + r.get("execution_status"))
                    .as("the malformed messages all name exp-0003: it has no row")
                    .containsExactly("exp-0001-succeeded-goal=SUCCEEDED", "exp-0007-network=FAILED");
            assertThat(Rows.count(c, "SELECT count(*) FROM execution_events WHERE execution_arn LIKE '%exp-0001-%'"
                    + " OR execution_arn LIKE '%exp-0007-%' OR execution_arn LIKE '%exp-0003-%'"))
                    .as("history of the good ones only").isEqualTo(good.size());
            assertThat(Rows.count(c, "SELECT count(*) FROM execution_events WHERE event_id LIKE 'bad%'")).isZero();
        }
    }

    @Test
    void aMessageRefusedByTheLastStatementOfALaterBatchLeavesNoHistoryEither() throws Exception {
        List<QueuedMessage> first = SavedEventFiles.messages(
                SavedEventFiles.root().resolve("scenarios/02-succeeded-goal-not-found/events.json"));
        List<QueuedMessage> second = SavedEventFiles.messages(
                SavedEventFiles.root().resolve("scenarios/04-execution-timed-out/events.json"),
                SavedEventFiles.root().resolve("scenarios/09-aborted/events.json"));
        try (Connection c = db.connect();
                BatchRecorder recorder = BatchRecorder.connectingTo(db.url(),
                        oriole.recorder.event.ExperimentProjection.defaults(SavedEventFiles.JSON), SavedEventFiles.JSON)) {
            assertThat(recorder.record(first).failed()).isEmpty();
            // The history insert of the next batch succeeds; only the upsert, its last statement, is refused.
            Rows.execute(c, "ALTER TABLE experiments ADD CONSTRAINT refuse_aborted CHECK (execution_status <> 'ABORTED')");
            try {
                BatchReport report = recorder.record(second);

                assertThat(report.failed()).extracting(BatchReport.FailedMessage::messageId)
                        .containsExactly(second.get(3).messageId());
                assertThat(Rows.count(c, "SELECT count(*) FROM execution_events WHERE execution_arn LIKE '%exp-0009-aborted'"))
                        .as("the refused event's history row was rolled back with its upsert; only its RUNNING event stays")
                        .isEqualTo(1);
                assertThat(Rows.query(c, "SELECT execution_status FROM experiments WHERE execution_name = 'exp-0009-aborted'"))
                        .extracting(r -> r.get("execution_status")).containsExactly("RUNNING");
            } finally {
                Rows.execute(c, "ALTER TABLE experiments DROP CONSTRAINT refuse_aborted");
            }
        }
    }

    @Test
    void aBatchOfOnlyBadMessagesWritesNothing() throws Exception {
        List<QueuedMessage> bad = SavedEventFiles.messages(SavedEventFiles.root().resolve("malformed"));
        BatchRecorder recorder = BatchRecorder.connectingTo(db.url(),
                oriole.recorder.event.ExperimentProjection.defaults(SavedEventFiles.JSON), SavedEventFiles.JSON);

        BatchReport report = recorder.record(bad);
        recorder.close();

        assertThat(report.failed()).hasSize(bad.size());
        assertThat(report.rejected()).as("all of them are the messages' fault, not the database's").hasSize(bad.size());
        assertThat(report.rejected()).extracting(BatchReport.FailedMessage::reason)
                .as("each refused by the parser with its reason; content never makes the database refuse one")
                .noneMatch(reason -> reason.startsWith("database"));
    }
}
