package oriole.recorder.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import oriole.recorder.contract.QueuedMessage;
import oriole.recorder.local.LocalSqs;
import oriole.recorder.poll.QueueReplay;
import oriole.recorder.poll.SqsPoller;
import oriole.recorder.testing.Rows;
import oriole.recorder.testing.SavedEventFiles;
import oriole.recorder.testing.TestDatabase;

/** `poll` as a real process: it records what the queue holds and stops cleanly on SIGTERM. */
class PollCommandTest {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    @Test
    void recordsTheQueueAndStopsCleanlyOnSigterm() throws Exception {
        List<QueuedMessage> events = SavedEventFiles.allScenarioMessages();
        Path output = Files.createTempFile("poll", ".out");
        Path errors = Files.createTempFile("poll", ".err");
        try (LocalSqs sqs = LocalSqs.start(5, 3)) {
            new QueueReplay(sqs.client(), sqs.statusQueueUrl(), sqs.deadLetterQueueUrl()).send(events);
            Process poll = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), RecorderCommand.class.getName(), "poll",
                    "--queue-url", sqs.statusQueueUrl(), "--endpoint", sqs.endpoint().toString(),
                    "--db", db.url(), "--wait-seconds", "1")
                    .redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (SqsPoller.messagesLeft(sqs.client(), sqs.statusQueueUrl()) > 0 && System.nanoTime() < deadline) {
                    Thread.sleep(200);
                }
                poll.destroy();
                assertThat(poll.waitFor(30, TimeUnit.SECONDS)).as("poll stops after SIGTERM").isTrue();
                assertThat(poll.exitValue()).as("a clean stop").isZero();
            } finally {
                poll.destroyForcibly();
            }
            assertThat(SqsPoller.messagesLeft(sqs.client(), sqs.statusQueueUrl())).as("every message deleted").isZero();
        }
        String stderr = Files.readString(errors, StandardCharsets.UTF_8);
        String stdout = Files.readString(output, StandardCharsets.UTF_8);
        assertThat(stderr).contains("poll: recording from").contains("poll: stopping after the batch in hand");
        assertThat(stdout).contains("\"message\":\"batch recorded\"");
        try (Connection c = db.connect()) {
            assertThat(Rows.experiments(c, "exp-")).hasSize(SavedEventFiles.scenarioExecutions());
        }
        Files.deleteIfExists(output);
        Files.deleteIfExists(errors);
    }

    @Test
    void anIdlePollStopsCleanlyOnSigtermToo() throws Exception {
        Path errors = Files.createTempFile("poll", ".err");
        try (LocalSqs sqs = LocalSqs.start(5, 3)) {
            Process poll = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), RecorderCommand.class.getName(), "poll",
                    "--queue-url", sqs.statusQueueUrl(), "--endpoint", sqs.endpoint().toString(),
                    "--db", db.url(), "--wait-seconds", "20")
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(errors.toFile()).start();
            try {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!Files.readString(errors).contains("poll: recording from") && System.nanoTime() < deadline) {
                    Thread.sleep(100);
                }
                Thread.sleep(1_000); // inside a 20-second long poll of an empty queue
                poll.destroy();
                assertThat(poll.waitFor(30, TimeUnit.SECONDS)).as("poll stops after SIGTERM").isTrue();
                assertThat(poll.exitValue()).as("a clean stop: %s", Files.readString(errors)).isZero();
            } finally {
                poll.destroyForcibly();
            }
        }
        assertThat(Files.readString(errors, StandardCharsets.UTF_8))
                .contains("poll: stopping after the batch in hand").contains("poll: stopped").doesNotContain("SQS:");
        Files.deleteIfExists(errors);
    }
}
