package oriole.recorder.reconcile;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import java.io.IOException;
import java.nio.file.Files;
import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import oriole.recorder.event.ExperimentProjection;
import oriole.recorder.lambda.BatchRecorder;
import oriole.recorder.contract.QueuedMessage;
import oriole.recorder.lambda.ReconcileHandler;
import oriole.recorder.store.DatabaseConnection;
import oriole.recorder.store.StatusStore;
import oriole.recorder.testing.AwsReplay;
import oriole.recorder.testing.CommandRun;
import oriole.recorder.testing.Rows;
import oriole.recorder.testing.SavedEventFiles;
import oriole.recorder.testing.Stdout;
import oriole.recorder.testing.TestDatabase;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * The reconciler and backfill with the real Step Functions SDK client, pointed at a local HTTP server that
 * answers with Step Functions API responses (AWS JSON 1.0), throttling and ExecutionDoesNotExist included.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReconcilerTest {

    static final String PREFIX = "arn:aws:states:us-east-1:123456789012:execution:oriole-maze-experiment:";
    static final String STATE_MACHINE = "arn:aws:states:us-east-1:123456789012:stateMachine:oriole-maze-experiment";

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    static WireMockServer stepFunctions;

    @BeforeAll
    static void fillTheDatabaseAndStartStepFunctions() throws Exception {
        try (Connection c = db.connect()) {
            Rows.execute(c, Files.readString(SavedEventFiles.root().resolve("scenarios/15-correlated-to-pre-created-row/setup.sql")));
            // A row whose execution Step Functions no longer knows, and one from before tracking for backfill to take over.
            Rows.execute(c, "INSERT INTO experiments (execution_arn, execution_name, execution_status, status_rank, redrive_count,"
                    + " started_at) VALUES ('" + PREFIX + "exp-0099-deleted', 'exp-0099-deleted', 'RUNNING', 10, 0, '2026-01-01T09:00:00Z')");
            Rows.execute(c, "INSERT INTO experiments (model_name, started_at, sqs_message_id) VALUES ('claude-3-haiku',"
                    + " '2026-01-01T00:00:00Z', 'msg-0100')");
        }
        try (BatchRecorder recorder = BatchRecorder.connectingTo(db.url(), ExperimentProjection.defaults(SavedEventFiles.JSON),
                SavedEventFiles.JSON)) {
            // The recorded Step Functions answers cover the first scenarios' executions; scenario 26's row also waits
            // for a payload (one copy of its success came without output), which none of them answers.
            List<QueuedMessage> events = SavedEventFiles.allScenarioMessages().stream()
                    .filter(m -> !m.messageId().contains("26-success-with-and-without-output")).toList();
            assertThat(recorder.record(events).failed()).isEmpty();
        }
        stepFunctions = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        stepFunctions.start();
    }

    @AfterAll
    static void stopStepFunctions() {
        stepFunctions.stop();
    }

    @BeforeEach
    void answers() throws IOException {
        stepFunctions.resetAll();
        stepFunctions.stubFor(describe("exp-0005-stuck").inScenario("throttled").whenScenarioStateIs(STARTED)
                .willReturn(error("throttling.json")).willSetStateTo("quota refilled"));
        stepFunctions.stubFor(describe("exp-0005-stuck").inScenario("throttled").whenScenarioStateIs("quota refilled")
                .willReturn(ok("describe-exp-0005-succeeded.json")));
        stepFunctions.stubFor(describe("exp-0011-redrive-running").willReturn(ok("describe-exp-0011-running.json")));
        stepFunctions.stubFor(describe("exp-0014-input-omitted").willReturn(ok("describe-exp-0014-succeeded-full-payload.json")));
        stepFunctions.stubFor(describe("exp-0099-deleted").willReturn(error("execution-does-not-exist.json")));
        stepFunctions.stubFor(describe("exp-0100-before-tracking").willReturn(ok("describe-exp-0100-succeeded.json")));
        stepFunctions.stubFor(describe("exp-0101-backfilled").willReturn(ok("describe-exp-0101-failed.json")));
        // The failed runs' histories are FailureExplanationTest's: here they are gone.
        stepFunctions.stubFor(api("GetExecutionHistory").atPriority(10).willReturn(error("execution-does-not-exist.json")));
        stepFunctions.stubFor(api("ListExecutions").withRequestBody(equalToJson(
                "{\"stateMachineArn\":\"" + STATE_MACHINE + "\",\"maxResults\":100}")).willReturn(ok("list-executions-page-1.json")));
        stepFunctions.stubFor(api("ListExecutions").withRequestBody(matchingJsonPath("$.nextToken", equalTo("page-2-token")))
                .willReturn(ok("list-executions-page-2.json")));
    }

    @Test
    @Order(1)
    void aDryRunAsksButWritesNothing() throws Exception {
        CommandRun run = CommandRun.of("reconcile", "--db", db.url(), "--endpoint", stepFunctions.baseUrl(), "--dry-run");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("reconcile (dry run, nothing written): 4 checked, 2 healed, 1 still running, 0 unchanged, 1 not found, 0 failed");
        try (Connection c = db.connect()) {
            assertThat(status(c, "exp-0005-stuck")).isEqualTo("RUNNING");
            assertThat(Rows.count(c, "SELECT count(*) FROM experiments WHERE reconciled_at IS NOT NULL")).isZero();
        }
    }

    @Test
    @Order(2)
    void healsWhatEventsLeftBehindThroughTheRecordersOwnPath() throws Exception {
        try (SfnClient sfn = client(); Connection c = DatabaseConnection.open(db.url())) {
            Reconciler.Result result = reconciler(sfn).reconcile(c, Duration.ofMinutes(15), 500, false);

            assertThat(result.checked()).isEqualTo(4);
            assertThat(result.outcomes()).isEqualTo(Map.of(ReconcileOutcome.HEALED, 2, ReconcileOutcome.STILL_RUNNING, 1,
                    ReconcileOutcome.EXECUTION_DOES_NOT_EXIST, 1));
            assertThat(result.failures()).isEmpty();
        }
        stepFunctions.verify(2, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("exp-0005-stuck")));
        try (Connection c = db.connect()) {
            assertThat(Rows.query(c, "SELECT execution_status, goal_found, completed_at IS NOT NULL AS completed, reconcile_note"
                    + " FROM experiments WHERE execution_name = 'exp-0005-stuck'")).singleElement()
                    .isEqualTo(Map.of("execution_status", "SUCCEEDED", "goal_found", true, "completed", true, "reconcile_note", "HEALED"));
            assertThat(Rows.query(c, "SELECT sqs_message_id, goal_found, model_name FROM experiments"
                    + " WHERE execution_name = 'exp-0014-input-omitted'")).as("the payload its events lacked").singleElement()
                    .isEqualTo(Map.of("sqs_message_id", "msg-0014", "goal_found", true, "model_name", "gpt-4o"));
            assertThat(Rows.query(c, "SELECT execution_status, reconcile_note FROM experiments WHERE execution_name = 'exp-0011-redrive-running'"))
                    .singleElement().isEqualTo(Map.of("execution_status", "RUNNING", "reconcile_note", "STILL_RUNNING"));
            assertThat(Rows.query(c, "SELECT execution_status, reconcile_note FROM experiments WHERE execution_name = 'exp-0099-deleted'"))
                    .singleElement().isEqualTo(Map.of("execution_status", "RUNNING", "reconcile_note", "EXECUTION_DOES_NOT_EXIST"));
            assertThat(Rows.count(c, "SELECT count(*) FROM execution_events WHERE event ->> 'source' = 'oriole.reconciler'"))
                    .as("the answers are in the history, marked as the reconciler's").isEqualTo(3);
        }
    }

    @Test
    @Order(3)
    void aSecondRunAsksOnlyWhatIsStillDueAndNeverTheMissingExecution() throws Exception {
        try (SfnClient sfn = client(); Connection c = DatabaseConnection.open(db.url())) {
            Reconciler.Result result = reconciler(sfn).reconcile(c, Duration.ofMinutes(15), 500, false);

            assertThat(result.checked()).as("exp-0011 was asked less than 15 minutes ago; exp-0099 does not exist").isZero();
        }
        stepFunctions.verify(0, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("exp-0099-deleted")));
        CommandRun diagnose = CommandRun.of("diagnose", "--db", db.url(), "--format", "json");
        assertThat(SavedEventFiles.JSON.readTree(diagnose.out()).get("executions_not_found"))
                .extracting(row -> row.get("execution_name").asText()).containsExactly("exp-0099-deleted");
    }

    @Test
    @Order(4)
    void aRealEventArrivingAfterTheHealChangesNothing() throws Exception {
        List<String> before;
        try (Connection c = db.connect()) {
            before = Rows.experiments(c, "exp-0005-stuck");
        }
        String running = SavedEventFiles.allScenarioMessages().stream()
                .filter(m -> m.body().contains("exp-0005-stuck")).findFirst().orElseThrow().body();
        String succeeded = running.replace("\"status\":\"RUNNING\"", "\"status\":\"SUCCEEDED\"")
                .replace("\"stopDate\":null", "\"stopDate\":1767265800000")
                .replace("\"output\":null", "\"output\":\"{\\\"goalFound\\\": true, \\\"steps\\\": 64}\"")
                .replaceFirst("\"id\":\"[^\"]+\"", "\"id\":\"late-real-succeeded-0005\"");
        try (BatchRecorder recorder = BatchRecorder.connectingTo(db.url(), ExperimentProjection.defaults(SavedEventFiles.JSON),
                SavedEventFiles.JSON)) {
            var report = recorder.record(List.of(new QueuedMessage("late", succeeded)));
            assertThat(report.failed()).isEmpty();
            assertThat(report.outcome().stale()).as("same order key as the heal: stale").isEqualTo(1);
        }
        try (Connection c = db.connect()) {
            assertThat(Rows.experiments(c, "exp-0005-stuck")).isEqualTo(before);
            assertThat(Rows.count(c, "SELECT count(*) FROM execution_events WHERE execution_arn = ?", PREFIX + "exp-0005-stuck"))
                    .as("RUNNING, the reconciler's SUCCEEDED, the real SUCCEEDED").isEqualTo(3);
        }
    }

    @Test
    @Order(5)
    void backfillRecordsUntrackedExecutionsPageByPageDownToSince() throws Exception {
        CommandRun run = CommandRun.of("backfill", "--db", db.url(), "--endpoint", stepFunctions.baseUrl(),
                "--state-machine-arn", STATE_MACHINE, "--since", "2026-01-01");

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("backfill: 3 execution(s) listed, 1 already tracked, 2 recorded, 0 not found");
        stepFunctions.verify(0, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("page-3-token")));
        stepFunctions.verify(0, postRequestedFor(urlEqualTo("/")).withRequestBody(containing("exp-0050-long-ago")));
        try (Connection c = db.connect()) {
            assertThat(Rows.query(c, "SELECT execution_status, last_error ->> 'kind' AS kind FROM experiments"
                    + " WHERE execution_name = 'exp-0101-backfilled'")).singleElement()
                    .isEqualTo(Map.of("execution_status", "FAILED", "kind", "OUT_OF_MEMORY"));
            assertThat(Rows.query(c, "SELECT execution_name, model_name, goal_found FROM experiments WHERE sqs_message_id = 'msg-0100'"))
                    .as("the row from before tracking is taken over, not duplicated").singleElement()
                    .isEqualTo(Map.of("execution_name", "exp-0100-before-tracking", "model_name", "claude-3-haiku", "goal_found", false));
        }
    }

    @Test
    @Order(6)
    void theScheduledHandlerPublishesItsCountsAsEmbeddedMetrics() throws Exception {
        String printed;
        try (SfnClient sfn = client()) {
            Stdout<Map<String, Object>> run = Stdout.of(() -> new ReconcileHandler(Map.of("RECORDER_DB_URL", db.url()), sfn)
                    .handleRequest(Map.of(), null));
            Map<String, Object> metrics = run.result();
            printed = run.printed();

            assertThat(metrics).containsKeys("Checked", "Healed", "StillRunning", "NotFound", "Failed", "StuckCount",
                    "FailureRate24hPercent");
            assertThat(((Number) metrics.get("StuckCount")).intValue()).as("exp-0011 and exp-0099 are open for hours").isEqualTo(2);
        }
        var emf = SavedEventFiles.JSON.readTree(printed.lines()
                .filter(line -> line.contains("\"_aws\"")).findFirst().orElseThrow());
        assertThat(emf.at("/_aws/CloudWatchMetrics/0/Namespace").asText()).isEqualTo("oriole/ExecutionTracking");
        assertThat(emf.at("/_aws/CloudWatchMetrics/0/Dimensions/0")).as("no dimensions: the alarms read plain metrics").isEmpty();
        assertThat(emf.at("/_aws/CloudWatchMetrics/0/Metrics").toString()).contains("\"Name\":\"Healed\"")
                .contains("\"Name\":\"FailureRate24hPercent\",\"Unit\":\"Percent\"");
        assertThat(emf.get("StuckCount").asInt()).isEqualTo(2);
    }

    static Reconciler reconciler(SfnClient sfn) {
        return new Reconciler(new ExecutionDescriber(sfn, new RateLimiter(100), SavedEventFiles.JSON),
                StatusStore.projecting(ExperimentProjection.defaults(SavedEventFiles.JSON)));
    }

    static SfnClient client() {
        return AwsReplay.stepFunctions(stepFunctions);
    }

    static String status(Connection c, String name) throws Exception {
        return (String) Rows.query(c, "SELECT execution_status FROM experiments WHERE execution_name = ?", name).get(0)
                .get("execution_status");
    }

    static MappingBuilder api(String operation) {
        return AwsReplay.stepFunctionsCall(operation);
    }

    static MappingBuilder describe(String executionName) {
        return api("DescribeExecution").withRequestBody(matchingJsonPath("$.executionArn", equalTo(PREFIX + executionName)));
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder ok(String file) {
        return AwsReplay.stepFunctionsAnswer(200, "/sfn/" + file);
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder error(String file) {
        return AwsReplay.stepFunctionsAnswer(400, "/sfn/" + file);
    }
}
