package oriole.recorder.cli;

import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Instant;
import java.util.concurrent.Callable;
import oriole.recorder.export.ExportWindow;
import oriole.recorder.export.RunExport;
import oriole.recorder.store.DatabaseConnection;
import oriole.recorder.window.Interval;
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

    @Option(names = "--since", defaultValue = "all", paramLabel = "AGE|all", converter = Converters.IntervalConverter.class,
            description = "Runs started within this long before --at, e.g. 7d, or all (default: ${DEFAULT-VALUE})")
    Interval since;

    @Option(names = "--at", paramLabel = "INSTANT", converter = Converters.InstantConverter.class,
            description = "The window ends here, e.g. 2026-01-01T18:00:00Z (default: now)")
    Instant at;

    @Option(names = "--format", required = true, description = "csv or jsonl")
    RunExport.Format format;

    @Option(names = "--out", paramLabel = "FILE", description = "Write here instead of to standard output")
    Path out;

    @Override
    public Integer call() throws Exception {
        ExportWindow window = new ExportWindow(since, at);
        return database.run(url -> export(url, window));
    }

    private Integer export(String url, ExportWindow window) throws Exception {
        Writer writer = out == null ? new BufferedWriter(new OutputStreamWriter(System.out, StandardCharsets.UTF_8))
                : Files.newBufferedWriter(out, StandardCharsets.UTF_8);
        try (Connection connection = DatabaseConnection.openForReading(url)) {
            connection.setReadOnly(true);
            long written;
            try {
                written = RunExport.write(connection, window.parameters(), format, writer);
            } catch (RuntimeException e) {
                throw DatabaseOption.notMigrated("export", e);
            }
            connection.rollback();
            if (out != null) {
                System.err.printf("export: %d run(s) written to %s%n", written, out);
            }
        } finally {
            if (out != null) {
                writer.close();
            }
        }
        return RecorderCommand.OK;
    }
}
