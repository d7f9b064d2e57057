package oriole.recorder.poll;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import oriole.recorder.event.ExperimentProjection;
import oriole.recorder.lambda.BatchRecorder;
import oriole.recorder.contract.QueuedMessage;
import oriole.recorder.local.LocalSqs;
import oriole.recorder.devkit.Migrator;
import oriole.recorder.testing.PrivatePostgres;
import oriole.recorder.testing.Rows;
import oriole.recorder.testing.SavedEventFiles;
import oriole.recorder.testing.TestDatabase;

/** Saved events → SQS status queue (ElasticMQ, real SQS protocol) → poller → recorder → PostgreSQL. */
class QueueEndToEndTest {

    static final SqsPoller.Settings FAST = new SqsPoller.Settings(10, 1, Duration.ofMillis(100), Duration.ofMillis(400));

    @RegisterExtension
    static final TestDatabase queued = TestDatabase.migrated();

    @RegisterExtension
    static final TestDatabase direct = TestDatabase.migrated();

    @Test
    void theQueuedPathEndsInTheSameRowsAsTheDirectReplay() throws Exception {
        List<QueuedMessage> events = SavedEventFiles.allScenarioMessages();
        try (LocalSqs sqs = LocalSqs.start(2, 3); BatchRecorder recorder = recorder(queued.url())) {
            QueueReplay.Result result = new QueueReplay(sqs.client(), sqs.statusQueueUrl(), sqs.deadLetterQueueUrl())
                    .run(events, recorder, FAST, Duration.ofMinutes(2));

            assertThat(result.deadLetters()).isEmpty();
            assertThat(result.receives()).as("every message received once, none redelivered").isEqualTo(events.size());
        }
        recordDirectly(direct.url(), events);

        try (Connection viaQueue = queued.connect(); Connection directly = direct.connect()) {
            assertThat(Rows.experiments(viaQueue, "exp-")).hasSize(SavedEventFiles.scenarioExecutions()).isEqualTo(Rows.experiments(directly, "exp-"));
        }
    }

    @Test
    void aPoisonMessageReachesTheDeadLetterQueueAfterMaxReceiveCountAndTheRestIsRecorded() throws Exception {
        List<QueuedMessage> good = SavedEventFiles.messages(SavedEventFiles.root().resolve("scenarios/06-lambda-timeout"));
        List<QueuedMessage> poison = SavedEventFiles.messages(SavedEventFiles.root().resolve("malformed/unknown-status.json"));
        List<QueuedMessage> events = new ArrayList<>(good);
        events.addAll(1, poison);
        Map<String, Integer> receives = new HashMap<>();
        try (LocalSqs sqs = LocalSqs.start(1, 2); BatchRecorder recorder = recorder(queued.url())) {
            QueueReplay replay = new QueueReplay(sqs.client(), sqs.statusQueueUrl(), sqs.deadLetterQueueUrl());
            replay.send(events);
            SqsPoller poller = new SqsPoller(sqs.client(), sqs.statusQueueUrl(), recorder, FAST,
                    batch -> batch.messages().forEach(m -> receives.merge(
                            m.messageAttributes().get(QueueReplay.SOURCE_ATTRIBUTE).stringValue(), 1, Integer::sum)));
            while (SqsPoller.messagesLeft(sqs.client(), sqs.statusQueueUrl()) > 0) {
                poller.pollOnce();
            }

            List<String> deadLettered = new ArrayList<>();
            sqs.client().receiveMessage(r -> r.queueUrl(sqs.deadLetterQueueUrl()).maxNumberOfMessages(10)
                    .messageAttributeNames("All")).messages()
                    .forEach(m -> deadLettered.add(m.messageAttributes().get(QueueReplay.SOURCE_ATTRIBUTE).stringValue()));
            assertThat(deadLettered).containsExactly(poison.get(0).messageId());
            assertThat(receives.get(poison.get(0).messageId())).as("receives before the DLQ").isEqualTo(2);
            assertThat(receives).as("the good ones, once each").containsEntry(good.get(0).messageId(), 1)
                    .containsEntry(good.get(1).messageId(), 1);
        }
        try (Connection c = queued.connect()) {
            assertThat(Rows.query(c, "SELECT execution_status, last_error ->> 'kind' AS kind FROM experiments"
                    + " WHERE execution_name = 'exp-0006-lambda-timeout'"))
                    .extracting(r -> r.get("execution_status") + "/" + r.get("kind")).containsExactly("FAILED/TIMEOUT");
        }
    }

