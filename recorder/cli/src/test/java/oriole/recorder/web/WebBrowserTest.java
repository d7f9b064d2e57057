package oriole.recorder.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import oriole.recorder.cli.Interval;
import oriole.recorder.testing.CommandRun;
import oriole.recorder.testing.SavedEventFiles;
import oriole.recorder.testing.TestDatabase;

/** The web view in a real headless Chromium, on a database filled by replaying the saved scenarios. */
class WebBrowserTest {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    static WebServer server;
    static ChromeDriver chrome;
    static JsonNode diagnosed;

    @BeforeAll
    static void serveAndOpenABrowser() throws Exception {
        String missing = HeadlessChromium.missing();
        assumeTrue(missing == null, missing);
        ScenarioDatabase.fill(db);
        Interval.Converter intervals = new Interval.Converter();
        server = WebServer.start(db.url(), "127.0.0.1", 0, new OverviewQuery(intervals.convert(ScenarioDatabase.SINCE),
                intervals.convert("1h"), Instant.parse(ScenarioDatabase.AT), 20, "/aws/lambda/oriole-agent"));
        chrome = HeadlessChromium.start();
        CommandRun diagnose = CommandRun.of("diagnose", "--db", db.url(), "--at", ScenarioDatabase.AT, "--since",
                ScenarioDatabase.SINCE, "--format", "json");
        assertThat(diagnose.exitCode()).as(diagnose.err()).isZero();
        diagnosed = SavedEventFiles.JSON.readTree(diagnose.out());
    }

