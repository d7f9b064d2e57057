package oriole.recorder.lambda;

import oriole.recorder.contract.QueuedMessage;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import oriole.recorder.event.ExperimentProjection;
import oriole.recorder.lambda.BatchReport.FailedMessage;
import oriole.recorder.devkit.Migrator;
import oriole.recorder.store.DatabaseConnection;
import oriole.recorder.testing.PrivatePostgres;
import oriole.recorder.testing.Rows;
import oriole.recorder.testing.SavedEventFiles;

/**
 * A database that stops answering costs a batch seconds, not the Lambda's 30-second invocation: the
 * batch's messages are reported failed in time (SQS delivers them again), and the next batch recovers.
 */
class HungDatabaseTest {

    /** The recorder function's timeout (infra: RecorderFunctions.RECORDER_TIMEOUT). */
    static final long FUNCTION_TIMEOUT_MILLIS = 30_000;

    @Test
    void aPortThatAcceptsAndNeverAnswersFailsTheBatchWellWithinTheFunctionTimeout() throws Exception {
        List<Socket> held = new ArrayList<>();
        try (ServerSocket silent = new ServerSocket(0)) {
            Thread acceptor = new Thread(() -> {
                try {
                    while (true) {
                        held.add(silent.accept());
                    }
                } catch (IOException closed) {
                    // the test is over
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            try (BatchRecorder recorder = BatchRecorder.connectingTo("jdbc:postgresql://127.0.0.1:" + silent.getLocalPort()
                    + "/oriole?user=recorder&sslmode=disable", ExperimentProjection.defaults(SavedEventFiles.JSON), SavedEventFiles.JSON)) {
                List<QueuedMessage> batch = SavedEventFiles.messages(SavedEventFiles.root().resolve("scenarios/03-failed-unhandled-exception"));
                long started = System.nanoTime();

                BatchReport report = recorder.record(batch);

                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
                assertThat(report.failed()).hasSize(batch.size()).allSatisfy(f -> assertThat(f.reason()).startsWith("database: "));
                assertThat(millis).as("three login attempts of %d s at most", DatabaseConnection.LOGIN_TIMEOUT_SECONDS)
                        .isLessThan(3 * DatabaseConnection.LOGIN_TIMEOUT_SECONDS * 1000L + 5_000)
                        .isLessThan(FUNCTION_TIMEOUT_MILLIS - 5_000);
            }
        } finally {
            for (Socket socket : held) {
                socket.close();
            }
        }
    }

    @Test
    void aServerPausedMidStreamFailsTheBatchInTimeAndTheNextBatchRecovers() throws Exception {
        try (PrivatePostgres postgres = new PrivatePostgres()) {
            String url = postgres.url("postgres");
            Migrator.migrate(url);
            List<QueuedMessage> events = SavedEventFiles.allScenarioMessages();
            try (BatchRecorder recorder = BatchRecorder.connectingTo(url, ExperimentProjection.defaults(SavedEventFiles.JSON),
                    SavedEventFiles.JSON)) {
                assertThat(recorder.record(events.subList(0, 10)).failed()).isEmpty();

                signal("STOP", postgres.pid());
                long started = System.nanoTime();
                BatchReport duringPause;
                try {
                    duringPause = recorder.record(events.subList(10, 20));
                } finally {
                    signal("CONT", postgres.pid());
                }
                long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);

                assertThat(duringPause.failed()).extracting(FailedMessage::messageId)
                        .containsExactlyElementsOf(events.subList(10, 20).stream().map(QueuedMessage::messageId).toList());
                assertThat(millis).as("a hung socket costs seconds, not the invocation").isLessThan(FUNCTION_TIMEOUT_MILLIS - 3_000);
                assertThat(recorder.record(events.subList(10, events.size())).failed()).as("the next batch recovers").isEmpty();
            }
            try (Connection c = DriverManager.getConnection(url)) {
                assertThat(Rows.experiments(c, "exp-")).hasSize(SavedEventFiles.scenarioExecutions());
            }
        }
    }

    /** The signal to the server and every process it started (its sessions answer the queries). */
    private static void signal(String signal, long postmaster) throws Exception {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal, Long.toString(postmaster)));
        ProcessHandle.of(postmaster).orElseThrow().descendants().forEach(p -> command.add(Long.toString(p.pid())));
        assertThat(new ProcessBuilder(command).inheritIO().start().waitFor()).isZero();
    }
}
