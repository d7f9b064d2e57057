package oriole.recorder.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import oriole.recorder.window.Window;

/**
 * The overview as one HTML file that opens anywhere, offline: the charting library, the script, the style and the
 * numbers are all inside it. Its Content-Security-Policy lets it load nothing from anywhere.
 */
final class ReportPage {

    private ReportPage() {
    }

    static String html(Window query, ObjectNode overview) {
        return """
                <!DOCTYPE html>
                <html lang="en">
                <head>
                <meta charset="utf-8">
                <meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; img-src data:">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>oriole experiments report · %s to %s</title>
                <style>%s</style>
                </head>
                <body data-page="overview" data-report="true">
                <header><nav><strong>oriole execution tracking</strong> report</nav></header>
                <main>
                %s
                </main>
                <script type="application/json" id="overview-data">%s</script>
                <script>%s</script>
                <script>%s</script>
                </body>
                </html>
                """.formatted(Html.escape(query.since().phrase()), Html.escape(overview.path("at").asText()),
                Assets.STYLE.text(), OverviewPage.main(query, false), Html.scriptJson(overview.toString()),
                inlineScript(Assets.ECHARTS.text()), inlineScript(Assets.SCRIPT.text()));
    }

    /** A script's text inside a {@code <script>} element: nothing in it may close the element early. */
    private static String inlineScript(String script) {
        return script.replace("</script", "<\\/script");
    }
}
