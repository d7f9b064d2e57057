package oriole.recorder.lambda;

import oriole.recorder.contract.QueuedMessage;
import static org.assertj.core.api.Assertions.assertThat;

import com.amazonaws.services.lambda.runtime.events.SQSBatchResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import oriole.recorder.devkit.Migrator;
import oriole.recorder.testing.PrivatePostgres;
import oriole.recorder.testing.Rows;
import oriole.recorder.testing.SavedEventFiles;
import oriole.recorder.testing.Stdout;

/**
 * Day 8: Secrets Manager rotates the database password (RDS-managed secrets every 7 days): the password
 * changes and open sessions are ended. A warm recorder re-reads the secret and reconnects within the batch;
 * no message fails. On a private PostgreSQL that checks passwords (scram-sha-256) for the recorder's role.
 */
class CredentialRotationTest {

    static final String RDS_MANAGED_SECRET = "arn:aws:secretsmanager:us-east-1:123456789012:secret:rds!db-0a1b2c3d-AbCdEf";

    @Test
    void aRotatedPasswordIsReadAgainAndNoMessageFails() throws Exception {
        try (PrivatePostgres postgres = new PrivatePostgres()) {
            try (Connection admin = DriverManager.getConnection(postgres.url("postgres"))) {
                Rows.execute(admin, "CREATE ROLE recorder LOGIN PASSWORD 'first-password'");
                Rows.execute(admin, "CREATE DATABASE oriole OWNER recorder");
            }
            postgres.requireFirst("host all recorder all scram-sha-256");
            Migrator.migrate("jdbc:postgresql://localhost:" + postgres.port() + "/oriole?user=recorder&password=first-password");
            // An RDS-managed master secret holds only the credentials; where the database is comes from the stack.
            AtomicReference<String> secret = new AtomicReference<>(credentials("first-password"));
            AtomicInteger reads = new AtomicInteger();
            RecorderHandler handler = new RecorderHandler(Map.of(
                    DatabaseUrl.SECRET_ARN_VARIABLE, RDS_MANAGED_SECRET,
                    DatabaseUrl.HOST_VARIABLE, "localhost",
                    DatabaseUrl.PORT_VARIABLE, Integer.toString(postgres.port()),
                    DatabaseUrl.NAME_VARIABLE, "oriole",
                    DatabaseUrl.SSL_MODE_VARIABLE, "disable"), arn -> {
                        assertThat(arn).isEqualTo(RDS_MANAGED_SECRET);
                        reads.incrementAndGet();
                        return secret.get();
                    });
            List<QueuedMessage> events = SavedEventFiles.allScenarioMessages();
            int half = events.size() / 2;

            assertNoFailures(handler, events.subList(0, half));
            try (Connection admin = DriverManager.getConnection(postgres.url("postgres"))) {
                // What the rotation Lambda does: a new password, then the old sessions end.
                Rows.execute(admin, "ALTER ROLE recorder PASSWORD 'second-password'");
                secret.set(credentials("second-password"));
                Rows.execute(admin, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = 'recorder'");
            }
            assertNoFailures(handler, events.subList(half, events.size()));

            assertThat(reads.get()).as("read at the first batch and once after the rotation").isEqualTo(2);
            try (Connection c = DriverManager.getConnection(postgres.url("oriole"))) {
                assertThat(Rows.experiments(c, "exp-")).hasSize(SavedEventFiles.scenarioExecutions());
            }
        }
    }

    @Test
    void aSecretLackingWhatItNeedsFailsTheMessagesWithOneLineNamingTheKeys() throws Exception {
        RecorderHandler handler = new RecorderHandler(Map.of(DatabaseUrl.SECRET_ARN_VARIABLE, RDS_MANAGED_SECRET),
                arn -> "{\"username\":\"recorder\"}");
        List<QueuedMessage> batch = SavedEventFiles.messages(SavedEventFiles.root().resolve("scenarios/01-succeeded-goal-found"));
        Stdout<SQSBatchResponse> invocation = Stdout.of(() -> handler.handleRequest(SavedEventFiles.sqsEvent(batch), null));

        assertThat(invocation.result().getBatchItemFailures()).as("every message failed, none lost, the invocation did not throw")
                .hasSize(batch.size());
        assertThat(invocation.printed().lines()
                .filter(line -> line.contains("\"message\":\"database unavailable\"")))
                .singleElement().asString()
                .contains("the database secret lacks host (or the RECORDER_DB_HOST variable: context databaseHost), password");
    }

    private static void assertNoFailures(RecorderHandler handler, List<QueuedMessage> events) {
        for (int from = 0; from < events.size(); from += 10) {
            SQSBatchResponse response = handler.handleRequest(
                    SavedEventFiles.sqsEvent(events.subList(from, Math.min(events.size(), from + 10))), null);
            assertThat(response.getBatchItemFailures()).as("batch at %d", from).isEmpty();
        }
    }

    private static String credentials(String password) {
        return "{\"username\":\"recorder\",\"password\":\"" + password + "\"}";
    }
}
