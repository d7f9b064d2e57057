package oriole.recorder.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.interactions.Actions;
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
import oriole.recorder.window.Interval;
import oriole.recorder.window.Window;
import oriole.recorder.testing.CommandRun;
import oriole.recorder.testing.ManyRuns;
import oriole.recorder.testing.SavedEventFiles;
import oriole.recorder.testing.TestDatabase;

/** The web view in a real headless Chromium, on a database filled by replaying the saved scenarios. */
class WebBrowserTest {

    @RegisterExtension
    static final TestDatabase db = TestDatabase.migrated();

    /** 40 runs at 0.2, every one succeeded, every second one found the goal: 91.2–100 % and 35.2–64.8 %. */
    static final String READABLE_MODEL = "gpt-4o-mini";

    static WebServer server;
    static ChromeDriver chrome;
    static JsonNode diagnosed;

    @BeforeAll
    static void serveAndOpenABrowser() throws Exception {
        String missing = HeadlessChromium.missing();
        assumeTrue(missing == null, missing);
        ScenarioDatabase.fill(db);
        try (java.sql.Connection c = db.connect()) {
            // A cohort with runs enough to read (the scenarios' are all too few: every interval wider than 30 points).
            ManyRuns.succeeded(c, READABLE_MODEL, new BigDecimal("0.2"), 40, 2, Instant.parse("2026-01-01T12:00:00Z"));
        }
        server = WebServer.start(db.url(), "127.0.0.1", 0, new Window(Interval.parse(ScenarioDatabase.SINCE),
                Interval.parse("1h"), Instant.parse(ScenarioDatabase.AT), 20, Window.DEFAULT_LOG_GROUP));
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
                .containsExactly("exp-0005-stuck", ScenarioDatabase.BIDI_NAME_SHOWN, "exp-0011-redrive-running");
        HeadlessChromium.screenshot(chrome, "overview.png");

        String first = chrome.findElement(By.tagName("body")).getDomAttribute("data-rendered");
        Thread.sleep(1100);
        chrome.findElement(By.id("refresh")).click();
        new WebDriverWait(chrome, Duration.ofSeconds(20)).until(d ->
                !first.equals(d.findElement(By.tagName("body")).getDomAttribute("data-rendered")));
    }

