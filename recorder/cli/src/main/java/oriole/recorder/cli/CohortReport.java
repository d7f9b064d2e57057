package oriole.recorder.cli;

import oriole.recorder.show.ComparisonReport;
import oriole.recorder.store.CohortComparison;
import oriole.recorder.store.CohortComparison.Side;
import oriole.recorder.text.VisibleText;

/** diagnose --compare as a table: the cells as {@link ComparisonReport} writes them (the web view's too). */
final class CohortReport {

    private CohortReport() {
    }

    static String table(CohortComparison comparison, String window) {
        TextTable table = new TextTable("cohort", "runs", "execution succeeded (95 % interval)", "goal found (95 % interval)");
        row(table, comparison.first().label(), comparison.firstSide());
        row(table, comparison.second().label(), comparison.secondSide());
        table.add(ComparisonReport.DIFFERENCE_LABEL, "", ComparisonReport.difference(comparison.success()),
                ComparisonReport.difference(comparison.goal()));
        return "compare: runs started " + window + "\n" + table + ComparisonReport.READING + "\n";
    }

    private static void row(TextTable table, String label, Side side) {
        table.add(VisibleText.line(label), Long.toString(side.runs()),
                ComparisonReport.rate(side.success(), side.succeeded(), side.runs()),
                ComparisonReport.rate(side.goal(), side.goalFound(), side.runs()));
    }
}
