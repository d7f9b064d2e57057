package oriole.recorder.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import oriole.recorder.window.Interval;
import oriole.recorder.window.Window;
import oriole.recorder.testing.CommandRun;
import oriole.recorder.testing.Rows;
import oriole.recorder.testing.SavedEventFiles;
import oriole.recorder.testing.TestDatabase;

/** The JSON API and the server's manners (read-only, escaping, headers, errors), without a browser. */
class WebApiTest {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    static WebServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void serveTheScenarios() throws Exception {
        ScenarioDatabase.fill(db);
        server = WebServer.start(db.url(), "127.0.0.1", 0, new Window(Interval.parse(ScenarioDatabase.SINCE),
                Interval.parse("1h"), Instant.parse(ScenarioDatabase.AT), 20, Window.DEFAULT_LOG_GROUP));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void theOverviewApiCarriesTheNumbersDiagnosePrintsForTheSameWindow() throws Exception {
        JsonNode overview = json(get("/api/overview?since=7d&limit=20&at=" + ScenarioDatabase.AT));
        CommandRun diagnose = CommandRun.of("diagnose", "--db", db.url(), "--at", ScenarioDatabase.AT, "--since", "7d",
                "--format", "json");
        JsonNode printed = SavedEventFiles.JSON.readTree(diagnose.out());

        assertThat(overview.get("counts")).isEqualTo(printed.get("counts"));
        assertThat(overview.get("totals")).isEqualTo(printed.get("totals"));
        for (String list : List.of("success_rates", "stuck_experiments", "failures_over_time", "durations", "failures_by_kind")) {
            assertThat(overview.get(list)).as(list).isEqualTo(printed.get(list));
        }
        assertThat(overview.get("counts").get("stuck_count").asInt()).as("two scenarios and the bidi run").isEqualTo(3);
        assertThat(overview.get("failures_over_time").findValues("failures").stream().mapToInt(JsonNode::asInt).sum())
                .as("every failure of the window in one period or another")
                .isEqualTo(overview.get("counts").get("failed").asInt());
        assertThat(overview.get("computed_at").asText()).isNotEmpty();
        assertThat(overview.get("at").asText()).isEqualTo(ScenarioDatabase.AT);
    }

    @Test
    void runsArePagedByKeyNewestFirstWithEveryRowOnceAndFiltersApply() throws Exception {
        List<Long> ids = new ArrayList<>();
        String next = "/api/runs?limit=7";
        int pages = 0;
        while (next != null) {
            JsonNode page = json(get(next));
            page.get("runs").forEach(run -> ids.add(run.get("id").asLong()));
            next = page.get("next").isNull() ? null : page.get("next").asText();
            pages++;
        }
        try (Connection c = db.connect()) {
            long experiments = Rows.count(c, "SELECT count(*) FROM experiments");
            assertThat(ids).as("every experiment once").hasSize((int) experiments).doesNotHaveDuplicates();
            assertThat(pages).isEqualTo((int) ((experiments + 6) / 7));
        }
        assertThat(ids).as("newest first").isSortedAccordingTo((a, b) -> Long.compare(b, a));

        JsonNode failed = json(get("/api/runs?status=FAILED&kind=TIMEOUT"));
        assertThat(failed.get("runs")).isNotEmpty()
                .allSatisfy(run -> assertThat(run.get("status").asText()).isEqualTo("FAILED"))
                .allSatisfy(run -> assertThat(run.get("kind").asText()).isEqualTo("TIMEOUT"));
        JsonNode byName = json(get("/api/runs?q=exp-0010-redriven"));
        assertThat(byName.get("runs")).extracting(r -> r.get("execution_name").asText()).containsExactly("exp-0010-redriven");
    }