    @Test
    void allTimeIsOfferedAndSaidAsAPersonSaysIt() {
        open("/");
        waitUntilRendered();
        assertThat(chrome.findElements(By.cssSelector("select[name=since] option")))
                .extracting(option -> option.getAttribute("value") + "=" + option.getText())
                .contains("7d=last 7d", "all=all time");

        open("/?since=all");
        waitUntilRendered();
        assertThat(text("window")).startsWith("Window: all time up to ").doesNotContain("last all");
        assertThat(chrome.findElement(By.cssSelector("select[name=since] option[selected]")).getText()).isEqualTo("all time");
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

    @Test
    void eachHeatMapCellIsColouredByItsPercentageAndPaleAndDashedWhenItsIntervalIsTooWideToRead() throws Exception {
        open("/");
        waitUntilRendered();
        BufferedImage screen = ImageIO.read(new ByteArrayInputStream(chrome.getScreenshotAs(OutputType.BYTES)));
        for (String chart : List.of("success-heatmap", "goal-heatmap")) {
            Map<String, double[]> intervals = expectedIntervals(chart.equals("success-heatmap") ? "execution_success" : "goal_found");
            List<Object> legend = listOf(script("return " + option(chart) + ".visualMap[0].inRange.color;"));
            List<Map<String, Object>> cells = cells(chart);
            java.util.Set<Boolean> kinds = new java.util.HashSet<>();
            for (Map<String, Object> cell : cells) {
                double percent = ((Number) cell.get("percent")).doubleValue();
                double[] interval = intervals.get((String) cell.get("key"));
                boolean tooWide = interval[1] - interval[0] > 30;
                kinds.add(tooWide);
                int[] expected = legendColour(legend, percent);
                if (tooWide) {
                    expected = onWhite(expected, 0.45);
                }
                int[] drawn = rgb(screen.getRGB(((Number) cell.get("x")).intValue(), ((Number) cell.get("y")).intValue()));
                assertThat(distance(drawn, expected)).as("%s: %s: %s %%, interval %s drawn %s, the legend says %s", chart,
                        cell.get("key"), percent, Arrays.toString(interval), Arrays.toString(drawn), Arrays.toString(expected))
                        .isLessThan(14);
                assertThat(cell.get("border")).as("%s: %s, interval %s", chart, cell.get("key"), Arrays.toString(interval))
                        .isEqualTo(tooWide ? "dashed" : "solid");
            }
            assertThat(kinds).as(chart + ": cells too uncertain to read and cells that can be read").containsExactlyInAnyOrder(true, false);
        }
        assertThat(distance(legendColour(listOf(script("return " + option("success-heatmap") + ".visualMap[0].inRange.color;")), 0),
                onWhite(legendColour(listOf(script("return " + option("success-heatmap") + ".visualMap[0].inRange.color;")), 0), 0.45)))
                .as("0 %% of too few runs does not look like a real 0 %%").isGreaterThan(100);
        assertThat(text("heatmap-legend")).as("one legend entry says the rule")
                .startsWith("pale, dashed border: the cell's 95 % interval is wider than 30 points, too few runs to read its percentage");
        WebElement swatch = chrome.findElement(By.cssSelector("#heatmap-legend .swatch.wide"));
        assertThat(swatch.isDisplayed()).isTrue();
        assertThat(swatch.getCssValue("border-top-style")).as("drawn as the marked cells are").isEqualTo("dashed");
    }

    @Test
    void pointingAtACellShowsIts95PercentIntervalAndWhetherItIsTooWideToRead() {
        open("/");
        waitUntilRendered();
        for (String chart : List.of("success-heatmap", "goal-heatmap")) {
            Map<String, double[]> intervals = expectedIntervals(chart.equals("success-heatmap") ? "execution_success" : "goal_found");
            Map<String, String> durations = expectedDurations();
            for (Map<String, Object> cell : cells(chart)) {
                double[] interval = intervals.get((String) cell.get("key"));
                new Actions(chrome).moveToLocation(((Number) cell.get("x")).intValue(), ((Number) cell.get("y")).intValue())
                        .perform();
                String expected = String.format(java.util.Locale.ROOT, "95 %% interval: %.1f–%.1f %%", interval[0], interval[1]);
                String tooltip = new WebDriverWait(chrome, Duration.ofSeconds(5)).until(d -> d.findElements(
                                By.cssSelector("#" + chart + " > div")).stream().map(WebElement::getText)
                        .filter(t -> t.startsWith(cell.get("key") + "\n")).findFirst().orElse(null));
                assertThat(tooltip).as("%s: %s", chart, cell.get("key")).contains("\n" + expected + "\n")
                        .contains(String.format("(%s of %s runs)", cell.get("count"), cell.get("runs")));
                assertThat(tooltip).as("the cohort's durations, as diagnose gives them")
                        .contains(durations.get((String) cell.get("key")));
                if (interval[1] - interval[0] > 30) {
                    assertThat(tooltip).contains("\nwider than 30 points: too few runs to read\n");
                } else {
                    assertThat(tooltip).doesNotContain("too few runs");
                }
            }
        }
    }

    @Test
    void twoPickedCellsShowTheRatesIntervalsAndDifferenceDiagnoseComparePrints() throws Exception {
        open("/");
        waitUntilRendered();
        WebElement toggle = chrome.findElement(By.id("compare-toggle"));
        assertThat(chrome.findElement(By.id("comparison")).isDisplayed()).as("nothing compared yet").isFalse();
        toggle.click();
        assertThat(toggle.getDomAttribute("aria-pressed")).isEqualTo("true");
        clickCell("success-heatmap", "claude-3-5-sonnet @ 0.7");
        assertThat(text("compare-state")).startsWith("A: claude-3-5-sonnet @ 0.7. Now pick");
        assertThat(chrome.getCurrentUrl()).as("a pick, not the runs page").doesNotContain("/runs");
        clickCell("goal-heatmap", READABLE_MODEL + " @ 0.2");
        new WebDriverWait(chrome, Duration.ofSeconds(20)).until(d ->
                d.findElement(By.tagName("body")).getDomAttribute("data-compared") != null);

        List<List<String>> shown = chrome.findElements(By.cssSelector("#comparison-table tr")).stream()
                .map(row -> row.findElements(By.tagName("td")).stream().map(WebElement::getText).toList()).toList();
        CommandRun printed = CommandRun.of("diagnose", "--db", db.url(), "--at", ScenarioDatabase.AT, "--since", ScenarioDatabase.SINCE,
                "--compare", "model=claude-3-5-sonnet+temperature=0.7,model=" + READABLE_MODEL + "+temperature=0.2");
        assertThat(printed.exitCode()).as(printed.err()).isZero();
        List<String> lines = List.of(printed.out().split("\n"));

        assertThat(shown).extracting(row -> row.get(0)).containsExactly("model=claude-3-5-sonnet temperature=0.7",
                "model=" + READABLE_MODEL + " temperature=0.2", "difference (first - second)");
        for (List<String> row : shown) {
            assertThat(lines).as("diagnose --compare prints the row %s", row).anySatisfy(line -> assertThat(line)
                    .startsWith(row.get(0) + " ").contains("  " + row.get(2) + "  ").endsWith(" " + row.get(3)));
        }
        assertThat(shown.get(0)).containsExactly("model=claude-3-5-sonnet temperature=0.7", "16", "43.8 % (23.1-66.8), 7/16",
                "37.5 % (18.5-61.4), 6/16");
        assertThat(shown.get(2).get(2)).as("every run of the second cohort succeeded: a clear difference")
                .doesNotContain("not clear");
        assertThat(text("comparison-verdict")).startsWith("Execution succeeded: the difference is clear (its 95 % interval"
                + " excludes 0). Goal found: the difference is not clear (its 95 % interval includes 0). A difference whose");
        HeadlessChromium.screenshot(chrome, "compare.png");
        assertThat(cells("success-heatmap")).filteredOn(cell -> cell.get("borderWidth").equals(5L))
                .extracting(cell -> cell.get("key")).as("both picks marked on the map")
                .containsExactlyInAnyOrder("claude-3-5-sonnet @ 0.7", READABLE_MODEL + " @ 0.2");
    }

    @Test
    void aComparedCellOfAHostileModelShowsItsNameAsTextAndRunsNothing() {
        open("/");
        waitUntilRendered();
        chrome.findElement(By.id("compare-toggle")).click();
        String bidi = keyStartingWith("success-heatmap", ScenarioDatabase.BIDI_MODEL_SHOWN + " @ ");
        String unknown = keyStartingWith("success-heatmap", "(unknown) @ ");
        clickCell("success-heatmap", bidi);
        clickCell("success-heatmap", unknown);
        new WebDriverWait(chrome, Duration.ofSeconds(20)).until(d ->
                d.findElement(By.tagName("body")).getDomAttribute("data-compared") != null);

        assertThat(chrome.findElements(By.cssSelector("#comparison-table td.name")).stream().map(WebElement::getText))
                .containsExactly(cohortLabel(bidi), cohortLabel(unknown), "difference (first - second)");
        Map<String, Object> unknownCell = cells("success-heatmap").stream().filter(c -> c.get("key").equals(unknown))
                .findFirst().orElseThrow();
        assertThat(chrome.findElements(By.cssSelector("#comparison-table td.number")).stream().map(WebElement::getText))
                .as("the bidi model's one stuck run; the runs without a model as the heat map counts them")
                .containsExactly("1", String.valueOf(unknownCell.get("runs")), "");
        assertThat(script("return window.__xss === undefined;")).isEqualTo(true);
        assertThat(chrome.findElements(By.cssSelector("main script, main img"))).isEmpty();
    }

    /** The cell's cohort as diagnose --compare labels it, shown as the page shows text: {@code model=A temperature=0.7}. */
    private static String cohortLabel(String key) {
        String[] parts = key.split(" @ ");
        return "model=" + parts[0] + " temperature=" + (parts[1].equals("(none)") ? "none" : parts[1]);
    }

    private static String keyStartingWith(String chart, String prefix) {
        return cells(chart).stream().map(c -> (String) c.get("key")).filter(k -> k.startsWith(prefix)).findFirst()
                .orElseThrow(() -> new AssertionError("no cell of " + prefix + " on " + chart));
    }

    private static void clickCell(String chart, String key) {
        Map<String, Object> cell = cells(chart).stream().filter(c -> c.get("key").equals(key)).findFirst()
                .orElseThrow(() -> new AssertionError("no cell " + key + " on " + chart));
        new Actions(chrome).moveToLocation(((Number) cell.get("x")).intValue(), ((Number) cell.get("y")).intValue())
                .click().perform();
    }

    @Test
    void eachCellSaysItsPercentageAndItsRunsAndOpensThoseRuns() {
        open("/");
        waitUntilRendered();
        Map<String, String> labels = new HashMap<>();
        for (Map<String, Object> cell : cells("success-heatmap")) {
            labels.put((String) cell.get("key"), (String) cell.get("label"));
        }
        assertThat(labels).containsEntry("claude-3-5-sonnet @ 0.7", "43.8 %\n7/16")
                .containsEntry("gpt-4o @ 0.0", "100.0 %\n1/1")
                .containsEntry("llama-3-70b @ 1.0", "0.0 %\n0/1");
        assertThat(listOf(script("return " + option("success-heatmap") + ".xAxis[0].data;")))
                .as("temperatures read as the runs page writes them").contains("0.0", "0.7", "1.0");
        assertThat(text("refresh-state")).endsWith("refreshes every 15 s").contains(" UTC;");

        Map<String, Object> sonnet = cells("success-heatmap").stream()
                .filter(cell -> cell.get("key").equals("claude-3-5-sonnet @ 0.7")).findFirst().orElseThrow();
        new Actions(chrome).moveToLocation(((Number) sonnet.get("x")).intValue(), ((Number) sonnet.get("y")).intValue())
                .click().perform();
        new WebDriverWait(chrome, Duration.ofSeconds(10)).until(d -> d.getTitle().startsWith("Runs"));
        assertThat(chrome.getCurrentUrl()).endsWith("/runs?model=claude-3-5-sonnet&temperature=0.7");
        List<WebElement> rows = chrome.findElements(By.cssSelector("#runs tbody tr"));
        assertThat(rows).hasSizeGreaterThanOrEqualTo(16).allSatisfy(row -> {
            assertThat(row.findElements(By.tagName("td")).get(4).getText()).isEqualTo("claude-3-5-sonnet");
            assertThat(row.findElements(By.tagName("td")).get(5).getText()).isEqualTo("0.7");
        });
    }

    @Test
    void theRunsPageReadsAt1400PixelsWithADuration() throws Exception {
        open("/runs?limit=100");
        assertThat(chrome.findElements(By.cssSelector("#runs thead th")).stream().map(WebElement::getText))
                .endsWith("duration");
        assertThat(chrome.findElements(By.cssSelector("#runs td.id, #runs td.status, #runs td.time, #runs td.number, #runs td.word")))
                .isNotEmpty()
                .allSatisfy(cell -> assertThat(((Number) chrome.executeScript("var r = document.createRange();"
                        + " r.selectNodeContents(arguments[0]); return new Set(Array.from(r.getClientRects()).map(function (x)"
                        + " { return Math.round(x.top); })).size;", cell)).intValue())
                        .as("'%s' on one line", cell.getText()).isLessThanOrEqualTo(1));
        WebElement failed = chrome.findElement(By.xpath("//tr[td/a[text()='exp-0006-lambda-timeout']]"));
        assertThat(failed.findElements(By.tagName("td")).get(9).getText()).isEqualTo("15m 3s");
        HeadlessChromium.screenshot(chrome, "runs.png");
    }

    @Test
    void aBidiOverrideReachesEveryPageAsTheRunPageWritesIt() throws Exception {
        open("/");
        waitUntilRendered();
        assertThat(chrome.findElements(By.cssSelector("#stuck-table tr td")).stream().map(WebElement::getText))
                .contains(ScenarioDatabase.BIDI_NAME_SHOWN, ScenarioDatabase.BIDI_MODEL_SHOWN);
        assertThat(listOf(script("return " + option("success-heatmap") + ".yAxis[0].data;")))
                .contains(ScenarioDatabase.BIDI_MODEL_SHOWN);
        open("/runs?q=exp-bidi");
        assertThat(chrome.findElement(By.cssSelector("#runs tbody td.name")).getText()).isEqualTo(ScenarioDatabase.BIDI_NAME_SHOWN);
        chrome.findElement(By.cssSelector("#runs tbody td.name a")).click();
        new WebDriverWait(chrome, Duration.ofSeconds(10)).until(d -> d.getTitle().startsWith("Experiment "));
        assertThat(chrome.findElement(By.cssSelector("h1 .name")).getText()).isEqualTo(ScenarioDatabase.BIDI_NAME_SHOWN);
        assertThat(text("model")).isEqualTo(ScenarioDatabase.BIDI_MODEL_SHOWN);

        Path report = HeadlessChromium.SCREENSHOTS.resolve("report-bidi.html").toAbsolutePath();
        CommandRun written = CommandRun.of("report", "--db", db.url(), "--since", ScenarioDatabase.SINCE, "--at",
                ScenarioDatabase.AT, "--out", report.toString());
        assertThat(written.exitCode()).as(written.err()).isZero();
        chrome.get(report.toUri().toString());
        waitUntilRendered();
        assertThat(chrome.findElements(By.cssSelector("#stuck-table tr td")).stream().map(WebElement::getText))
                .contains(ScenarioDatabase.BIDI_NAME_SHOWN);
    }

    @Test
    void everyCopyTextRunsNothingButAwsWhenPasted() throws Exception {
        List<String> copied = new ArrayList<>();
        for (String name : List.of(ScenarioDatabase.BIDI_NAME, ScenarioDatabase.HOSTILE_NAME, "exp-0006-lambda-timeout")) {
            open("/runs?q=" + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8));
            chrome.findElement(By.cssSelector("#runs tbody td.name a")).click();
            new WebDriverWait(chrome, Duration.ofSeconds(10)).until(d -> d.getTitle().startsWith("Experiment "));
            // Every Copy text is a shell command, but the Logs Insights query, which goes into the console's query box.
            List<WebElement> buttons = chrome.findElements(By.cssSelector("button.copy:not([data-pastes-into])"));
            assertThat(buttons).isNotEmpty();
            assertThat(chrome.findElements(By.cssSelector("button.copy[data-pastes-into]")))
                    .allSatisfy(query -> assertThat(query.getDomAttribute("data-pastes-into")).isEqualTo("logs-insights"));
            for (WebElement button : buttons) {
                copied.add(chrome.findElement(By.id(button.getDomAttribute("data-copy"))).getAttribute("textContent"));
            }
        }
        assertThat(copied).anySatisfy(command -> assertThat(command).contains("describe-execution --execution-arn 'arn:"));
        oriole.recorder.show.PastedCommands.assertOnlyAwsRuns(copied);
    }

