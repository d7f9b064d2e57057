package oriole.recorder.web;

import java.util.Map;
import oriole.recorder.show.CellText;

/** The runs page: the filters, one page of experiments (newest first), the links to the newest and the older ones. */
final class RunsPage {

    private RunsPage() {
    }

    static String main(RunsQuery query, RunsQuery.Page page) {
        StringBuilder html = new StringBuilder("<h1>Runs</h1>\n").append(filterForm(query));
        html.append("<p class=\"download\"><a id=\"download-csv\" href=\"").append(Html.escape(query.csvAddress()))
                .append("\" download>Download CSV</a> <span class=\"note\">every run these filters match, all pages,"
                        + " as <code>export --format csv</code> writes it</span></p>\n");
        html.append("<table class=\"runs\" id=\"runs\"><thead><tr><th>id</th><th>execution</th><th>status</th><th>kind</th>")
                .append("<th>model</th><th>temperature</th><th>goal found</th><th>started (UTC)</th><th>completed (UTC)</th>")
                .append("<th>duration</th></tr></thead><tbody>\n");
        for (Map<String, Object> run : page.runs()) {
            String link = "/runs/" + run.get("id");
            html.append("<tr><td class=\"id\"><a href=\"").append(link).append("\">").append(run.get("id")).append("</a></td>")
                    .append("<td class=\"name\"><a href=\"").append(link).append("\">").append(Html.text(run.get("execution_name")))
                    .append("</a></td>")
                    .append(cell(run.get("status") == null ? "NO EVENTS" : run.get("status"), "status"))
                    .append(cell(run.get("kind"), "word"))
                    .append(cell(run.get("model_name"), "name"))
                    .append(cell(CellText.temperature((java.math.BigDecimal) run.get("temperature")), "number"))
                    .append(cell(run.get("goal_found"), "word"))
                    .append(cell(CellText.of(run.get("started_at")), "time"))
                    .append(cell(CellText.of(run.get("completed_at")), "time"))
                    .append(cell(run.get("duration"), "time"))
                    .append("</tr>\n");
        }
        html.append("</tbody></table>\n");
        if (page.runs().isEmpty()) {
            html.append("<p class=\"note\">No run matches.</p>\n");
        }
        html.append("<p class=\"pager\">");
        if (query.before() != null) {
            html.append("<a id=\"newest\" href=\"").append(Html.escape(query.address("/runs", null))).append("\">« newest</a> ");
        }
        if (page.nextBefore() != null) {
            html.append("<a id=\"older\" href=\"").append(Html.escape(query.address("/runs", page.nextBefore())))
                    .append("\">older »</a>");
        }
        return html.append("</p>\n").toString();
    }

    private static String filterForm(RunsQuery query) {
        StringBuilder form = new StringBuilder("<form class=\"filters\" method=\"get\" action=\"/runs\">");
        form.append(select("status", RunsQuery.STATUSES, query.status()))
                .append(select("kind", RunsQuery.KINDS, query.kind()))
                .append(input("model", "model", query.model()))
                .append(input("temperature", "temperature", query.temperatureText()))
                .append(input("name, ARN or id", "q", query.search()))
                .append("<button type=\"submit\">Filter</button> <a href=\"/runs\">clear</a></form>\n");
        return form.toString();
    }

    private static String select(String name, Iterable<String> options, String selected) {
        StringBuilder select = new StringBuilder("<label>").append(name).append(" <select name=\"").append(name)
                .append("\"><option value=\"\">any</option>");
        for (String option : options) {
            select.append("<option").append(option.equals(selected) ? " selected" : "").append('>').append(option)
                    .append("</option>");
        }
        return select.append("</select></label> ").toString();
    }

    private static String input(String label, String name, String value) {
        return "<label>" + label + " <input name=\"" + name + "\" value=\"" + (value == null ? "" : Html.text(value))
                + "\"></label> ";
    }

    private static String cell(Object value, String cssClass) {
        return "<td class=\"" + cssClass + "\">" + Html.text(value) + "</td>";
    }
}
