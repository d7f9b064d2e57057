package oriole.recorder.poll;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.testcontainers.containers.localstack.LocalStackContainer;
import org.testcontainers.utility.DockerImageName;
import oriole.recorder.lambda.BatchRecorder;
import oriole.recorder.contract.QueuedMessage;
import oriole.recorder.local.LocalSqs;
import oriole.recorder.testing.Rows;
import oriole.recorder.testing.DockerProbe;
import oriole.recorder.testing.SavedEventFiles;
import oriole.recorder.testing.TestDatabase;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;

/** The queued path against LocalStack's SQS. Needs a Docker engine: skipped where none answers. */
class LocalStackQueueTest {

    static final DockerImageName LOCALSTACK = DockerImageName.parse("localstack/localstack:4.4");

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    static boolean dockerAnswers() {
        return DockerProbe.answers();
    }

    @Test
    @EnabledIf(value = "dockerAnswers", disabledReason = "no Docker engine answers here: LocalStack cannot start (ElasticMQ covers the SQS path)")
    void savedEventsThroughLocalStackSqsAreAllRecorded() throws Exception {
        List<QueuedMessage> events = SavedEventFiles.allScenarioMessages();
        try (LocalStackContainer localstack = new LocalStackContainer(LOCALSTACK).withServices(LocalStackContainer.Service.SQS)) {
            localstack.start();
            try (SqsClient sqs = SqsClient.builder()
                    .endpointOverride(localstack.getEndpoint())
                    .region(Region.of(localstack.getRegion()))
                    .credentialsProvider(StaticCredentialsProvider.create(
                            AwsBasicCredentials.create(localstack.getAccessKey(), localstack.getSecretKey())))
                    .build();
                    BatchRecorder recorder = QueueEndToEndTest.recorder(db.url())) {
                LocalSqs.Queues queues = LocalSqs.createQueues(sqs, 2, 3);
                QueueReplay.Result result = new QueueReplay(sqs, queues.statusQueueUrl(), queues.deadLetterQueueUrl())
                        .run(events, recorder, QueueEndToEndTest.FAST, Duration.ofMinutes(2));

                assertThat(result.deadLetters()).isEmpty();
            }
        }
        try (Connection c = db.connect()) {
            assertThat(Rows.experiments(c, "exp-")).hasSize(SavedEventFiles.scenarioExecutions());
        }
    }
}
