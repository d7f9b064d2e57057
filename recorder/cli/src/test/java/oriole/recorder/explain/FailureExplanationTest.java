package oriole.recorder.explain;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import java.sql.Connection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import oriole.recorder.event.ExperimentProjection;
import oriole.recorder.lambda.BatchRecorder;
import oriole.recorder.lambda.ReconcileHandler;
import oriole.recorder.window.Interval;
import oriole.recorder.window.Window;
import oriole.recorder.web.WebServer;
import oriole.recorder.testing.AwsReplay;
import oriole.recorder.testing.CommandRun;
import oriole.recorder.testing.Rows;
import oriole.recorder.testing.SavedEventFiles;
import oriole.recorder.testing.Stdout;
import oriole.recorder.testing.TestDatabase;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Every failed run of the saved scenarios explained from its execution history: the reconciler (Lambda and
 * command) with the real Step Functions SDK client against a local server answering GetExecutionHistory with
 * the documented response shapes (AWS JSON 1.0), page by page, throttled once, gone for one run.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailureExplanationTest {

    static final String PREFIX = "arn:aws:states:us-east-1:123456789012:execution:oriole-maze-experiment:";

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    static WireMockServer stepFunctions;
    static List<String> waitingAtFirst;

    @BeforeAll
    static void recordTheScenariosAndStartStepFunctions() throws Exception {
        try (BatchRecorder recorder = BatchRecorder.connectingTo(db.url(), ExperimentProjection.defaults(SavedEventFiles.JSON),
                SavedEventFiles.JSON)) {
            assertThat(recorder.record(SavedEventFiles.allScenarioMessages()).failed()).isEmpty();
        }
        try (Connection c = db.connect()) {
            // A failure the workflow caught: FinalizeOnError wrote last_error, then the execution SUCCEEDED.
            Rows.execute(c, "INSERT INTO experiments (execution_arn, execution_name, execution_status, status_rank, redrive_count,"
                    + " started_at, completed_at, last_error, failure_reason) VALUES ('" + PREFIX + "exp-0102-caught',"
                    + " 'exp-0102-caught', 'SUCCEEDED', 20, 0, '2026-01-01T23:00:00Z', '2026-01-01T23:00:40Z',"
                    + " '{\"error\": \"RuntimeError\", \"cause\": \"maze solver crashed\", \"timestamp\": \"2026-01-01T23:00:35Z\"}',"
                    + " 'RuntimeError: maze solver crashed')");
            waitingAtFirst = Rows.query(c, "SELECT execution_name FROM experiments WHERE execution_arn IS NOT NULL"
                    + " AND completed_at IS NOT NULL AND (execution_status IN ('FAILED', 'TIMED_OUT', 'ABORTED')"
                    + " OR last_error IS NOT NULL) ORDER BY completed_at, id").stream()
                    .map(row -> (String) row.get("execution_name")).toList();
        }
        stepFunctions = new WireMockServer(WireMockConfiguration.options().dynamicPort());
        stepFunctions.start();
        stepFunctions.stubFor(api("DescribeExecution").atPriority(10).willReturn(error("execution-does-not-exist.json")));
        stepFunctions.stubFor(api("GetExecutionHistory").atPriority(10).willReturn(error("execution-does-not-exist.json")));
        for (String run : List.of("exp-0003-failed-exception", "exp-0006-lambda-timeout", "exp-0007-network",
                "exp-0008-out-of-memory", "exp-0015-correlated", "exp-0027-started-second", "exp-0030-caught-timeout-succeeded",
                "exp-0102-caught")) {
            stepFunctions.stubFor(history(run).willReturn(replay("history/" + run.substring(0, 8) + ".json")));
        }
        stepFunctions.stubFor(history("exp-0004-timed-out").withRequestBody(matchingJsonPath("$.nextToken", absent()))
                .willReturn(replay("history/exp-0004-page-1.json")));
        for (int page = 2; page <= 3; page++) {
            stepFunctions.stubFor(history("exp-0004-timed-out")
                    .withRequestBody(matchingJsonPath("$.nextToken", equalTo("page-" + page + "-token-exp-0004")))
                    .willReturn(replay("history/exp-0004-page-" + page + ".json")));
        }
        stepFunctions.stubFor(history("exp-0020-nul-in-cause").inScenario("throttled").whenScenarioStateIs(STARTED)
                .willReturn(error("throttling.json")).willSetStateTo("quota refilled"));
        stepFunctions.stubFor(history("exp-0020-nul-in-cause").inScenario("throttled").whenScenarioStateIs("quota refilled")
                .willReturn(replay("history/exp-0020.json")));
    }

    @AfterAll
    static void stopStepFunctions() {
        stepFunctions.stop();
    }

    @Test
    @Order(1)
    void theScheduledReconcilerExplainsTheOldestFailuresBoundedAndCountsTheRest() throws Exception {
        Map<String, Object> metrics;
        try (SfnClient sfn = client()) {
            metrics = Stdout.of(() -> new ReconcileHandler(Map.of("RECORDER_DB_URL", db.url(), "RECORDER_RECONCILE_LIMIT", "2"),
                    sfn).handleRequest(Map.of(), null)).result();
        }

        assertThat(metrics.get("Explained")).isEqualTo(2);
        assertThat(((Number) metrics.get("WaitingForExplanation")).longValue()).isEqualTo(waitingAtFirst.size() - 2);
        try (Connection c = db.connect()) {
            assertThat(Rows.query(c, "SELECT execution_name FROM experiments WHERE explained_at IS NOT NULL ORDER BY completed_at"))
                    .extracting(row -> row.get("execution_name")).as("oldest first")
                    .containsExactlyElementsOf(waitingAtFirst.subList(0, 2));
        }
    }

    @Test
    @Order(2)
    void reconcileExplainsEveryFailedRunTheServerKnowsAndMarksTheRestGone() throws Exception {
        CommandRun run = CommandRun.of("reconcile", "--db", db.url(), "--endpoint", stepFunctions.baseUrl());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("explain: " + (waitingAtFirst.size() - 2) + " failed run(s) read");
        assertThat(run.out()).contains("0 still waiting for an explanation");
        try (Connection c = db.connect()) {
            assertThat(explanation(c, "exp-0003-failed-exception")).as("a Lambda task that threw").isEqualTo(Map.of(
                    "failed_state", "RunAgent", "failed_function", "oriole-agent", "failed_request_id",
                    "01310c4d-3251-5b9d-ad59-d3cc1223a004", "failed_event_type", "TaskFailed", "failed_kind", "CRASH",
                    "explain_note", "EXPLAINED"));
            assertThat(explanation(c, "exp-0006-lambda-timeout")).as("a Lambda timeout").containsEntry("failed_state", "RunAgent")
                    .containsEntry("failed_request_id", "6f1c2a4e-0d3b-4f7e-9a51-3c2b1d0e9f88").containsEntry("failed_kind", "TIMEOUT");
            assertThat(explanation(c, "exp-0007-network")).as("a legacy Lambda state").containsEntry("failed_state", "CallModel")
                    .containsEntry("failed_function", "oriole-model-client").containsEntry("failed_event_type", "LambdaFunctionFailed")
                    .containsEntry("failed_request_id", "9d0c8b7a-6f5e-4d3c-8b2a-1f0e9d8c7b6a").containsEntry("failed_kind", "NETWORK");
            assertThat(explanation(c, "exp-0008-out-of-memory")).as("inside a Map iteration").containsEntry("failed_state", "Step")
                    .containsEntry("failed_request_id", "2b8e1f0c-77aa-4c1e-b0d2-5e6f7a8b9c0d").containsEntry("failed_kind", "OUT_OF_MEMORY");
            assertThat(explanation(c, "exp-0015-correlated")).as("inside a Parallel branch").containsEntry("failed_state", "AskGpt")
                    .containsEntry("failed_function", "oriole-gpt").containsEntry("failed_request_id", "06bf41bf-8a55-5ff2-a60d-994fb477ff5b");
            assertThat(explanation(c, "exp-0027-started-second")).as("a Fail state with ErrorPath and CausePath")
                    .containsEntry("failed_state", "ModelUnreachable").containsEntry("failed_event_type", "ExecutionFailed")
                    .containsEntry("failed_kind", "NETWORK");
            assertThat(Rows.query(c, "SELECT failed_state_type, failed_function IS NULL AS no_function, failed_request_id_note FROM experiments"
                    + " WHERE execution_name = 'exp-0027-started-second'")).singleElement().isEqualTo(Map.of(
                    "failed_state_type", "Fail", "no_function", true, "failed_request_id_note", "a Fail state runs no Lambda function"));
            assertThat(explanation(c, "exp-0102-caught")).as("caught, and the execution SUCCEEDED")
                    .containsEntry("failed_state", "RunAgent").containsEntry("failed_request_id", "c0ffee00-1234-4abc-9def-0123456789ab");
            assertThat(explanation(c, "exp-0004-timed-out")).as("timed out while the agent ran; three pages")
                    .containsEntry("failed_state", "RunAgent").containsEntry("failed_function", "oriole-agent")
                    .containsEntry("failed_event_type", "ExecutionTimedOut").containsEntry("failed_kind", "TIMEOUT");
            assertThat(explanation(c, "exp-0020-nul-in-cause")).as("hostile text, after a throttled call")
                    .containsEntry("failed_state", "Run\uFFFDAgent\u001b[31m").containsEntry("failed_function", "oriole-agent\uFFFD")
                    .containsEntry("failed_kind", "CRASH");
            assertThat(explanation(c, "exp-0009-aborted")).as("history gone").containsEntry("explain_note", "EXECUTION_DOES_NOT_EXIST")
                    .doesNotContainKey("failed_state");
            assertThat(Rows.query(c, "SELECT failed_state_entered_at < failed_at AS ordered, failed_at <= completed_at + interval '1 second'"
                    + " AS in_the_run FROM experiments WHERE execution_name = 'exp-0003-failed-exception'"))
                    .singleElement().isEqualTo(Map.of("ordered", true, "in_the_run", true));
        }
        stepFunctions.verify(3, historyRequested("exp-0004-timed-out"));
        stepFunctions.verify(0, postRequestedFor(urlEqualTo("/")).withRequestBody(matchingJsonPath("$.nextToken",
                equalTo("page-4-token-exp-0004"))));
        stepFunctions.verify(2, historyRequested("exp-0020-nul-in-cause"));
        var requests = stepFunctions.findAll(historyRequests());
        assertThat(requests).isNotEmpty();
        for (var request : requests) {
            var body = SavedEventFiles.JSON.readTree(request.getBodyAsString());
            assertThat(body.get("reverseOrder").asBoolean()).as("newest first").isTrue();
            assertThat(body.get("includeExecutionData").asBoolean(true)).as("without execution data").isFalse();
            assertThat(body.get("maxResults").asInt()).isEqualTo(HistoryReader.PAGE_SIZE);
        }
    }

    @Test
    @Order(3)
    void aRunIsAskedAboutOnce() throws Exception {
        int before = stepFunctions.findAll(historyRequests()).size();

        CommandRun run = CommandRun.of("reconcile", "--db", db.url(), "--endpoint", stepFunctions.baseUrl());

        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("explain: 0 failed run(s) read");
        assertThat(stepFunctions.findAll(historyRequests())).hasSize(before);
    }

    @Test
    @Order(4)
    void showPrintsTheFailedStateItsFunctionTheRequestIdAndTheExactCommands() {
        CommandRun run = CommandRun.of("show", "exp-0003-failed-exception", "--db", db.url());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines()).contains(
                "failed state: RunAgent (Task, entered 2026-01-01T10:20:02.160Z, failed 2026-01-01T10:21:52.230Z)",
                "failed in: oriole-agent (lambda:invoke)",
                "request id: 01310c4d-3251-5b9d-ad59-d3cc1223a004",
                "  aws logs filter-log-events --region us-east-1 --log-group-name /aws/lambda/oriole-agent --start-time 1767262802160"
                        + " --end-time 1767262972230 --filter-pattern '\"01310c4d-3251-5b9d-ad59-d3cc1223a004\"'",
                "  aws logs start-query --region us-east-1 --log-group-name /aws/lambda/oriole-agent --start-time 1767262802"
                        + " --end-time 1767262973 --query-string 'fields @timestamp, @requestId, @message | filter @requestId ="
                        + " \"01310c4d-3251-5b9d-ad59-d3cc1223a004\" or @message like \"01310c4d-3251-5b9d-ad59-d3cc1223a004\""
                        + " | sort @timestamp asc | limit 200'",
                "  fields @timestamp, @requestId, @message | filter @requestId = \"01310c4d-3251-5b9d-ad59-d3cc1223a004\""
                        + " or @message like \"01310c4d-3251-5b9d-ad59-d3cc1223a004\" | sort @timestamp asc | limit 200");
        assertThat(run.out()).contains("aws logs tail /aws/lambda/oriole-agent --since");

        CommandRun gone = CommandRun.of("show", "exp-0009-aborted", "--db", db.url());
        assertThat(gone.out().lines()).contains(
                "failed state: unknown (the execution's history is gone: Step Functions keeps it 90 days)",
                "failed in: unknown", "request id: unknown");
        CommandRun timedOut = CommandRun.of("show", "exp-0004-timed-out", "--db", db.url());
        assertThat(timedOut.out().lines()).contains("failed in: oriole-agent (lambda:invoke)",
                "request id: unknown (the execution timed out while the state ran: no invocation failed)");
        CommandRun failStateRun = CommandRun.of("show", "exp-0027-started-second", "--db", db.url());
        assertThat(failStateRun.out().lines()).contains("failed in: nothing (a Fail state: the workflow itself failed the run)",
                "request id: unknown (a Fail state runs no Lambda function)");
        CommandRun custom = CommandRun.of("show", "exp-0003-failed-exception", "--db", db.url(), "--log-group", "/oriole/agent's logs");
        assertThat(custom.out()).contains("--log-group-name '/oriole/agent'\\''s logs' --start-time");
    }

    @Test
    @Order(5)
    void showLogsFetchesTheInvocationsLinesNewestLast() throws Exception {
        MappingBuilder filter = AwsReplay.logsCall("FilterLogEvents")
                .withRequestBody(matchingJsonPath("$.logGroupName", equalTo("/aws/lambda/oriole-agent")))
                .withRequestBody(matchingJsonPath("$.filterPattern", equalTo("\"01310c4d-3251-5b9d-ad59-d3cc1223a004\"")))
                .withRequestBody(matchingJsonPath("$.startTime", equalTo("1767262802160")))
                .withRequestBody(matchingJsonPath("$.endTime", equalTo("1767262972230")));
        stepFunctions.stubFor(filter.withRequestBody(matchingJsonPath("$.nextToken", absent()))
                .willReturn(logs("logs/filter-exp-0003-page-1.json")));
        stepFunctions.stubFor(AwsReplay.logsCall("FilterLogEvents").withRequestBody(matchingJsonPath("$.nextToken", equalTo("logs-page-2")))
                .willReturn(logs("logs/filter-exp-0003-page-2.json")));

        CommandRun run = CommandRun.of("show", "exp-0003-failed-exception", "--db", db.url(), "--logs",
                "--endpoint", stepFunctions.baseUrl());

        assertThat(run.exitCode()).as(run.err()).isZero();
        String out = run.out();
        assertThat(out).contains("logs (/aws/lambda/oriole-agent, 2026-01-01T10:20:02.160Z to 2026-01-01T10:22:52.230Z,"
                + " \"01310c4d-3251-5b9d-ad59-d3cc1223a004\"; newest last):");
        assertThat(out.indexOf("START RequestId: 01310c4d")).as("under the timeline").isGreaterThan(out.indexOf("timeline"));
        assertThat(out.indexOf("START RequestId")).isLessThan(out.indexOf("[ERROR] KeyError: 'action'"));
        assertThat(out.indexOf("[ERROR] KeyError")).isLessThan(out.indexOf("REPORT RequestId"));
        assertThat(out.lines()).as("a traceback stays lines, under its time, control characters escaped").contains(
                "  2026-01-01T10:21:52.200Z  [ERROR] KeyError: 'action'",
                "                              File \"/var/task/agent.py\", line 88, in handler",
                "  2026-01-01T10:20:02.265Z  [INFO]  2026-01-01T10:20:04.615Z  01310c4d-3251-5b9d-ad59-d3cc1223a004  walking maze"
                        + " 12x12 seed 7 with claude-3-5-sonnet");

        CommandRun bounded = CommandRun.of("show", "exp-0003-failed-exception", "--db", db.url(), "--logs", "--log-lines", "2",
                "--endpoint", stepFunctions.baseUrl());
        assertThat(bounded.out()).contains("… 4 earlier line(s) not shown (--log-lines)").doesNotContain("START RequestId")
                .contains("END RequestId").contains("REPORT RequestId");
    }

    @Test
    @Order(6)
    void showAwsExplainsTheRunOnTheSpotAndKeepsTheAnswer() throws Exception {
        try (Connection c = db.connect()) {
            Rows.execute(c, "UPDATE experiments SET explained_at = NULL, explain_note = NULL, failed_state = NULL,"
                    + " failed_function = NULL, failed_request_id = NULL WHERE execution_name = 'exp-0007-network'");
        }
        assertThat(CommandRun.of("show", "exp-0007-network", "--db", db.url()).out())
                .contains("failed state: not explained yet (the reconciler reads the execution's history within 15 minutes;"
                        + " show --aws reads it now)");
        int before = stepFunctions.findAll(historyRequested("exp-0007-network")).size();

        CommandRun run = CommandRun.of("show", "exp-0007-network", "--db", db.url(), "--aws", "--endpoint", stepFunctions.baseUrl());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out().lines()).contains("failed in: oriole-model-client",
                "request id: 9d0c8b7a-6f5e-4d3c-8b2a-1f0e9d8c7b6a").anyMatch(line -> line.startsWith("failed state: CallModel (Task"));
        assertThat(stepFunctions.findAll(historyRequested("exp-0007-network"))).hasSize(before + 1);
        try (Connection c = db.connect()) {
            assertThat(explanation(c, "exp-0007-network")).containsEntry("failed_state", "CallModel")
                    .containsEntry("explain_note", "EXPLAINED");
        }
    }

    @Test
    @Order(7)
    void diagnoseCountsFailuresByStateAndKindWithTheNewestExample() throws Exception {
        CommandRun diagnose = CommandRun.of("diagnose", "--db", db.url(), "--at", "2026-01-02T12:00:00Z", "--since", "7d",
                "--format", "json");

        assertThat(diagnose.exitCode()).as(diagnose.err()).isZero();
        var byState = SavedEventFiles.JSON.readTree(diagnose.out()).get("failures_by_state");
        List<String> rows = new java.util.ArrayList<>();
        byState.forEach(row -> rows.add(row.get("state").asText() + " × " + row.get("kind").asText() + " = "
                + row.get("failures").asInt() + ", in " + row.get("failed_in").asText() + ", e.g. " + row.get("newest_example").asText()));
        assertThat(rows).contains(
                "RunAgent × CRASH = 2, in oriole-agent, e.g. exp-0102-caught",
                "RunAgent × TIMEOUT = 3, in oriole-agent, e.g. exp-0004-timed-out",
                "AskGpt × CRASH = 1, in oriole-gpt, e.g. exp-0015-correlated",
                "CallModel × NETWORK = 1, in oriole-model-client, e.g. exp-0007-network",
                "Step × OUT_OF_MEMORY = 1, in oriole-agent, e.g. exp-0008-out-of-memory",
                "ModelUnreachable × NETWORK = 1, in null, e.g. exp-0027-started-second");
        assertThat(rows).anyMatch(row -> row.startsWith("(history gone) × ABORTED = 1"));

        CommandRun table = CommandRun.of("diagnose", "--db", db.url(), "--at", "2026-01-02T12:00:00Z", "--since", "7d");
        assertThat(table.out()).contains("== 3c. Failures within the window by failed state and kind")
                .containsPattern("RunAgent +CRASH +2 +oriole-agent +exp-0102-caught")
                .contains("Run\uFFFDAgent\\u001B[31m");
    }

    @Test
    @Order(8)
    void theRunPageAndTheOverviewShowWhyWithoutCallingAws() throws Exception {
        long id;
        try (Connection c = db.connect()) {
            id = ((Number) Rows.query(c, "SELECT id FROM experiments WHERE execution_name = 'exp-0003-failed-exception'").get(0)
                    .get("id")).longValue();
        }
        int awsCalls = stepFunctions.getAllServeEvents().size();
        try (WebServer server = WebServer.start(db.url(), "127.0.0.1", 0, new Window(Interval.parse("7d"),
                Interval.parse("1h"), java.time.Instant.parse("2026-01-02T12:00:00Z"), 20, "/aws/lambda/oriole-agent"))) {
            java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
            String page = http.send(java.net.http.HttpRequest.newBuilder(server.address().resolve("/runs/" + id)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(page).contains("<h2>Why it failed</h2>")
                    .contains("<dd id=\"failed-state\">RunAgent (Task, entered 2026-01-01T10:20:02.160Z, failed 2026-01-01T10:21:52.230Z)</dd>")
                    .contains("<dd id=\"failed-in\">oriole-agent (lambda:invoke)</dd>")
                    .contains("<dd id=\"request-id\">01310c4d-3251-5b9d-ad59-d3cc1223a004</dd>")
                    .contains("<code id=\"insights-query\">fields @timestamp, @requestId, @message | filter @requestId ="
                            + " &quot;01310c4d-3251-5b9d-ad59-d3cc1223a004&quot;")
                    .contains("href=\"https://us-east-1.console.aws.amazon.com/states/home?region=us-east-1#/v2/executions/details/"
                            + "arn%3Aaws%3Astates%3Aus-east-1%3A123456789012%3Aexecution%3Aoriole-maze-experiment%3Aexp-0003-failed-exception\"")
                    .contains("aws logs filter-log-events --region us-east-1 --log-group-name /aws/lambda/oriole-agent");
            var api = SavedEventFiles.JSON.readTree(http.send(java.net.http.HttpRequest.newBuilder(
                    server.address().resolve("/api/runs/" + id)).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body());
            assertThat(api.get("failure")).extracting(com.fasterxml.jackson.databind.JsonNode::asText).contains(
                    "failed in: oriole-agent (lambda:invoke)", "request id: 01310c4d-3251-5b9d-ad59-d3cc1223a004");
            assertThat(api.get("logs_insights_query").asText()).contains("filter @requestId = \"01310c4d-3251-5b9d-ad59-d3cc1223a004\"");
            String overview = http.send(java.net.http.HttpRequest.newBuilder(server.address().resolve(
                    "/api/overview?since=7d&at=2026-01-02T12:00:00Z")).build(), java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(SavedEventFiles.JSON.readTree(overview).get("failures_by_state").toString())
                    .contains("\"state\":\"RunAgent\",\"kind\":\"CRASH\",\"failures\":2");
            String overviewPage = http.send(java.net.http.HttpRequest.newBuilder(server.address().resolve("/")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(overviewPage).contains("id=\"failures-by-state-table\"");
        }
        assertThat(stepFunctions.getAllServeEvents()).as("the web view calls no AWS API").hasSize(awsCalls);
    }

    /** A recorded answer of {@code aws-replay} (what docs/diagnose.md serves with WireMock standalone). */
    static ResponseDefinitionBuilder replay(String file) {
        return AwsReplay.stepFunctionsAnswer(200, "/aws-replay/__files/" + file);
    }

    static ResponseDefinitionBuilder logs(String file) {
        return AwsReplay.logsAnswer("/aws-replay/__files/" + file);
    }

    static Map<String, Object> explanation(Connection c, String name) throws Exception {
        Map<String, Object> row = Rows.query(c, "SELECT failed_state, failed_function, failed_request_id, failed_event_type,"
                + " failed_kind, explain_note FROM experiments WHERE execution_name = ?", name).get(0);
        row.values().removeIf(java.util.Objects::isNull);
        return row;
    }

    static SfnClient client() {
        return AwsReplay.stepFunctions(stepFunctions);
    }

    static MappingBuilder api(String operation) {
        return AwsReplay.stepFunctionsCall(operation);
    }

    static MappingBuilder history(String run) {
        return api("GetExecutionHistory").withRequestBody(matchingJsonPath("$.executionArn", equalTo(PREFIX + run)));
    }

    static RequestPatternBuilder historyRequests() {
        return postRequestedFor(urlEqualTo("/")).withHeader("X-Amz-Target", equalTo("AWSStepFunctions.GetExecutionHistory"));
    }

    static RequestPatternBuilder historyRequested(String run) {
        return historyRequests().withRequestBody(matchingJsonPath("$.executionArn", equalTo(PREFIX + run)));
    }

    static ResponseDefinitionBuilder error(String file) {
        return AwsReplay.stepFunctionsAnswer(400, "/sfn/" + file);
    }
}