    @AfterAll
    static void close() {
        if (chrome != null) {
            chrome.quit();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void theOverviewDrawsTheNumbersDiagnosePrints() throws Exception {
        open("/");
        waitUntilRendered();

        assertThat(text("stuck-count")).isEqualTo(diagnosed.at("/counts/stuck_count").asText());
        assertThat(text("failure-rate")).isEqualTo(diagnosed.at("/counts/failure_rate_percent").asText() + " %");
        assertThat(text("failure-counts")).isEqualTo(diagnosed.at("/counts/failed").asText() + " failed of "
                + diagnosed.at("/counts/finished").asText() + " finished");
        assertThat(text("window")).contains("the last 7d up to " + ScenarioDatabase.AT);
        assertThat(heatmapCells("success-heatmap")).as("execution succeeded, percent per model and temperature")
                .isEqualTo(expectedCells("execution_success_percent"));
        assertThat(heatmapCells("goal-heatmap")).as("goal found, percent per model and temperature")
                .isEqualTo(expectedCells("goal_found_percent"));
        assertThat(chartTitle("success-heatmap")).isEqualTo("Execution succeeded");
        assertThat(chartTitle("goal-heatmap")).isEqualTo("Goal found");
        assertThat(((Number) script("return " + option("failures-over-time") + ".series.reduce(function (s, x) {"
                + " return s + x.data.reduce(function (a, b) { return a + b; }, 0); }, 0);")).intValue())
                .as("the stacked bars hold every failure of the window").isEqualTo(diagnosed.at("/counts/failed").asInt());
        assertThat(script("return " + option("failures-over-time") + ".yAxis[0].name;")).isEqualTo("failures (runs)");
        assertThat(script("return " + option("durations") + ".xAxis[0].name;")).isEqualTo("duration");
        assertThat(chrome.findElements(By.cssSelector("#stuck-table tr"))).extracting(row -> row.findElements(By.tagName("td")).get(1).getText())
                .containsExactly("exp-0005-stuck", "exp-0011-redrive-running");
        HeadlessChromium.screenshot(chrome, "overview.png");

        String first = chrome.findElement(By.tagName("body")).getDomAttribute("data-rendered");
        Thread.sleep(1100);
        chrome.findElement(By.id("refresh")).click();
        new WebDriverWait(chrome, Duration.ofSeconds(20)).until(d ->
                !first.equals(d.findElement(By.tagName("body")).getDomAttribute("data-rendered")));
    }

    @Test
    void aFailedRunOpensFromTheRunsWithItsCauseAndTimeline() throws Exception {
        open("/runs?status=FAILED");
        chrome.findElement(By.linkText("exp-0006-lambda-timeout")).click();
        new WebDriverWait(chrome, Duration.ofSeconds(10)).until(d -> d.getTitle().startsWith("Experiment "));

        assertThat(text("status")).isEqualTo("FAILED");
        assertThat(text("kind")).isEqualTo("TIMEOUT");
        assertThat(text("cause")).contains("\"errorMessage\"").contains("Task timed out after 900.00 seconds");
        assertThat(chrome.findElements(By.cssSelector("#timeline tbody td.status"))).extracting(WebElement::getText)
                .containsExactly("RUNNING", "FAILED");
        assertThat(chrome.findElement(By.cssSelector("#started .local-time")).getText()).as("also in the browser's zone")
                .startsWith("(").endsWith(")");
        assertThat(text("command-0")).startsWith("aws stepfunctions describe-execution --execution-arn arn:aws:states:");
        HeadlessChromium.screenshot(chrome, "run.png");
    }

    @Test
    void theRunsPageThroughEveryExperimentNewestFirst() {
        open("/runs?limit=10");
        java.util.List<Long> ids = new java.util.ArrayList<>();
        while (true) {
            chrome.findElements(By.cssSelector("#runs tbody tr")).forEach(row ->
                    ids.add(Long.parseLong(row.findElements(By.tagName("td")).get(0).getText())));
            List<WebElement> older = chrome.findElements(By.id("older"));
            if (older.isEmpty()) {
                break;
            }
            older.get(0).click();
        }
        assertThat(ids).doesNotHaveDuplicates().isSortedAccordingTo((a, b) -> Long.compare(b, a)).hasSizeGreaterThan(20);
        assertThat(chrome.findElements(By.id("newest"))).as("a way back to the first page").hasSize(1);
    }

    @Test
    void aCauseHoldingAScriptShowsAsTextAndRunsNothing() {
        open("/runs?q=" + ScenarioDatabase.HOSTILE_NAME);
        chrome.findElement(By.linkText(ScenarioDatabase.HOSTILE_NAME)).click();
        new WebDriverWait(chrome, Duration.ofSeconds(10)).until(d -> d.getTitle().startsWith("Experiment "));

        assertThat(text("cause")).isEqualTo(ScenarioDatabase.HOSTILE_CAUSE);
        assertThat(text("error")).isEqualTo(ScenarioDatabase.HOSTILE_ERROR);
        assertThatThrownBy(() -> chrome.switchTo().alert()).isInstanceOf(NoAlertPresentException.class);
        assertThat(script("return window.__xss === undefined;")).as("no script of the cause ran").isEqualTo(true);
        assertThat(chrome.findElements(By.cssSelector("main script, main img"))).isEmpty();
    }

    @Test
    void aFailedStateFromSomeoneElsesHistoryShowsAsTextOnTheRunPageAndTheOverview() throws Exception {
        String state = "<img src=x onerror=\"window.__xss=3\">";
        String function = "<script>window.__xss=4</script>";
        try (java.sql.Connection c = db.connect(); var update = c.prepareStatement("UPDATE experiments SET failed_state = ?,"
                + " failed_state_type = 'Task', failed_function = ?, failed_resource_type = 'lambda', failed_resource = 'invoke',"
                + " failed_request_id = '01310c4d-3251-5b9d-ad59-d3cc1223a004', failed_kind = 'CRASH', explain_note = 'EXPLAINED',"
                + " explained_at = now(), failed_state_entered_at = started_at, failed_at = completed_at WHERE execution_name = ?")) {
            update.setString(1, state);
            update.setString(2, function);
            update.setString(3, ScenarioDatabase.HOSTILE_NAME);
            assertThat(update.executeUpdate()).isEqualTo(1);
        }
        open("/runs?q=" + ScenarioDatabase.HOSTILE_NAME);
        chrome.findElement(By.linkText(ScenarioDatabase.HOSTILE_NAME)).click();
        new WebDriverWait(chrome, Duration.ofSeconds(10)).until(d -> d.getTitle().startsWith("Experiment "));

        assertThat(text("failed-state")).startsWith(state + " (Task, entered ");
        assertThat(text("failed-in")).isEqualTo(function + " (lambda:invoke)");
        assertThat(text("request-id")).isEqualTo("01310c4d-3251-5b9d-ad59-d3cc1223a004");
        assertThat(text("insights-query")).contains("filter @requestId = \"01310c4d-3251-5b9d-ad59-d3cc1223a004\"");
        assertThat(chrome.findElement(By.id("console-link")).getDomAttribute("href"))
                .startsWith("https://us-east-1.console.aws.amazon.com/states/home?region=us-east-1#/v2/executions/details/arn%3Aaws%3A");
        open("/?since=" + ScenarioDatabase.SINCE + "&at=" + ScenarioDatabase.AT);
        waitUntilRendered();
        assertThat(chrome.findElement(By.id("failures-by-state-table")).getText()).contains(state + " CRASH 1 " + function);
        assertThat(script("return window.__xss === undefined;")).as("nothing of the history ran").isEqualTo(true);
        assertThat(chrome.findElements(By.cssSelector("main script, main img"))).isEmpty();
    }

    @Test
    void theReportOpensFromDiskWithItsChartsAndNoServer() throws Exception {
        Path report = HeadlessChromium.SCREENSHOTS.resolve("report.html").toAbsolutePath();
        CommandRun written = CommandRun.of("report", "--db", db.url(), "--since", ScenarioDatabase.SINCE, "--at",
                ScenarioDatabase.AT, "--out", report.toString());
        assertThat(written.exitCode()).as(written.err()).isZero();

        chrome.get(report.toUri().toString());
        waitUntilRendered();

        assertThat(text("stuck-count")).isEqualTo(diagnosed.at("/counts/stuck_count").asText());
        assertThat(heatmapCells("success-heatmap")).isEqualTo(expectedCells("execution_success_percent"));
        for (String chart : List.of("success-heatmap", "goal-heatmap", "failures-over-time", "durations")) {
            assertThat(chrome.findElements(By.cssSelector("#" + chart + " canvas"))).as(chart + " drawn").isNotEmpty();
        }
        assertThat(script("return performance.getEntriesByType('resource').length;")).as("nothing loaded").isEqualTo(0L);
        HeadlessChromium.screenshot(chrome, "report.png");
    }

    private static void open(String path) {
        chrome.get(server.address().resolve(path).toString());
    }

    private static void waitUntilRendered() {
        new WebDriverWait(chrome, Duration.ofSeconds(20)).until(d ->
                d.findElement(By.tagName("body")).getDomAttribute("data-rendered") != null);
    }

    private static String text(String id) {
        return chrome.findElement(By.id(id)).getText();
    }

    private static Object script(String script) {
        return chrome.executeScript(script);
    }

    private static String option(String chartId) {
        return "echarts.getInstanceByDom(document.getElementById('" + chartId + "')).getOption()";
    }

    private static String chartTitle(String chartId) {
        return (String) script("return " + option(chartId) + ".title[0].text;");
    }

    /** "model @ temperature" to the percent the heat map's cell shows. */
    @SuppressWarnings("unchecked")
    private static Map<String, Double> heatmapCells(String chartId) {
        Map<String, Object> drawn = (Map<String, Object>) script("var o = " + option(chartId)
                + "; return {x: o.xAxis[0].data, y: o.yAxis[0].data, cells: o.series[0].data};");
        List<Object> temperatures = (List<Object>) drawn.get("x");
        List<Object> models = (List<Object>) drawn.get("y");
        Map<String, Double> cells = new HashMap<>();
        for (Object cell : (List<Object>) drawn.get("cells")) {
            List<Object> value = (List<Object>) cell;
            cells.put(models.get(((Number) value.get(1)).intValue()) + " @ " + temperatures.get(((Number) value.get(0)).intValue()),
                    value.get(2) == null ? null : ((Number) value.get(2)).doubleValue());
        }
        return cells;
    }

    private static Map<String, Double> expectedCells(String percentField) {
        Map<String, Double> cells = new HashMap<>();
        for (JsonNode row : diagnosed.get("success_rates")) {
            cells.put(row.get("model_name").asText() + " @ " + (row.get("temperature").isNull() ? "(none)" : row.get("temperature").asText()),
                    row.get(percentField).isNull() ? null : row.get(percentField).asDouble());
        }
        return cells;
    }
}
