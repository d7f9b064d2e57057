package oriole.recorder.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import oriole.recorder.lambda.BatchLog;
import oriole.recorder.lambda.BatchRecorder;
import oriole.recorder.poll.SqsPoller;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.sqs.SqsClient;

@Command(name = "poll",
        description = "Run the recorder on an SQS queue without Lambda (ECS, EC2, a laptop): long-poll, record each batch,"
                + " delete what was recorded, leave failures for redelivery, back off while the database is down."
                + " Stops cleanly on SIGTERM or Ctrl-C after the batch in hand.")
final class PollCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Mixin
    DatabaseOption database;

    @Option(names = "--queue-url", required = true, description = "The status queue's URL")
    String queueUrl;

    @Option(names = "--endpoint", paramLabel = "URL", description = "SQS endpoint override, e.g. ElasticMQ or LocalStack (default: AWS)")
    URI endpoint;

    @Option(names = "--max-messages", defaultValue = "10", description = "Messages per receive, 1-10 (default: ${DEFAULT-VALUE})")
    int maxMessages;

    @Option(names = "--wait-seconds", defaultValue = "20", description = "Long-poll wait, 0-20 (default: ${DEFAULT-VALUE})")
    int waitSeconds;

    @Override
    public Integer call() throws Exception {
        return database.run(this::withDatabase);
    }

    private Integer withDatabase(String url) throws Exception {
        BatchLog log = new BatchLog(JSON);
        boolean[] coldStart = {true};
        try (SqsClient sqs = client();
                BatchRecorder recorder = BatchRecorder.fromEnvironment(() -> url, System.getenv(), JSON)) {
            SqsPoller poller = new SqsPoller(sqs, queueUrl, recorder, new SqsPoller.Settings(maxMessages, waitSeconds,
                    Duration.ofSeconds(1), Duration.ofSeconds(60)), batch -> {
                        log.lines(batch.report(), null, coldStart[0]).forEach(System.out::println);
                        coldStart[0] = false;
                    });
            // Our own handlers for SIGTERM/SIGINT rather than a shutdown hook: a JVM shutting down on a signal
            // exits 143 whatever main returns, and a clean stop is an ordinary end (exit 0).
            StopSignals.onStop(() -> {
                System.err.println("poll: stopping after the batch in hand");
                poller.stop();
            });
            System.err.printf("poll: recording from %s%n", queueUrl);
            try {
                poller.run();
            } catch (SdkClientException e) {
                throw new CommandFailure("SQS: " + e.getMessage());
            }
            System.err.println("poll: stopped");
        }
        return RecorderCommand.OK;
    }

    private SqsClient client() {
        return AwsEndpoint.build(SqsClient.builder(), endpoint);
    }

}
