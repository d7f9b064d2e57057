package oriole.recorder.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;
import oriole.recorder.store.CohortComparison;
import oriole.recorder.store.CohortComparison.Difference;
import oriole.recorder.store.CohortComparison.Rate;
import oriole.recorder.store.CohortComparison.Side;
import oriole.recorder.text.VisibleText;

/** diagnose --compare as a table (percent, one decimal, intervals in brackets) or as JSON (proportions). */
final class CohortReport {

    private CohortReport() {
    }

    static String table(CohortComparison comparison, String window) {
        TextTable table = new TextTable("cohort", "runs", "execution succeeded (95 % interval)", "goal found (95 % interval)");
        row(table, comparison.first().label(), comparison.firstSide());
        row(table, comparison.second().label(), comparison.secondSide());
        table.add("difference (first - second)", "", difference(comparison.success()), difference(comparison.goal()));
        return "compare: runs started " + window + "\n" + table
                + "A difference whose interval excludes 0 is one the runs show at the 95 % level; one that includes 0"
                + " is not (yet).\n";
    }

    static ObjectNode json(CohortComparison comparison, ObjectMapper json) {
        ObjectNode report = json.createObjectNode();
        side(report.putObject("first"), comparison.first().label(), comparison.firstSide());
        side(report.putObject("second"), comparison.second().label(), comparison.secondSide());
        ObjectNode difference = report.putObject("difference");
        interval(difference.putObject("execution_success"), comparison.success().value(), comparison.success().low(),
                comparison.success().high()).put("clear", comparison.success().clear());
        interval(difference.putObject("goal_found"), comparison.goal().value(), comparison.goal().low(),
                comparison.goal().high()).put("clear", comparison.goal().clear());
        return report;
    }

    private static void row(TextTable table, String label, Side side) {
        table.add(VisibleText.line(label), Long.toString(side.runs()),
                rate(side.success(), side.succeeded(), side.runs()), rate(side.goal(), side.goalFound(), side.runs()));
    }

    private static String rate(Rate rate, long count, long runs) {
        if (rate.value() == null) {
            return "- (no runs)";
        }
        return String.format(Locale.ROOT, "%.1f %% (%.1f-%.1f), %d/%d", 100 * rate.value(), 100 * rate.low(),
                100 * rate.high(), count, runs);
    }

    private static String difference(Difference difference) {
        if (difference.value() == null) {
            return "-";
        }
        return String.format(Locale.ROOT, "%+.1f points (%+.1f to %+.1f)%s", 100 * difference.value(),
                100 * difference.low(), 100 * difference.high(), difference.clear() ? "" : ", not clear");
    }

    private static void side(ObjectNode node, String label, Side side) {
        node.put("cohort", label).put("runs", side.runs()).put("succeeded", side.succeeded())
                .put("goal_found", side.goalFound());
        interval(node.putObject("execution_success"), side.success().value(), side.success().low(), side.success().high());
        interval(node.putObject("goal_found_rate"), side.goal().value(), side.goal().low(), side.goal().high());
    }

    private static ObjectNode interval(ObjectNode node, Double value, Double low, Double high) {
        node.put("value", value).put("low", low).put("high", high);
        return node;
    }
}
