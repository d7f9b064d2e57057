package oriole.recorder.cli;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.ibatis.session.SqlSession;
import oriole.recorder.store.DatabaseConnection;
import oriole.recorder.store.MyBatisSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "export",
        description = "The runs started within the window (every run with --since all), oldest first, with their tracking"
                + " columns, model and temperature, failure and duration: CSV or JSON Lines for pandas, DuckDB or a"
                + " notebook. Streamed from a cursor: any number of rows in constant memory.")
final class ExportCommand implements Callable<Integer> {

    @Mixin
    DatabaseOption database;

    @Option(names = "--since", defaultValue = "all", paramLabel = "AGE|all",
            description = "Runs started within this long before --at, e.g. 7d, or all (default: ${DEFAULT-VALUE})")
    String since;

    @Option(names = "--at", paramLabel = "INSTANT", converter = Converters.InstantConverter.class,
            description = "The window ends here, e.g. 2026-01-01T18:00:00Z (default: now)")
    Instant at;

    @Option(names = "--format", required = true, description = "csv or jsonl")
    RunExport.Format format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write here instead of to standard output")
    Path out;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> window = new HashMap<>();
        if (!since.equals("all")) {
            window.put("since", new Converters.IntervalConverter().convert(since).sql());
        }
        if (at != null || window.containsKey("since")) {
            window.put("at", at == null ? "now" : at.toString());
        }
        return database.run(url -> export(url, window));
    }

    private Integer export(String url, Map<String, Object> window) throws Exception {
        Writer writer = out == null ? new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))
                : Files.newBufferedWriter(out, StandardCharsets.UTF_8);
        try (Connection connection = DatabaseConnection.open(url); RunExport rows = new RunExport(format, writer)) {
            // A cursor needs a transaction: the rows come a fetch at a time instead of all at once.
            connection.setAutoCommit(false);
            connection.setReadOnly(true);
            try (SqlSession session = MyBatisSessions.factory().openSession(connection)) {
                session.select("oriole.recorder.store.ExportMapper.runs", window, rows);
            } catch (RuntimeException e) {
                throw DatabaseOption.notMigrated("export", e);
            }
            connection.rollback();
            if (out != null) {
                System.err.printf("export: %d run(s) written to %s%n", rows.written(), out);
            }
        } finally {
            if (out != null) {
                writer.close();
            }
        }
        return RecorderCommand.OK;
    }
}