    @Test
    void oneRefreshAtATime() {
        open("/");
        waitUntilRendered();
        // Each answer held back a second: the clicks land while the first refresh is in flight.
        script("window.__fetches = 0; var real = window.fetch; window.fetch = function (u, o) { window.__fetches++;"
                + " return new Promise(function (r) { setTimeout(r, 1000); }).then(function () { return real(u, o); }); };");
        for (int i = 0; i < 5; i++) {
            chrome.findElement(By.id("refresh")).click();
        }
        assertThat(((Number) script("return window.__fetches;")).intValue()).as("five clicks, one request").isEqualTo(1);
    }

    @SuppressWarnings("unchecked")
    private static List<Object> listOf(Object value) {
        return (List<Object>) value;
    }

    /** Each cell of a heat map: where a person sees its colour (inside, away from its label and border), what it holds. */
    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> cells(String chartId) {
        return (List<Map<String, Object>>) script("var el = document.getElementById('" + chartId + "');"
                + " var c = echarts.getInstanceByDom(el); var o = c.getOption(); var box = el.getBoundingClientRect();"
                + " var xs = o.xAxis[0].data, ys = o.yAxis[0].data;"
                + " var w = xs.length > 1 ? Math.abs(c.convertToPixel({xAxisIndex: 0}, xs[1]) - c.convertToPixel({xAxisIndex: 0}, xs[0]))"
                + "   : c.getModel().getComponent('grid').coordinateSystem.getRect().width;"
                + " var h = ys.length > 1 ? Math.abs(c.convertToPixel({yAxisIndex: 0}, ys[1]) - c.convertToPixel({yAxisIndex: 0}, ys[0]))"
                + "   : c.getModel().getComponent('grid').coordinateSystem.getRect().height;"
                + " return o.series[0].data.map(function (d) { var v = d.value; var p = c.convertToPixel({seriesIndex: 0}, [v[0], v[1]]);"
                + "   return {key: ys[v[1]] + ' @ ' + xs[v[0]], percent: v[2], count: v[3], runs: v[4],"
                + "     border: d.itemStyle.borderType, borderWidth: d.itemStyle.borderWidth, label: o.series[0].label.formatter({value: v}),"
                + "     x: Math.round(box.left + p[0] + 0.36 * w), y: Math.round(box.top + window.scrollY * 0 + p[1] + 0.36 * h)}; });");
    }

