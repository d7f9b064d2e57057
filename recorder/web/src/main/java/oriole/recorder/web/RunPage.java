package oriole.recorder.web;

import java.time.OffsetDateTime;
import java.util.List;
import oriole.recorder.show.CellText;
import oriole.recorder.show.FailureLines;
import oriole.recorder.show.RunDetails;
import oriole.recorder.store.ExperimentRow;
import oriole.recorder.store.TimelineEvent;

/** One run, as {@code show} prints it: fields, cause, timeline, its SQS message, the AWS CLI commands. */
final class RunPage {

    private RunPage() {
    }

    static String main(RunDetails details, FailureLines failure, OffsetDateTime now) {
        ExperimentRow row = details.row();
        StringBuilder html = new StringBuilder();
        html.append("<h1>Experiment ").append(row.id()).append(" <span class=\"name\">")
                .append(Html.text(row.executionName())).append("</span></h1>\n<dl class=\"fields\">\n");
        field(html, "status", row.statusLine(), "status");
        field(html, "goal found", row.goalFound(), "goal");
        field(html, "failure kind", row.failureKind(), "kind");
        field(html, "failure reason", row.failureReason(), "reason");
        field(html, "error", row.lastErrorError(), "error");
        field(html, "model", row.modelName(), "model");
        field(html, "temperature", CellText.temperature(row.temperature()), "temperature");
        time(html, "started", row.startedAt(), "started");
        time(html, "completed", row.completedAt(), "completed");
        field(html, "duration", details.duration(now), "duration");
        field(html, "execution", row.executionArn(), "execution-arn");
        field(html, "state machine", row.stateMachineArn(), "state-machine");
        field(html, "sqs message", row.sqsMessageId(), "sqs-message");
        html.append("</dl>\n");
        if (row.lastErrorCause() != null) {
            html.append("<h2>Cause</h2>\n<pre id=\"cause\" class=\"cause\">")
                    .append(Html.block(RunDetails.pretty(row.lastErrorCause()))).append("</pre>\n");
        }
        html.append(RunFailureSection.html(row, failure));
        timeline(html, details.timeline());
        sameMessage(html, details);
        commands(html, java.util.stream.Stream.concat(details.awsCliCommands().stream(), failure.awsCliCommands().stream()).toList());
        return html.toString();
    }

    private static void field(StringBuilder html, String name, Object value, String id) {
        html.append("<dt>").append(name).append("</dt><dd id=\"").append(id).append("\">").append(Html.text(value))
                .append("</dd>\n");
    }

    /** UTC in the page; the script adds the browser's own zone. */
    private static void time(StringBuilder html, String name, OffsetDateTime time, String id) {
        html.append("<dt>").append(name).append("</dt><dd id=\"").append(id).append("\">");
        if (time == null) {
            html.append('-');
        } else {
            Object utc = CellText.of(time);
            html.append("<time class=\"local\" datetime=\"").append(utc).append("\">").append(utc).append("</time>");
        }
        html.append("</dd>\n");
    }

    private static void timeline(StringBuilder html, List<TimelineEvent> events) {
        html.append("<h2>Timeline</h2>\n<p class=\"note\">In the order the events happened; # is the order they were"
                + " received (the events of one batch share their receipt time).</p>\n");
        if (events.isEmpty()) {
            html.append("<p id=\"timeline-empty\">(no events recorded)</p>\n");
            return;
        }
        html.append("<table class=\"timeline\" id=\"timeline\"><thead><tr><th>#</th><th>status</th><th>redrive</th>")
                .append("<th>started (UTC)</th><th>stopped (UTC)</th><th>received (UTC)</th><th>error</th></tr></thead><tbody>\n");
        for (TimelineEvent event : events) {
            html.append("<tr><td>").append(event.receivedPosition()).append("</td><td class=\"status\">")
                    .append(Html.text(event.status())).append("</td><td>").append(event.redriveCount())
                    .append("</td><td>").append(Html.text(CellText.of(event.startDate())))
                    .append("</td><td>").append(Html.text(CellText.of(event.stopDate())))
                    .append("</td><td>").append(Html.text(CellText.of(event.receivedAt())))
                    .append("</td><td>").append(Html.text(event.error())).append("</td></tr>\n");
        }
        html.append("</tbody></table>\n");
        for (TimelineEvent event : events) {
            if (event.cause() != null) {
                html.append("<h3>Cause of #").append(event.receivedPosition()).append(" (").append(Html.text(event.status()))
                        .append(", redrive ").append(event.redriveCount()).append(")</h3>\n<pre class=\"cause\">")
                        .append(Html.block(RunDetails.pretty(event.cause()))).append("</pre>\n");
            }
        }
    }

    private static void sameMessage(StringBuilder html, RunDetails details) {
        if (details.row().sqsMessageId() == null) {
            return;
        }
        html.append("<h2>Its SQS message</h2>\n");
        if (details.sameMessage().isEmpty()) {
            html.append("<p id=\"same-message\">No other execution processed this message.</p>\n");
            return;
        }
        html.append("<p>Also processed by:</p>\n<ul id=\"same-message\">\n");
        for (ExperimentRow other : details.sameMessage()) {
            html.append("<li><a href=\"/runs/").append(other.id()).append("\">").append(Html.text(other.executionName()))
                    .append("</a> ").append(Html.text(other.executionStatus())).append(" (experiment ")
                    .append(other.id()).append(")</li>\n");
        }
        html.append("</ul>\n");
    }

    private static void commands(StringBuilder html, List<String> commands) {
        if (commands.isEmpty()) {
            return;
        }
        html.append("<h2>AWS CLI</h2>\n");
        for (int i = 0; i < commands.size(); i++) {
            html.append("<div class=\"command\"><pre><code id=\"command-").append(i).append("\">")
                    .append(Html.text(commands.get(i))).append("</code></pre><button type=\"button\" class=\"copy\"")
                    .append(" data-copy=\"command-").append(i).append("\">Copy</button></div>\n");
        }
    }
}
