package oriole.recorder.web;

import java.time.Instant;
import oriole.recorder.show.ConsoleLinks;
import oriole.recorder.show.FailureLines;
import oriole.recorder.store.ExperimentRow;

/**
 * The run page's "Why it failed": the failed state, what it ran, the request id (as {@code show} prints them),
 * the CloudWatch Logs Insights query to copy, and links to the execution and the function's log group in the
 * console of the run's region and partition. The page calls no AWS API: the console does, signed in as the
 * user.
 */
final class RunFailureSection {

    private RunFailureSection() {
    }

    static String html(ExperimentRow row, FailureLines failure) {
        if (failure.lines().isEmpty()) {
            return "";
        }
        StringBuilder html = new StringBuilder("<h2>Why it failed</h2>\n<dl class=\"fields\" id=\"why\">\n");
        for (String line : failure.lines()) {
            int colon = line.indexOf(": ");
            String name = line.substring(0, colon);
            html.append("<dt>").append(Html.escape(name)).append("</dt><dd id=\"").append(name.replace(' ', '-')).append("\">")
                    .append(Html.text(line.substring(colon + 2))).append("</dd>\n");
        }
        html.append("</dl>\n");
        String console = ConsoleLinks.execution(row.executionArn());
        if (console != null) {
            html.append("<p><a id=\"console-link\" href=\"").append(Html.escape(console))
                    .append("\" rel=\"noopener noreferrer\" target=\"_blank\">The execution in the Step Functions console (")
                    .append(Html.text(ConsoleLinks.region(row.executionArn()))).append(")</a>");
            String logs = ConsoleLinks.logGroup(row.executionArn(), failure.logGroup());
            if (logs != null) {
                html.append(" · <a id=\"log-group-link\" href=\"").append(Html.escape(logs))
                        .append("\" rel=\"noopener noreferrer\" target=\"_blank\">its log group ")
                        .append(Html.text(failure.logGroup())).append("</a>");
            }
            html.append("</p>\n");
        }
        if (failure.insightsQuery() != null) {
            html.append("<h3>Logs Insights query</h3>\n<p class=\"note\">On ").append(Html.text(failure.logGroup()))
                    .append(", from ").append(Instant.ofEpochMilli(failure.startMillis())).append(" to ")
                    .append(Instant.ofEpochMilli(failure.endMillis())).append(" (UTC).</p>\n")
                    .append("<div class=\"command\"><pre><code id=\"insights-query\">").append(Html.text(failure.insightsQuery()))
                    .append("</code></pre><button type=\"button\" class=\"copy\" data-copy=\"insights-query\""
                            + " data-pastes-into=\"logs-insights\">Copy</button></div>\n");
        }
        return html.toString();
    }
}
