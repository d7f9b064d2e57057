package oriole.recorder.web;

import java.util.List;
import java.util.stream.Stream;
import oriole.recorder.window.Interval;
import oriole.recorder.window.Window;

/**
 * The overview's markup: the places the script fills with the two monitoring numbers, the charts and the stuck
 * runs. The numbers come from {@code /api/overview} (served) or from the data inlined in the file (report), both
 * written by {@link OverviewQuery}.
 */
final class OverviewPage {

    static final List<String> WINDOWS = List.of("1h", "6h", "24h", "7d", "30d", "90d", "all");

    private OverviewPage() {
    }

    static String main(Window query, boolean live) {
        StringBuilder windows = new StringBuilder();
        if (live) {
            windows.append("<form class=\"window\" method=\"get\" action=\"/\"><label>Window <select name=\"since\">");
            List<String> choices = WINDOWS.contains(query.since().text()) ? WINDOWS
                    : Stream.concat(WINDOWS.stream(), Stream.of(query.since().text())).toList();
            for (String window : choices) {
                windows.append("<option value=\"").append(Html.escape(window)).append('"')
                        .append(window.equals(query.since().text()) ? " selected" : "").append('>')
                        .append(Html.escape(Interval.parse(window).phrase())).append("</option>");
            }
            windows.append("</select></label> <button type=\"submit\">Show</button>")
                    .append(" <button type=\"button\" id=\"refresh\">Refresh now</button>")
                    .append(" <span id=\"refresh-state\"></span></form>");
        }
        return """
                <h1>Overview</h1>
                %s
                <p id="window" class="window-line">loading…</p>%s
                <section class="numbers" aria-label="monitoring numbers">
                  <div class="number"><span class="label">Stuck runs</span><span id="stuck-count" class="value">-</span>
                    <span id="stuck-note" class="note"></span></div>
                  <div class="number"><span class="label">Failure rate</span><span id="failure-rate" class="value">-</span>
                    <span id="failure-counts" class="note"></span></div>
                </section>
                <section class="charts">
                  <div class="chart heatmap" id="success-heatmap" role="img" aria-label="Execution succeeded, percent of runs by model and temperature"></div>
                  <div class="chart heatmap" id="goal-heatmap" role="img" aria-label="Goal found, percent of runs by model and temperature"></div>
                  <p id="heatmap-note" class="note"></p>
                  <p id="heatmap-legend" class="note legend"><span class="swatch wide" aria-hidden="true"></span>
                    <span id="heatmap-legend-text"></span></p>%s
                  <div class="chart wide" id="failures-over-time" role="img" aria-label="Failures by kind over time"></div>
                  <div class="chart wide" id="durations" role="img" aria-label="Durations of the runs that finished"></div>
                </section>
                <section>
                  <h2>Stuck runs, oldest first</h2>
                  <table class="runs"><thead><tr><th>id</th><th>execution</th><th>model</th><th>status</th>
                    <th>started (UTC)</th><th>age</th></tr></thead><tbody id="stuck-table"></tbody></table>
                  <p id="stuck-more" class="note"></p>
                </section>
                <section>
                  <h2>Failures by state: which step fails, and how</h2>
                  <table class="runs"><thead><tr><th>failed state</th><th>kind</th><th>failures</th><th>failed in</th>
                    <th>newest example</th></tr></thead><tbody id="failures-by-state-table"></tbody></table>
                  <p id="failures-by-state-more" class="note"></p>
                </section>
                """.formatted(windows, live ? download(query) : "", live ? COMPARE : "");
    }

    /**
     * Two cells side by side (the script fills it from /api/compare); served only: the report has no server to ask.
     */
    private static final String COMPARE = """

              <div class="compare">
                <p><button type="button" id="compare-toggle" aria-pressed="false">Compare two cells</button>
                  <span id="compare-state" class="note"></span></p>
                <div id="comparison" hidden>
                  <table class="runs"><thead><tr><th>cohort</th><th>runs</th><th>execution succeeded (95 % interval)</th>
                    <th>goal found (95 % interval)</th></tr></thead><tbody id="comparison-table"></tbody></table>
                  <p id="comparison-verdict" class="note"></p>
                </div>
              </div>""";

    private static String download(Window query) {
        return "\n<p class=\"download\"><a id=\"download-csv\" href=\"" + Html.escape(csvAddress(query))
                + "\" download>Download CSV</a> <span class=\"note\">the runs started in this window, as"
                + " <code>export --format csv</code> writes them</span></p>";
    }

    /** The window's runs as one CSV file, up to the page's moment (now, when the page follows the clock). */
    static String csvAddress(Window query) {
        return RunsCsv.ADDRESS + "?since=" + query.since().text() + (query.at() == null ? "" : "&at=" + query.at());
    }

    /** The API address the served page reads, with the window it was opened with. */
    static String apiAddress(Window query) {
        StringBuilder address = new StringBuilder("/api/overview?since=").append(query.since().text())
                .append("&stuck_after=").append(query.stuckAfter().text())
                .append("&limit=").append(query.limit());
        if (query.at() != null) {
            address.append("&at=").append(query.at());
        }
        return address.toString();
    }
}
