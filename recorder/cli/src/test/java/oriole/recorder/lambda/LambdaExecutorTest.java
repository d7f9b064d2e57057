package oriole.recorder.lambda;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import oriole.recorder.contract.QueuedMessage;
import oriole.recorder.contract.RecorderEnvironment;
import oriole.recorder.testing.Rows;
import oriole.recorder.testing.SavedEventFiles;
import oriole.recorder.testing.TestDatabase;

/**
 * The handler driven by a client nobody on this team wrote: LocalStack's executor for Java Lambdas
 * ({@code cloud.localstack.LambdaExecutor}, from localstack-utils) runs {@code RecorderHandler} on SQS event
 * files built from {@code events/}, each in a JVM of its own as LocalStack would, against the test database.
 */
class LambdaExecutorTest {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    @Test
    void localStacksExecutorRecordsEveryScenarioAndReportsTheBadMessageAlone() throws Exception {
        List<QueuedMessage> events = SavedEventFiles.allScenarioMessages();
        QueuedMessage bad = SavedEventFiles.messages(SavedEventFiles.root().resolve("malformed/unknown-status.json")).get(0);
        List<String> failures = new ArrayList<>();
        for (int from = 0; from < events.size(); from += 25) {
            List<QueuedMessage> batch = new ArrayList<>(events.subList(from, Math.min(events.size(), from + 25)));
            if (from == 0) {
                batch.add(3, bad);
            }
            JsonNode response = invoke(sqsEventFile(batch));
            response.get("batchItemFailures").forEach(f -> failures.add(f.get("itemIdentifier").asText()));
        }

        assertThat(failures).as("the handler's partial batch response, as LocalStack prints it").containsExactly(bad.messageId());
        try (Connection c = db.connect()) {
            assertThat(Rows.experiments(c, "exp-")).hasSize(SavedEventFiles.scenarioExecutions());
        }
    }

    /** The event file LocalStack hands the executor for an SQS event source: the SQS records. */
    private static Path sqsEventFile(List<QueuedMessage> batch) throws Exception {
        ObjectNode event = SavedEventFiles.JSON.createObjectNode();
        ArrayNode records = event.putArray("Records");
        for (QueuedMessage message : batch) {
            ObjectNode record = records.addObject();
            record.put("messageId", message.messageId());
            record.put("receiptHandle", "handle-" + message.messageId());
            record.put("body", message.body());
            record.putObject("attributes").put("ApproximateReceiveCount", "1");
            record.putObject("messageAttributes");
            record.put("eventSource", "aws:sqs");
            record.put("eventSourceARN", "arn:aws:sqs:us-east-1:123456789012:oriole-execution-status");
            record.put("awsRegion", "us-east-1");
            // How LocalStack's executor tells an SQS event from the other record kinds it knows.
            record.putObject("sqs");
        }
        Path file = Files.createTempFile("sqs-event", ".json");
        Files.writeString(file, event.toString(), StandardCharsets.UTF_8);
        return file;
    }

    /** One JVM, as LocalStack starts it: the executor's main with the handler class and the event file. */
    private static JsonNode invoke(Path eventFile) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "cloud.localstack.LambdaExecutor",
                RecorderHandler.class.getName(), eventFile.toString());
        builder.environment().put(RecorderEnvironment.DATABASE_URL, db.url());
        Path out = Files.createTempFile("executor", ".out");
        Path err = Files.createTempFile("executor", ".err");
        Process process = builder.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(process.exitValue()).as(stdout + Files.readString(err, StandardCharsets.UTF_8)).isZero();
        // The handler's own log lines come first; the executor prints the handler's result last.
        List<String> lines = stdout.lines().toList();
        return SavedEventFiles.JSON.readTree(lines.get(lines.size() - 1));
    }
}
