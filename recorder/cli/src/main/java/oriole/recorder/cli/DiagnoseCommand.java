package oriole.recorder.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.sql.Connection;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import oriole.recorder.show.CellText;
import oriole.recorder.show.ComparisonReport;
import oriole.recorder.show.DiagnosisReport;
import oriole.recorder.store.Cohort;
import oriole.recorder.store.CohortComparison;
import oriole.recorder.store.DatabaseConnection;
import oriole.recorder.store.DiagnosticQueries.Query;
import oriole.recorder.store.DiagnosticReader;
import oriole.recorder.text.ErrorLine;
import oriole.recorder.window.Window;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "diagnose",
        description = "What went wrong: stuck runs, long-running executions, failures by error and kind, details,"
                + " success rates, duplicate SQS processing, ready AWS CLI commands. The queries are"
                + " db/queries/diagnose-failed-experiments.sql, the file psql runs.")
final class DiagnoseCommand implements Callable<Integer> {

    enum Format { table, json }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    @Mixin
    DatabaseOption database;

    @Mixin
    WindowOptions window;

    @Option(names = "--format", defaultValue = "table", description = "table or json (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--compare", paramLabel = "COHORT,COHORT",
            description = "Instead of the report: two cohorts' rates with 95 % intervals and their difference, e.g."
                    + " model=A,model=B or model=A+temperature=0.7,model=B+temperature=0.7")
    String compare;

    @Override
    public Integer call() throws Exception {
        return database.run(this::withDatabase);
    }

    private Integer withDatabase(String url) throws Exception {
        Window chosen = window.window();
        Instant moment = chosen.moment();
        DiagnosticReader.Parameters parameters = chosen.parameters(moment);
        if (compare != null) {
            return compare(url, chosen, moment, parameters);
        }
        DiagnosticReader.Results results;
        try (Connection connection = DatabaseConnection.openForReading(url)) {
            results = DiagnosisReport.read(connection, parameters);
        } catch (RuntimeException e) {
            throw DatabaseOption.notMigrated("diagnose", e);
        }
        if (format == Format.json) {
            System.out.println(JSON.writeValueAsString(DiagnosisReport.json(results, JSON, chosen, moment)));
        } else {
            printTables(results, chosen);
        }
        return RecorderCommand.OK;
    }

    private Integer compare(String url, Window chosen, Instant moment, DiagnosticReader.Parameters parameters)
            throws Exception {
        List<Cohort> cohorts;
        try {
            cohorts = Cohort.pair(compare);
        } catch (IllegalArgumentException e) {
            throw new CommandFailure(e.getMessage());
        }
        CohortComparison comparison;
        try (Connection connection = DatabaseConnection.openForReading(url)) {
            comparison = CohortComparison.read(connection, cohorts.get(0), cohorts.get(1), parameters.at(),
                    parameters.since());
        } catch (RuntimeException e) {
            throw DatabaseOption.notMigrated("diagnose", e);
        }
        if (format == Format.json) {
            System.out.println(JSON.writeValueAsString(ComparisonReport.json(comparison, JSON, chosen, moment)));
        } else {
            System.out.print(CohortReport.table(comparison, "in the " + chosen.since().phrase() + " up to "
                    + (chosen.at() == null ? "now" : chosen.at().toString())));
        }
        return RecorderCommand.OK;
    }

    private static void printTables(DiagnosticReader.Results results, Window window) {
        Map<String, Object> stuck = results.first("stuck_count");
        Map<String, Object> failures = results.first("failure_rate");
        System.out.printf("stuck runs (unfinished, older than %s): %s%n", window.stuckAfter(), stuck.get("stuck_count"));
        System.out.printf("failure rate (%s): %s%% (%s failed of %s finished)%n", window.since().phrase(),
                failures.get("failure_rate_percent") == null ? "-" : CellText.of(failures.get("failure_rate_percent")),
                failures.get("failed"), failures.get("finished"));
        for (Map.Entry<Query, List<Map<String, Object>>> entry : results.byQuery().entrySet()) {
            Query query = entry.getKey();
            if (DiagnosisReport.isCount(query.name())) {
                continue;
            }
            System.out.printf("%n== %s ==%n", query.description());
            List<Map<String, Object>> rows = entry.getValue();
            if (rows.isEmpty()) {
                System.out.println("(none)");
                continue;
            }
            TextTable table = new TextTable(DiagnosisReport.shown(rows.get(0)).keySet().toArray(String[]::new))
                    .keepWhole(DiagnosisReport.COMMAND_COLUMNS);
            for (Map<String, Object> row : rows) {
                table.add(DiagnosisReport.shown(row).values().stream().map(CellText::of).toArray());
            }
            System.out.print(table);
            long more = DiagnosisReport.total(rows) - rows.size();
            if (more > 0) {
                System.out.printf("… and %d more (the first %d shown: --limit N for more)%n", more, rows.size());
            }
        }
    }
}