    @Test
    void everyHeatMapCellComparedHasTheCellsCountsAndIntervalsRunsWithoutAModelOrATemperatureIncluded() throws Exception {
        JsonNode cells = json(get("/api/overview?since=7d&at=" + ScenarioDatabase.AT)).get("success_rates");
        assertThat(cells).extracting(cell -> cell.get("model_name").asText()).contains("(unknown)", ScenarioDatabase.BIDI_MODEL);
        assertThat(cells).anySatisfy(cell -> assertThat(cell.get("temperature").isNull()).isTrue());
        for (JsonNode cell : cells) {
            String cohort = "model=" + cell.get("model_name").asText() + "+temperature="
                    + (cell.get("temperature").isNull() ? "none" : cell.get("temperature").asText());
            JsonNode compared = json(get(compareAddress(cohort, "model=gpt-4o", "7d")));
            JsonNode first = compared.get("first");

            assertThat(first.get("runs")).as(cohort).isEqualTo(cell.get("runs"));
            assertThat(first.get("succeeded")).as(cohort).isEqualTo(cell.get("succeeded"));
            assertThat(first.get("goal_found")).as(cohort).isEqualTo(cell.get("goal_found"));
            assertThat(percent(first.at("/execution_success/low"))).as(cohort).isEqualTo(cell.get("execution_success_low").asDouble());
            assertThat(percent(first.at("/execution_success/high"))).as(cohort).isEqualTo(cell.get("execution_success_high").asDouble());
            assertThat(percent(first.at("/goal_found_rate/low"))).as(cohort).isEqualTo(cell.get("goal_found_low").asDouble());
            assertThat(percent(first.at("/goal_found_rate/high"))).as(cohort).isEqualTo(cell.get("goal_found_high").asDouble());
        }
    }

    @Test
    void aComparisonIsWhatDiagnoseCompareReportsForTheSameWindow() throws Exception {
        for (String window : List.of("7d", "all", "1h")) {
            JsonNode served = json(get(compareAddress("model=claude-3-5-sonnet+temperature=0.7", "model=(unknown)", window)));
            CommandRun diagnose = CommandRun.of("diagnose", "--db", db.url(), "--at", ScenarioDatabase.AT, "--since", window,
                    "--format", "json", "--compare", "model=claude-3-5-sonnet+temperature=0.7,model=(unknown)");
            assertThat(diagnose.exitCode()).as(diagnose.err()).isZero();
            JsonNode printed = SavedEventFiles.JSON.readTree(diagnose.out());

            for (String part : List.of("since", "at", "first", "second", "difference")) {
                assertThat(served.get(part)).as(window + ": " + part).isEqualTo(printed.get(part));
            }
            assertThat(served.at("/first/execution_success/text").asText()).as("the cell as the table prints it")
                    .matches("\\d+\\.\\d % \\(\\d+\\.\\d-\\d+\\.\\d\\), \\d+/\\d+|- \\(no runs\\)");
        }
    }

    @Test
    void aCohortSpelledWronglyOrMissingIsAShort400SayingTheForm() throws Exception {
        for (String query : List.of("a=model=A", "b=model=A", "a=colour%3Dblue&b=model=A", "a=model%3D&b=model=A",
                "a=model%3DA%2Btemperature%3Dwarm&b=model=A", "a=%00&b=model=A", "a=model%3DA&b=model%3D" + "x".repeat(201),
                "a=model%3DA&b=model%3DB&since=forever")) {
            HttpResponse<String> refused = get("/api/compare?" + query);
            assertThat(refused.statusCode()).as(query).isEqualTo(400);
            assertThat(json(refused).get("error").asText()).as(query).isNotBlank().doesNotContain("Exception");
        }
        assertThat(json(get("/api/compare?a=model%3DA")).get("error").asText())
                .isEqualTo("/api/compare takes two cohorts, a and b, each like model=NAME+temperature=0.7"
                        + " (or model=NAME, temperature=0.7); b is missing");
        assertThat(json(get("/api/compare?a=colour%3Dblue&b=model%3DA")).get("error").asText())
                .startsWith("a: a cohort is model=NAME, temperature=NUMBER or both joined by +; 'colour' is neither");
    }

    @Test
    void aHostileModelNameIsACohortLikeAnyOtherAndComesBackAsData() throws Exception {
        String hostile = "<script>alert(1)</script>\"'\u202E";
        HttpResponse<String> compared = get(compareAddress("model=" + hostile, "model=" + ScenarioDatabase.BIDI_MODEL, "7d"));

        assertThat(compared.statusCode()).isEqualTo(200);
        assertThat(compared.headers().firstValue("Content-Type")).contains("application/json; charset=utf-8");
        assertThat(json(compared).at("/first/cohort").asText()).isEqualTo("model=" + hostile);
        assertThat(json(compared).at("/first/runs").asLong()).isZero();
        assertThat(json(compared).at("/second/runs").asLong()).as("the bidi model's stuck run").isEqualTo(1);
    }

    private static String compareAddress(String first, String second, String since) {
        return "/api/compare?a=" + java.net.URLEncoder.encode(first, StandardCharsets.UTF_8) + "&b="
                + java.net.URLEncoder.encode(second, StandardCharsets.UTF_8) + "&since=" + since + "&at=" + ScenarioDatabase.AT;
    }

