package oriole.recorder.show;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import oriole.recorder.store.DiagnosticQueries.Query;
import oriole.recorder.store.DiagnosticReader;
import oriole.recorder.window.Window;

/**
 * The diagnostic queries' results as one JSON document: what {@code diagnose --format json} prints and what the
 * web view's overview draws, so both show the same numbers. The two monitoring counts go under {@code counts},
 * every list under its query's name, each list's full size under {@code totals}.
 */
public final class DiagnosisReport {

    private static final String AWS_CLI_COMMANDS = "aws_cli_commands";
    /** The columns that hold commands: shown whole wherever they are shown. */
    public static final List<String> COMMAND_COLUMNS = List.of("describe_execution", "execution_history", "logs");

    private DiagnosisReport() {
    }

    /** The diagnostic queries for one window, their AWS CLI section turned into commands by {@link AwsCliCommands}. */
    public static DiagnosticReader.Results read(Connection connection, DiagnosticReader.Parameters parameters) {
        DiagnosticReader.Results results = DiagnosticReader.runAll(connection, parameters);
        Map<Query, List<Map<String, Object>>> byQuery = new LinkedHashMap<>(results.byQuery());
        byQuery.replaceAll((query, rows) -> query.name().equals(AWS_CLI_COMMANDS)
                ? rows.stream().map(DiagnosisReport::commands).toList() : rows);
        return new DiagnosticReader.Results(byQuery);
    }

    private static Map<String, Object> commands(Map<String, Object> values) {
        Object started = values.get("started_at");
        OffsetDateTime startedAt = started instanceof OffsetDateTime time ? time
                : started instanceof Timestamp time ? time.toInstant().atOffset(ZoneOffset.UTC) : null;
        AwsCliCommands commands = AwsCliCommands.of((String) values.get("execution_arn"),
                (String) values.get("execution_name"), startedAt, (String) values.get("log_group"));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("execution_name", values.get("execution_name"));
        row.put("describe_execution", commands.describeExecution());
        row.put("execution_history", commands.executionHistory());
        row.put("logs", commands.logs());
        return row;
    }

    /** The report of {@code window} as of {@code moment}. */
    public static ObjectNode json(DiagnosticReader.Results results, ObjectMapper json, Window window, Instant moment) {
        ObjectNode report = json.createObjectNode();
        report.put("at", moment.toString());
        report.put("since", window.since().text());
        report.put("stuck_after", window.stuckAfter().text());
        ObjectNode counts = report.putObject("counts");
        counts.setAll((ObjectNode) json.valueToTree(CellText.row(results.first("stuck_count"))));
        counts.setAll((ObjectNode) json.valueToTree(CellText.row(results.first("failure_rate"))));
        ObjectNode totals = report.putObject("totals");
        for (Map.Entry<Query, List<Map<String, Object>>> entry : results.byQuery().entrySet()) {
            String name = entry.getKey().name();
            if (isCount(name)) {
                continue;
            }
            ArrayNode rows = report.putArray(name);
            entry.getValue().forEach(row -> rows.add(json.valueToTree(CellText.row(shown(row)))));
            totals.put(name, total(entry.getValue()));
        }
        return report;
    }

    /** The two monitoring queries: one row each, shown as numbers rather than lists. */
    public static boolean isCount(String queryName) {
        return queryName.equals("stuck_count") || queryName.equals("failure_rate");
    }

    /** A list's rows without the total column they all carry. */
    public static Map<String, Object> shown(Map<String, Object> row) {
        Map<String, Object> shown = new LinkedHashMap<>(row);
        shown.remove(DiagnosticReader.TOTAL_COLUMN);
        return shown;
    }

    /** How many rows the list has in all (its rows are the first {@code limit} of them). */
    public static long total(List<Map<String, Object>> rows) {
        return rows.isEmpty() || !(rows.get(0).get(DiagnosticReader.TOTAL_COLUMN) instanceof Number total)
                ? rows.size() : total.longValue();
    }
}