    /** The legend's colour for a percentage: its colour stops spread evenly over 0 to 100, mixed linearly between. */
    private static int[] legendColour(List<Object> stops, double percent) {
        double position = percent / 100 * (stops.size() - 1);
        int low = (int) Math.floor(position);
        int high = Math.min(low + 1, stops.size() - 1);
        double t = position - low;
        int[] a = hex((String) stops.get(low));
        int[] b = hex((String) stops.get(high));
        return new int[] {(int) Math.round(a[0] + (b[0] - a[0]) * t), (int) Math.round(a[1] + (b[1] - a[1]) * t),
            (int) Math.round(a[2] + (b[2] - a[2]) * t)};
    }

    private static int[] onWhite(int[] colour, double opacity) {
        return new int[] {(int) Math.round(colour[0] * opacity + 255 * (1 - opacity)),
            (int) Math.round(colour[1] * opacity + 255 * (1 - opacity)), (int) Math.round(colour[2] * opacity + 255 * (1 - opacity))};
    }

    private static int[] hex(String colour) {
        int value = Integer.parseInt(colour.substring(1), 16);
        return rgb(value);
    }

    private static int[] rgb(int value) {
        return new int[] {(value >> 16) & 0xFF, (value >> 8) & 0xFF, value & 0xFF};
    }