    @Test
    void theDatabaseStoppedMidStreamAndStartedAgainLosesNothing() throws Exception {
        List<QueuedMessage> events = SavedEventFiles.allScenarioMessages();
        try (PrivatePostgres postgres = new PrivatePostgres();
                LocalSqs sqs = LocalSqs.start(1, 50)) {
            String url = migratedWithReference(postgres, events);

            List<Integer> failuresPerBatch = new ArrayList<>();
            try (BatchRecorder recorder = recorder(url)) {
                new QueueReplay(sqs.client(), sqs.statusQueueUrl(), sqs.deadLetterQueueUrl()).send(events);
                SqsPoller poller = new SqsPoller(sqs.client(), sqs.statusQueueUrl(), recorder, FAST,
                        batch -> failuresPerBatch.add(batch.report().failed().size()));
                poller.pollOnce();
                poller.pollOnce();
                postgres.stop();
                for (int i = 0; i < 3; i++) {
                    poller.pollOnce();
                }
                assertThat(poller.backoff()).as("backing off while the database is down").isPositive();
                postgres.start();
                while (SqsPoller.messagesLeft(sqs.client(), sqs.statusQueueUrl()) > 0) {
                    poller.pollOnce();
                }
            }

            assertThat(failuresPerBatch.subList(2, 5)).as("batches received during the outage fail whole")
                    .allSatisfy(failed -> assertThat(failed).isPositive());
            assertThat(SqsPoller.messagesLeft(sqs.client(), sqs.deadLetterQueueUrl())).isZero();
            try (Connection recorded = DriverManager.getConnection(url);
                    Connection reference = DriverManager.getConnection(postgres.url("reference"))) {
                assertThat(Rows.experiments(recorded, "exp-")).hasSize(SavedEventFiles.scenarioExecutions()).isEqualTo(Rows.experiments(reference, "exp-"));
                assertThat(Rows.count(recorded, "SELECT count(*) FROM execution_events"))
                        .isEqualTo(Rows.count(reference, "SELECT count(*) FROM execution_events"));
            }
        }
    }

    /**
     * What {@code replay --via-sqs} runs: with the database down for a while in the middle of consuming, with a
     * short visibility timeout and only three receives before the dead-letter queue, nothing is dead-lettered
     * and every event is recorded once the database is back.
     */
    @Test
    void queueReplayWaitsForTheDatabaseInsteadOfDeadLetteringDuringAnOutage() throws Exception {
        List<QueuedMessage> events = SavedEventFiles.allScenarioMessages();
        try (PrivatePostgres postgres = new PrivatePostgres();
                LocalSqs sqs = LocalSqs.start(1, 3)) {
            String url = migratedWithReference(postgres, events);

            int[] batches = {0};
            Thread restart = new Thread(() -> {
                try {
                    Thread.sleep(6_000); // six visibility timeouts: without waiting, every message would be dead-lettered
                    postgres.start();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            QueueReplay.Result result;
            try (BatchRecorder recorder = recorder(url)) {
                result = new QueueReplay(sqs.client(), sqs.statusQueueUrl(), sqs.deadLetterQueueUrl())
                        .run(events, recorder, FAST, Duration.ofMinutes(2), arns -> {
                            if (++batches[0] == 2) {
                                try {
                                    postgres.stop();
                                } catch (java.io.IOException e) {
                                    throw new IllegalStateException(e);
                                }
                                restart.start();
                            }
                        });
            }
            restart.join();

            assertThat(result.deadLetters()).as("nothing dead-lettered while the database was down").isEmpty();
            assertThat(result.receives()).as("the batch in hand when it went down is received again, little else")
                    .isLessThanOrEqualTo(events.size() + 2 * FAST.maxMessages());
            try (Connection recorded = DriverManager.getConnection(url);
                    Connection reference = DriverManager.getConnection(postgres.url("reference"))) {
                assertThat(Rows.experiments(recorded, "exp-")).hasSize(SavedEventFiles.scenarioExecutions())
                        .isEqualTo(Rows.experiments(reference, "exp-"));
            }
        }
    }

    /** The private server's "postgres" database migrated (its URL returned), and "reference" holding the events recorded directly. */
    static String migratedWithReference(PrivatePostgres postgres, List<QueuedMessage> events) throws Exception {
        String url = postgres.url("postgres");
        Migrator.migrate(url);
        try (Connection admin = DriverManager.getConnection(url)) {
            Rows.execute(admin, "CREATE DATABASE reference");
        }
        Migrator.migrate(postgres.url("reference"));
        recordDirectly(postgres.url("reference"), events);
        return url;
    }

    static BatchRecorder recorder(String url) {
        return BatchRecorder.connectingTo(url, ExperimentProjection.defaults(SavedEventFiles.JSON), SavedEventFiles.JSON);
    }

    static void recordDirectly(String url, List<QueuedMessage> events) {
        try (BatchRecorder recorder = recorder(url)) {
            for (int from = 0; from < events.size(); from += 10) {
                assertThat(recorder.record(events.subList(from, Math.min(events.size(), from + 10))).failed()).isEmpty();
            }
        }
    }
}
