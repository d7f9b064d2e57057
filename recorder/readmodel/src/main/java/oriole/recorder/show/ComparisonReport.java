package oriole.recorder.show;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Locale;
import oriole.recorder.store.CohortComparison;
import oriole.recorder.store.CohortComparison.Difference;
import oriole.recorder.store.CohortComparison.Rate;
import oriole.recorder.store.CohortComparison.Side;
import oriole.recorder.window.Window;

/**
 * Two cohorts compared, as {@code diagnose --compare} prints them and the web view shows them: each rate in percent
 * with one decimal and its interval in brackets, the difference in points, in one place; the JSON adds the
 * proportions (0 to 1) to each text.
 */
public final class ComparisonReport {

    public static final String DIFFERENCE_LABEL = "difference (first - second)";
    public static final String READING = "A difference whose interval excludes 0 is one the runs show at the 95 % level;"
            + " one that includes 0 is not (yet).";

    private ComparisonReport() {
    }

    /** A rate as a cell reads: {@code 43.8 % (23.1-66.8), 7/16}. */
    public static String rate(Rate rate, long count, long runs) {
        if (rate.value() == null) {
            return "- (no runs)";
        }
        return String.format(Locale.ROOT, "%.1f %% (%.1f-%.1f), %d/%d", 100 * rate.value(), 100 * rate.low(),
                100 * rate.high(), count, runs);
    }

    /** A difference as a cell reads: {@code -56.3 points (-76.9 to +26.4), not clear}. */
    public static String difference(Difference difference) {
        if (difference.value() == null) {
            return "-";
        }
        return String.format(Locale.ROOT, "%+.1f points (%+.1f to %+.1f)%s", 100 * difference.value(),
                100 * difference.low(), 100 * difference.high(), difference.clear() ? "" : ", not clear");
    }

    /** {@code diagnose --compare --format json} and {@code /api/compare}: the window, both sides, the differences. */
    public static ObjectNode json(CohortComparison comparison, ObjectMapper json, Window window, Instant moment) {
        ObjectNode report = json.createObjectNode();
        report.put("since", window.since().text());
        report.put("at", moment.toString());
        side(report.putObject("first"), comparison.first().label(), comparison.firstSide());
        side(report.putObject("second"), comparison.second().label(), comparison.secondSide());
        ObjectNode difference = report.putObject("difference");
        difference(difference.putObject("execution_success"), comparison.success());
        difference(difference.putObject("goal_found"), comparison.goal());
        return report;
    }

    private static void side(ObjectNode node, String label, Side side) {
        node.put("cohort", label).put("runs", side.runs()).put("succeeded", side.succeeded())
                .put("goal_found", side.goalFound());
        interval(node.putObject("execution_success"), side.success().value(), side.success().low(), side.success().high())
                .put("text", rate(side.success(), side.succeeded(), side.runs()));
        interval(node.putObject("goal_found_rate"), side.goal().value(), side.goal().low(), side.goal().high())
                .put("text", rate(side.goal(), side.goalFound(), side.runs()));
    }

    private static void difference(ObjectNode node, Difference difference) {
        interval(node, difference.value(), difference.low(), difference.high()).put("clear", difference.clear())
                .put("text", difference(difference));
    }

    private static ObjectNode interval(ObjectNode node, Double value, Double low, Double high) {
        node.put("value", value).put("low", low).put("high", high);
        return node;
    }
}