    /** A proportion as the overview's cells give it: percent, one decimal. */
    private static double percent(JsonNode proportion) {
        return Math.round(proportion.asDouble() * 1000) / 10.0;
    }

    @Test
    void aRunCarriesWhatShowPrintsAndAnUnknownIdIsA404() throws Exception {
        long id = idOf("exp-0010-redriven");
        JsonNode run = json(get("/api/runs/" + id));

        assertThat(run.get("experiment").get("status").asText()).isEqualTo("SUCCEEDED");
        assertThat(run.get("timeline")).extracting(e -> e.get("status").asText())
                .as("the redriven run keeps its earlier failure").contains("FAILED", "SUCCEEDED");
        assertThat(run.get("aws_cli").get(0).asText()).startsWith("aws stepfunctions describe-execution --execution-arn arn:");

        HttpResponse<String> missing = get("/api/runs/999999999");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(json(missing).get("error").asText()).isEqualTo("no experiment 999999999");
        HttpResponse<String> missingPage = get("/runs/999999999");
        assertThat(missingPage.statusCode()).isEqualTo(404);
        assertThat(missingPage.body()).contains("<h1>Not found</h1>");
        assertThat(get("/runs/not-a-number").statusCode()).isEqualTo(404);
        assertThat(get("/api/overview?since=forever").statusCode()).isEqualTo(400);
    }

    @Test
    void aCaughtFailuresPageSaysStepFunctionsReportedSucceededAndTheWorkflowCaughtIt() throws Exception {
        HttpResponse<String> page = get("/runs/" + idOf("exp-0030-caught-timeout-succeeded"));

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("TIMED_OUT (caught by the workflow: Step Functions reported SUCCEEDED)");
    }

    @Test
    void markupFromAnExecutionIsEscapedAndEveryResponseCarriesARestrictivePolicy() throws Exception {
        HttpResponse<String> page = get("/runs/" + idOf(ScenarioDatabase.HOSTILE_NAME));

        assertThat(page.body()).doesNotContain(ScenarioDatabase.HOSTILE_CAUSE).doesNotContain("<b>Bold")
                .contains("&lt;script&gt;window.__xss=1;alert(1)&lt;/script&gt;");
        for (String path : List.of("/", "/runs", "/api/overview", "/assets/oriole.js", "/nowhere")) {
            HttpResponse<String> response = get(path);
            assertThat(response.headers().firstValue("Content-Security-Policy")).as(path)
                    .contains(ResponseSender.CONTENT_SECURITY_POLICY);
            assertThat(response.headers().firstValue("X-Content-Type-Options")).as(path).contains("nosniff");
        }
        assertThat(ResponseSender.CONTENT_SECURITY_POLICY).contains("script-src 'self'").doesNotContain("unsafe-eval")
                .doesNotContain("script-src 'self' 'unsafe-inline'");
        assertThat(get("/assets/echarts.min.js").body()).as("the charting library comes from the jar").contains("echarts");
    }

    @Test
    void theServerOnlyReads() throws Exception {
        HttpResponse<String> post = HTTP.send(HttpRequest.newBuilder(server.address().resolve("/api/runs"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(405);

        try (Connection connection = ReadOnlyConnections.open(db.url())) {
            assertThatThrownBy(() -> connection.createStatement().execute(
                    "INSERT INTO experiments (execution_name) VALUES ('written by the web view')"))
                    .isInstanceOf(SQLException.class).hasMessageContaining("read-only");
        }
    }

    @Test
    void aRequestForAnotherHostNameIsRefusedSoARebindingPageCannotReadTheView() throws Exception {
        assertThat(rawStatusLine("evil.example")).contains(" 403 ");
        assertThat(rawStatusLine("127.0.0.1:" + server.address().getPort())).contains(" 200 ");
        assertThat(rawStatusLine("localhost:" + server.address().getPort())).contains(" 200 ");
    }

    /** The status line of GET / sent with this Host header (HttpClient will not send a Host of our choosing). */
    private static String rawStatusLine(String host) throws Exception {
        return rawStatusLine(server, host);
    }

    static String rawStatusLine(WebServer server, String host) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.address().getPort())) {
            socket.getOutputStream().write(("GET /api/runs?limit=1 HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            return new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII)).readLine();
        }
    }

    static long idOf(String executionName) throws SQLException {
        try (Connection c = db.connect()) {
            return Rows.count(c, "SELECT id FROM experiments WHERE execution_name = ?", executionName);
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(server.address().resolve(path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return SavedEventFiles.JSON.readTree(response.body());
    }
}