    private static int distance(int[] a, int[] b) {
        return Math.max(Math.abs(a[0] - b[0]), Math.max(Math.abs(a[1] - b[1]), Math.abs(a[2] - b[2])));
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
            List<Object> value = (List<Object>) ((Map<String, Object>) cell).get("value");
            cells.put(models.get(((Number) value.get(1)).intValue()) + " @ " + temperatures.get(((Number) value.get(0)).intValue()),
                    value.get(2) == null ? null : ((Number) value.get(2)).doubleValue());
        }
        return cells;
    }

    /** "model @ temperature" to the 95 % interval diagnose prints for it: {@code field} is execution_success or goal_found. */
    private static Map<String, double[]> expectedIntervals(String field) {
        Map<String, double[]> intervals = new HashMap<>();
        for (JsonNode row : diagnosed.get("success_rates")) {
            intervals.put(cellKey(row), new double[] {row.get(field + "_low").asDouble(), row.get(field + "_high").asDouble()});
        }
        return intervals;
    }

    /** Each cohort's tooltip line of durations, from diagnose's median_seconds and p90_seconds ("" when none finished). */
    private static Map<String, String> expectedDurations() {
        Map<String, String> lines = new HashMap<>();
        for (JsonNode row : diagnosed.get("success_rates")) {
            lines.put(cellKey(row), row.get("median_seconds").isNull() ? "" : "\nfinished runs took: median "
                    + durationText(row.get("median_seconds").asDouble()) + ", p90 " + durationText(row.get("p90_seconds").asDouble()));
        }
        return lines;
    }

    private static String durationText(double seconds) {
        return seconds < 60 ? String.format(java.util.Locale.ROOT, "%.0f s", seconds)
                : seconds < 3600 ? String.format(java.util.Locale.ROOT, "%.1f min", seconds / 60)
                : String.format(java.util.Locale.ROOT, "%.1f h", seconds / 3600);
    }

    private static String cellKey(JsonNode row) {
        // As every page writes them: control characters escaped, temperatures with one decimal at least.
        return oriole.recorder.text.VisibleText.line(row.get("model_name").asText()) + " @ " + (row.get("temperature").isNull()
                ? "(none)" : oriole.recorder.show.CellText.temperature(row.get("temperature").decimalValue()));
    }

    private static Map<String, Double> expectedCells(String percentField) {
        Map<String, Double> cells = new HashMap<>();
        for (JsonNode row : diagnosed.get("success_rates")) {
            cells.put(cellKey(row), row.get(percentField).isNull() ? null : row.get(percentField).asDouble());
        }
        return cells;
    }
}
