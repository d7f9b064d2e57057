package oriole.recorder.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import oriole.recorder.show.ComparisonReport;
import oriole.recorder.store.Cohort;
import oriole.recorder.store.CohortComparison;
import oriole.recorder.store.DiagnosticReader;
import oriole.recorder.window.Window;

/**
 * {@code /api/compare?a=COHORT&b=COHORT&since=…&at=…}: two cohorts (the overview's two picked cells) side by side
 * over the overview's window, with the numbers and the texts {@code diagnose --compare} prints: the same cohort
 * syntax ({@link Cohort#parse}), the same query ({@link CohortComparison}), the same report ({@link ComparisonReport}).
 *
 * @param first  {@code a}
 * @param second {@code b}
 */
record CompareQuery(Window window, Cohort first, Cohort second) {

    static final String ADDRESS = "/api/compare";

    static CompareQuery from(RequestParameters parameters, Window defaults) {
        return new CompareQuery(OverviewQuery.from(parameters, defaults), cohort(parameters, "a"), cohort(parameters, "b"));
    }

    private static Cohort cohort(RequestParameters parameters, String name) {
        String text = parameters.text(name);
        if (text == null) {
            throw new BadRequest(ADDRESS + " takes two cohorts, a and b, each like model=NAME+temperature=0.7"
                    + " (or model=NAME, temperature=0.7); " + name + " is missing");
        }
        try {
            return Cohort.parse(text);
        } catch (IllegalArgumentException e) {
            throw new BadRequest(name + ": " + e.getMessage());
        }
    }

    ObjectNode read(Connection connection, ObjectMapper json) {
        Instant moment = window.moment();
        DiagnosticReader.Parameters parameters = window.parameters(moment);
        long started = System.nanoTime();
        CohortComparison comparison = CohortComparison.read(connection, first, second, parameters.at(), parameters.since());
        long databaseMicros = (System.nanoTime() - started) / 1000;
        ObjectNode report = ComparisonReport.json(comparison, json, window, moment);
        report.put("reading", ComparisonReport.READING);
        report.put("computed_at", Instant.now().truncatedTo(ChronoUnit.MILLIS).toString());
        report.put("database_ms", databaseMicros / 1000.0);
        return report;
    }
}
