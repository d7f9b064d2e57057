package oriole.recorder.poll;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import oriole.recorder.contract.QueuedMessage;
import oriole.recorder.event.ExperimentProjection;
import oriole.recorder.lambda.BatchRecorder;
import oriole.recorder.lambda.ScenarioReplayTest.Replay;
import oriole.recorder.local.LocalSqs;
import oriole.recorder.testing.SavedEventFiles;
import oriole.recorder.testing.TestDatabase;

/** Every saved scenario through an SQS queue consumed by the poller produces the rows its expected-rows.jsonl names. */
class ScenarioReplayViaSqsTest {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    static LocalSqs sqs;

    @BeforeAll
    static void startQueue() {
        sqs = LocalSqs.start(2, 3);
    }

    @AfterAll
    static void stopQueue() {
        sqs.close();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("oriole.recorder.lambda.ScenarioReplayTest#scenarios")
    void producesTheExpectedRows(Path scenario) throws Exception {
        Replay.setUp(db, scenario);
        List<QueuedMessage> messages = SavedEventFiles.messages(scenario.resolve("events.json"));
        try (BatchRecorder recorder = BatchRecorder.connectingTo(db.url(),
                ExperimentProjection.defaults(SavedEventFiles.JSON), SavedEventFiles.JSON)) {
            QueueReplay.Result result = new QueueReplay(sqs.client(), sqs.statusQueueUrl(), sqs.deadLetterQueueUrl())
                    .run(messages, recorder, new SqsPoller.Settings(10, 1, Duration.ofMillis(100), Duration.ofSeconds(1)),
                            Duration.ofMinutes(2));
            assertThat(result.deadLetters()).as("no message of a valid scenario is dead-lettered").isEmpty();
        }
        Replay.check(db, scenario, messages);
    }
}
